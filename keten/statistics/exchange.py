"""Exchange with the world: cases as CTDC rows and HTCDS records, and CTDC files into the analysis area.

Nothing here reads an encrypted field: exports use ``values_list`` on the plain columns only, so no
name, date of birth, contact or document number can end up in a file, and nothing is decrypted.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from keten.audit.log import log_action
from keten.cases.models import Case, MagistrateOpinion
from keten.core import ctdc
from keten.core.i18n import render
from keten.statistics import counting
from keten.statistics.conf import IMPORT_BATCH_SIZE
from keten.statistics.countries import alpha3
from keten.statistics.models import AnalysisDataset, AnalysisPairRecord, AnalysisRecord, AnalysisRejection

#: Keten's gender values and their CTDC ``gender`` ("" is missing).
GENDER_TO_CTDC = {
    "female": ctdc.GENDER_WOMAN,
    "male": ctdc.GENDER_MAN,
    "transgender_non_conforming": ctdc.GENDER_TRANS,
    "unknown": "",
    "": "",
}
#: Keten's gender values and their HTCDS ``prs_Gender``.
GENDER_TO_HTCDS = {
    "female": "Feminine",
    "male": "Masculine",
    "transgender_non_conforming": "NonConforming",
    "unknown": "NonSpecifiedUnknown",
    "": "NonSpecifiedUnknown",
}
#: The five forms (art. 433quinquies) and their HTCDS ``vic_TypeOfExploitation``. HTCDS has no
#: class for forced criminality: "Other".
FORM_TO_HTCDS = {
    "sexual": "SexualExploitation",
    "labour": "ForcedLabour",
    "begging": "ForcedBegging",
    "organ_removal": "OrganRemoval",
    "forced_crime": "Other",
}
#: Keten's forms and the CTDC exploitation flag they set. CTDC classifies begging and illicit
#: activities (forced criminality) as types of forced labour (data dictionary of the global dataset,
#: 2018: ``typeOfLabourBegging``, ``typeOfLabourIllicitActivities``; dropped from the 27 columns with
#: ``typeOfLabourOther``), and organ removal as "other exploitation" (codebook v2, variable 17).
FORM_TO_CTDC_FLAG = {
    "sexual": "isSexualExploit",
    "labour": "isForcedLabour",
    "begging": "isForcedLabour",
    "organ_removal": "isOtherExploit",
    "forced_crime": "isForcedLabour",
}
#: ISIC sections and the CTDC type-of-labour flag they set (for people in labour exploitation).
#: Not section A: the codebook's agriculture is ISIC division 01 only (crop and animal production;
#: forestry, division 02, "is considered distinct"), and Keten records the section, so whether a
#: person in section A worked in division 01 is not known: missing, never guessed.
SECTOR_TO_CTDC_FLAG = {
    "F": "typeOfLabourConstruction",
    "T": "typeOfLabourDomesticWork",
    "I": "typeOfLabourHospitality",
}
#: HTCDS ``vic_MethodsOfControl`` values and the CTDC flag that merges them (codebook v2, appendix II).
MEANS_TO_CTDC_FLAG = {
    "DebtBondage": "meansDebtBondageEarnings",
    "TakesEarnings": "meansDebtBondageEarnings",
    "PhysicalThreats": "meansThreats",
    "ThreatensChildrenFamily": "meansThreats",
    "ThreatsLawEnforcement": "meansThreats",
    "PsychologicalAbuse": "meansAbusePsyPhySex",
    "PhysicalAbuse": "meansAbusePsyPhySex",
    "SexualAbuse": "meansAbusePsyPhySex",
    "FalsePromises": "meansFalsePromises",
    "PsychoactiveSubstance": "meansDrugsAlcohol",
    "RestrictsFinancialAccess": "meansDenyBasicNeeds",
    "RestrictsMedicalCare": "meansDenyBasicNeeds",
    "WithholdsNecessities": "meansDenyBasicNeeds",
    "ExcessiveWorkingHours": "meansExcessiveWorkHours",
    "WithholdsDocuments": "meansWithholdDocs",
}
#: HTCDS ``vic_TypeOfSexExploitation`` values with a CTDC flag (the others have none since v2).
SEX_TYPE_TO_CTDC_FLAG = {
    "Prostitution": "typeOfSexProstitution",
    "Pornography": "typeOfSexPornography",
}
#: ISIC sections and their HTCDS ``vic_ForcedLabourIndustry`` picklist names (HTCDS 2.0).
SECTOR_TO_HTCDS = {
    "A": "A_AgricultureForestryAndFishing",
    "B": "B_MiningAndQuarrying",
    "C": "C_Manufacturing",
    "D": "D_ElectricityGasSteamAndAirConditioningSupply",
    "E": "E_WaterSupplySewerageWasteManagement",
    "F": "F_Construction",
    "G": "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    "H": "H_TransportationAndStorage",
    "I": "I_AccommodationAndFoodServiceActivities",
    "J": "J_InformationAndCommunication",
    "K": "K_FinancialAndInsuranceActivities",
    "L": "L_RealEstateActivities",
    "M": "M_ProfessionalScientificAndTechnicalActivities",
    "N": "N_AdministrativeAndSupportServiceActivities",
    "O": "O_PublicAdministrationAndDefence",
    "P": "P_Education",
    "Q": "Q_HumanHealthAndSocialWorkActivities",
    "R": "R_ArtsEntertainmentAndRecreation",
    "S": "S_OtherServiceActivities",
    "T": "T_ActivitiesOfHouseholdsAsEmployers",
    "U": "U_ActivitiesOfExtraterritorialOrganizations",
}
#: The country where Keten's people are identified and referred: the CTDC's
#: ``CountryOfExploitation`` is "the country where a victim is first supported/assisted, identified
#: and/or referred" (codebook v2, variable 5 and appendix II), for Keten always Belgium.
COUNTRY_OF_IDENTIFICATION = "BEL"
#: The HTCDS 2.0 fields Keten exports, each named as in the field standard
#: (``HTCDS_Field_Standards_2.0.ods``), and no name, birth date, contact, document number or place.
#: HTCDS defines no case identifier: records carry none.
HTCDS_FIELDS: tuple[str, ...] = (
    "org_Type",
    "cas_Status",
    "prs_Gender",
    "prs_Citizenship",
    "vic_TraffickingStatus",
    "vic_TraffickingStatusDecisionMakingOrg",
    "vic_AgeWhenTrafficked",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "hte_Type",
    "hte_Date",
)
_CASE_COLUMNS = (
    "pk",
    "created_at",
    "gender",
    "nationalities",
    "forms",
    "sector",
    "sexual_exploitation_types",
    "means_of_control",
    "state",
    "procedure_state",
    "exploitation_started_on",
    "exploitation_ended_on",
    "age_at_start",
    "age_at_registration",
)


def _case_rows(scope: counting.Scope) -> Iterator[dict[str, Any]]:
    last_opinion = (
        MagistrateOpinion.objects.filter(case=OuterRef("pk"))
        .order_by("-given_on", "-pk")
        .values("opinion")[:1]
    )
    queryset = (
        counting.cases_in(scope)
        .annotate(last_opinion=Subquery(last_opinion))
        .order_by("pk")
        .values(*_CASE_COLUMNS, "last_opinion")
    )
    yield from queryset.iterator(chunk_size=IMPORT_BATCH_SIZE)


def _months_between(start: datetime.date, end: datetime.date) -> int | None:
    if end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def ctdc_citizenship(alpha2: str) -> str:
    """The CTDC ``citizenship`` of a nationality: alpha-3, with Kosovo counted under Serbia."""
    code = alpha3(alpha2)
    return ctdc.KOSOVO_AS if code == ctdc.KOSOVO else code


def ctdc_row(case: dict[str, Any]) -> dict[str, str]:
    """One case as a CTDC row (codebook version 2, written as the published files are): missing is
    empty, flags are "1" or empty, ranges with two hyphens."""
    row = dict.fromkeys(ctdc.COLUMNS, "")
    created = (
        timezone.localtime(case["created_at"])
        if timezone.is_aware(case["created_at"])
        else case["created_at"]
    )
    row["yearOfRegistration"] = str(created.year)
    row["gender"] = GENDER_TO_CTDC.get(case["gender"] or "", "")
    # ageBroad is the age when registered ("assisted/identified/referred"; codebook v2, variable 3).
    age = case.get("age_at_registration")
    if age is not None:
        row["ageBroad"] = ctdc.age_broad(int(age))
    nationalities = case["nationalities"] or []
    if nationalities:
        # CTDC has one citizenship: the first nationality recorded.
        row["citizenship"] = ctdc_citizenship(str(nationalities[0]))
    row["CountryOfExploitation"] = COUNTRY_OF_IDENTIFICATION
    started, ended = case["exploitation_started_on"], case["exploitation_ended_on"]
    if started and ended:
        months = _months_between(started, ended)
        if months is not None:
            row["traffickMonths"] = ctdc.traffick_months(months)
    for means in case.get("means_of_control") or []:
        if means in MEANS_TO_CTDC_FLAG:
            row[MEANS_TO_CTDC_FLAG[means]] = "1"
    forms = case["forms"] or []
    for form in forms:
        flag = FORM_TO_CTDC_FLAG.get(str(form))
        if flag:
            row[flag] = "1"
    if "labour" in forms and case["sector"] in SECTOR_TO_CTDC_FLAG:
        row[SECTOR_TO_CTDC_FLAG[case["sector"]]] = "1"
    if "sexual" in forms:
        for kind in case.get("sexual_exploitation_types") or []:
            if kind in SEX_TYPE_TO_CTDC_FLAG:
                row[SEX_TYPE_TO_CTDC_FLAG[kind]] = "1"
    return row


def ctdc_rows(scope: counting.Scope) -> Iterator[dict[str, str]]:
    for case in _case_rows(scope):
        yield ctdc_row(case)


def write_ctdc(scope: counting.Scope, output: TextIO) -> int:
    """Write the cases of ``scope`` as a CTDC CSV file; returns the number of rows."""
    writer = csv.DictWriter(output, fieldnames=ctdc.COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for row in ctdc_rows(scope):
        writer.writerow(row)
        rows += 1
    return rows


def trafficking_status(case: dict[str, Any]) -> tuple[str, str | None]:
    """HTCDS ``vic_TraffickingStatus`` and the deciding organisation of a case.

    A person guided in the protection procedure is a possible victim until the judiciary decides
    (Aliens Act art. 61/2 to 61/5 [verify numbers]; circular of 23 December 2016; REFERENCE.md §3
    and §11): the unlimited residence is granted on a conviction or when the prosecutor's
    submissions keep the trafficking charge, and the magistrate's latest opinion says whether the
    person is still considered a victim. Both are decisions of a court or prosecutor.
    """
    if case["procedure_state"] == "permanent" or case.get("last_opinion") == "positive":
        return "ActualVictimOfTrafficking", "CourtOrProsecution"
    if case.get("last_opinion") == "negative":
        return "NotAVictimOfTrafficking", "CourtOrProsecution"
    return "PossibleVictimOfTrafficking", None


def htcds_record(case: dict[str, Any]) -> dict[str, Any]:
    """One case as an HTCDS 2.0 record, limited to :data:`HTCDS_FIELDS`; null is not known.

    The exploitation is a historic trafficking event as the standard defines it (``hte_Type``
    "Exploitation", ``hte_Date`` the day it started); Keten records no other event.
    """
    forms = case["forms"] or []
    started = case["exploitation_started_on"]
    age = case.get("age_at_start")
    status, decided_by = trafficking_status(case)
    sector = case["sector"] or ""
    return {
        "org_Type": "NGO",
        "cas_Status": "Active" if case["state"] == Case.FileState.OPEN else "Closed",
        "prs_Gender": GENDER_TO_HTCDS.get(case["gender"] or "", "NonSpecifiedUnknown"),
        "prs_Citizenship": [alpha3(str(code)) for code in case["nationalities"] or [] if alpha3(str(code))],
        "vic_TraffickingStatus": status,
        "vic_TraffickingStatusDecisionMakingOrg": decided_by,
        "vic_AgeWhenTrafficked": int(age) if age is not None else None,
        "vic_MethodsOfControl": sorted(set(case.get("means_of_control") or [])),
        "vic_TypeOfExploitation": sorted({FORM_TO_HTCDS[f] for f in forms if f in FORM_TO_HTCDS}),
        # The industry of the forced labour: only for people in labour exploitation.
        "vic_ForcedLabourIndustry": SECTOR_TO_HTCDS.get(sector) if "labour" in forms else None,
        "vic_TypeOfSexExploitation": (
            sorted(set(case.get("sexual_exploitation_types") or [])) if "sexual" in forms else []
        ),
        "hte_Type": "Exploitation" if started else None,
        "hte_Date": started.isoformat() if started else None,
    }


def htcds_records(scope: counting.Scope) -> Iterator[dict[str, Any]]:
    for case in _case_rows(scope):
        yield htcds_record(case)


# --- Import --------------------------------------------------------------------------------------

#: At most this many rejected rows are kept with their reasons; all are counted.
KEPT_REJECTIONS = 1000


@dataclass
class ImportResult:
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    rejections: list[tuple[int, str, str]] = field(default_factory=list)
    dataset: AnalysisDataset | None = None
    format: ctdc.Format | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def format_title(self) -> str:
        return _(self.format.title) if self.format else ""


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class _Target:
    """Where the rows of one format go: the model, its columns, and the file's column for each."""

    model: type[models.Model]
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    flags: tuple[str, ...]


_TARGETS: dict[str, _Target] = {
    ctdc.GLOBAL.slug: _Target(
        model=AnalysisRecord,
        fields=(
            "year_of_registration",
            "gender",
            "age_broad",
            "citizenship",
            "country_of_exploitation",
            "traffick_months",
        ),
        columns=(
            "yearOfRegistration",
            "gender",
            "ageBroad",
            "citizenship",
            "CountryOfExploitation",
            "traffickMonths",
        ),
        flags=ctdc.FLAG_COLUMNS,
    ),
    ctdc.VICTIM_PERPETRATOR.slug: _Target(
        model=AnalysisPairRecord,
        fields=(
            "year_group",
            "gender",
            "majority_status",
            "citizenship_region",
            "exploitation_region",
            "exploiter_gender",
            "exploiter_age",
            "exploiter_region",
            "relation",
            "paid_money",
        ),
        columns=(
            "yearRegister",
            "gender",
            "majorityStatus",
            "UN_COO_Region",
            "UN_COE_Region",
            "IP_Gender",
            "IP_ageBroad",
            "IP_citizen_UNRegion",
            "IP_Relation",
            "IP_PayMoney",
        ),
        flags=ctdc.VP_FLAG_COLUMNS,
    ),
}


def _record(target: _Target, dataset_id: int, row: dict[str, str]) -> tuple[Any, ...]:
    """One valid row as the values of the target's model: ``dataset_id``, its fields, ``flags``."""
    flags = 0
    for index, name in enumerate(target.flags):
        if row[name] == "1":
            flags |= 1 << index
    values: list[Any] = [row[column] for column in target.columns]
    if target.model is AnalysisRecord:
        values[0] = int(values[0]) if values[0] else None
    return (dataset_id, *values, flags)


def _insert_records(target: _Target, rows: list[tuple[Any, ...]]) -> None:
    """Write one batch of records with a single ``executemany`` (no model instances: flat and fast)."""
    quote = connection.ops.quote_name
    names = ("dataset_id", *target.fields, "flags")
    columns = ", ".join(quote(name) for name in names)  # the columns are named as the fields
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(target.model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )


def import_ctdc(
    lines: Iterable[str],
    *,
    name: str,
    actor: Any = None,
    partial: bool = False,
    current_year: int | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
) -> ImportResult:
    """Read a CTDC file, in either published format, into a new :class:`AnalysisDataset`.

    The first line decides the format (the 27 columns of the Global Synthetic Dataset or the 16 of
    the Victim-Perpetrator dataset); any other first line refuses the file whole, naming both. By
    default the import is all or nothing: one row that breaks the format and nothing is imported,
    and the result lists which rows and why. With ``partial`` the good rows are imported and the
    others reported (line, column, reason). Either way nothing is ever half-imported: the file is
    read as a stream and written in batches inside one transaction, and any failure (a byte that is
    not UTF-8, a broken CSV quote) rolls everything back.
    """
    result = ImportResult()
    if current_year is None:
        current_year = timezone.localdate().year
    reader = csv.reader(iter(lines))
    try:
        header = next(reader)
    except StopIteration:
        header = []
    except (csv.Error, UnicodeDecodeError) as error:
        result.error = _("The file could not be read as CSV in UTF-8: %(error)s. Nothing was imported.") % {
            "error": str(error)[:100]
        }
        return result
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [column.strip() for column in header]
    fmt = ctdc.detect_format(header)
    if fmt is None:
        problem = ctdc.header_problem(header)
        result.error = " ".join((render(problem, _) if problem else "", _("Nothing was imported.")))
        return result
    result.format = fmt
    header = ctdc.canonical_header(fmt, header)
    target = _TARGETS[fmt.slug]
    width = len(header)
    try:
        with transaction.atomic():
            dataset = AnalysisDataset.objects.create(name=name, kind=fmt.slug, created_by=actor)
            batch: list[tuple[Any, ...]] = []
            rejections: list[AnalysisRejection] = []
            try:
                for values in reader:
                    line = reader.line_num
                    if not values or values == [""]:
                        continue
                    result.rows_read += 1
                    if len(values) != width:
                        message = _("This row has %(found)s fields; the first line names %(expected)s.") % {
                            "found": len(values),
                            "expected": width,
                        }
                        _reject(result, rejections, dataset, line, "", message)
                        continue
                    row, errors = ctdc.read_row(
                        fmt, dict(zip(header, values, strict=True)), current_year=current_year
                    )
                    if errors:
                        message = " ".join(f"{error.field}: {render(error.message, _)}" for error in errors)
                        _reject(result, rejections, dataset, line, errors[0].field, message)
                        continue
                    if result.rows_rejected and not partial:
                        continue  # all or nothing: only look for more rejected rows
                    batch.append(_record(target, dataset.pk, row))
                    if len(batch) >= batch_size:
                        _insert_records(target, batch)
                        result.rows_imported += len(batch)
                        batch = []
            except (csv.Error, UnicodeDecodeError) as error:
                result.error = _(
                    "The file could not be read as CSV in UTF-8 after line %(line)s: %(error)s. "
                    "Nothing was imported."
                ) % {"line": reader.line_num, "error": str(error)[:100]}
                raise _Rollback from error
            if result.rows_rejected and not partial:
                result.error = _(
                    "Nothing was imported: %(rejected)s of %(read)s rows break the CTDC format (the rows "
                    "and the reasons are listed). Correct them and import the file again, or import "
                    "only the correct rows."
                ) % {"rejected": result.rows_rejected, "read": result.rows_read}
                raise _Rollback
            if batch:
                _insert_records(target, batch)
                result.rows_imported += len(batch)
            if rejections:
                AnalysisRejection.objects.bulk_create(rejections)
            dataset.rows_read = result.rows_read
            dataset.rows_imported = result.rows_imported
            dataset.rows_rejected = result.rows_rejected
            dataset.save(update_fields=["rows_read", "rows_imported", "rows_rejected"])
            result.dataset = dataset
    except _Rollback:
        result.rows_imported = 0
        result.dataset = None
    return result


def _reject(
    result: ImportResult,
    rejections: list[AnalysisRejection],
    dataset: AnalysisDataset,
    line: int,
    column: str,
    message: str,
) -> None:
    result.rows_rejected += 1
    if len(result.rejections) < KEPT_REJECTIONS:
        result.rejections.append((line, column, message))
        rejections.append(
            AnalysisRejection(dataset=dataset, line=line, column=column[:40], reason=message[:300])
        )


def delete_dataset(*, dataset: AnalysisDataset, actor: Any = None) -> int:
    """Delete an imported dataset with its records and rejections (audited); returns the records."""
    records = dataset.records.count() + dataset.pair_records.count()
    with transaction.atomic():
        log_action(
            "statistics.dataset_deleted",
            actor=actor,
            obj=dataset,
            data={"kind": dataset.kind, "records": records},
        )
        dataset.delete()
    return records


def decoded_lines(upload: Any) -> Iterator[str]:
    """The lines of an uploaded file as text (UTF-8, with or without a byte-order mark)."""
    wrapper = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="strict", newline="")
    yield from wrapper
