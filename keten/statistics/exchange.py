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

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keten.cases.models import Case
from keten.core import ctdc
from keten.core.i18n import render
from keten.encryption import lookup_hash
from keten.statistics import counting
from keten.statistics.conf import IMPORT_BATCH_SIZE
from keten.statistics.countries import alpha3
from keten.statistics.models import AnalysisDataset, AnalysisRecord, AnalysisRejection

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
#: The five forms (art. 433quinquies) and their HTCDS ``vic_TypeOfExploitation``.
FORM_TO_HTCDS = {
    "sexual": "SexualExploitation",
    "labour": "ForcedLabour",
    "begging": "ForcedBegging",
    "organ_removal": "OrganRemoval",
    "forced_crime": "Other",
}
#: Keten's forms and the CTDC exploitation flag they set.
FORM_TO_CTDC_FLAG = {
    "sexual": "isSexualExploit",
    "labour": "isForcedLabour",
    "begging": "isOtherExploit",
    "organ_removal": "isOtherExploit",
    "forced_crime": "isOtherExploit",
}
#: ISIC sections and the CTDC type-of-labour flag they set (for people in forced labour).
SECTOR_TO_CTDC_FLAG = {
    "A": "typeOfLabourAgriculture",
    "F": "typeOfLabourConstruction",
    "T": "typeOfLabourDomesticWork",
    "I": "typeOfLabourHospitality",
}
#: The HTCDS fields Keten exports: those of REFERENCE.md section 8 that Keten records, and no
#: name, birth date, contact, document number or place.
HTCDS_FIELDS: tuple[str, ...] = (
    "cas_CaseId",
    "cas_Status",
    "cas_OpenedYear",
    "org_Type",
    "prs_Gender",
    "prs_Citizenship",
    "vic_AgeWhenTrafficked",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "hte_Exploitation",
)
_CASE_COLUMNS = (
    "pk",
    "created_at",
    "gender",
    "nationalities",
    "forms",
    "sector",
    "state",
    "exploitation_started_on",
    "exploitation_ended_on",
)


def _case_rows(scope: counting.Scope) -> Iterator[dict[str, Any]]:
    columns = list(_CASE_COLUMNS)
    if counting.has_age_field():
        columns.append(counting.AGE_FIELD)
    queryset = counting.cases_in(scope).order_by("pk").values(*columns)
    yield from queryset.iterator(chunk_size=IMPORT_BATCH_SIZE)


def _months_between(start: datetime.date, end: datetime.date) -> int | None:
    if end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def ctdc_row(case: dict[str, Any]) -> dict[str, str]:
    """One case as a CTDC row (codebook version 2): missing is empty, flags are "1" or empty."""
    row = dict.fromkeys(ctdc.COLUMNS, "")
    created = (
        timezone.localtime(case["created_at"])
        if timezone.is_aware(case["created_at"])
        else case["created_at"]
    )
    row["yearOfRegistration"] = str(created.year)
    row["gender"] = GENDER_TO_CTDC.get(case["gender"] or "", "")
    age = case.get(counting.AGE_FIELD)
    if age is not None:
        row["ageBroad"] = ctdc.age_broad(int(age))
    nationalities = case["nationalities"] or []
    if nationalities:
        # CTDC has one citizenship: the first nationality recorded.
        row["citizenship"] = alpha3(str(nationalities[0]))
    started, ended = case["exploitation_started_on"], case["exploitation_ended_on"]
    if started and ended:
        months = _months_between(started, ended)
        if months is not None:
            row["traffickMonths"] = ctdc.traffick_months(months)
    forms = case["forms"] or []
    for form in forms:
        flag = FORM_TO_CTDC_FLAG.get(str(form))
        if flag:
            row[flag] = "1"
    if "labour" in forms and case["sector"] in SECTOR_TO_CTDC_FLAG:
        row[SECTOR_TO_CTDC_FLAG[case["sector"]]] = "1"
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


def htcds_record(case: dict[str, Any]) -> dict[str, Any]:
    """One case as an HTCDS v2.0 record, limited to :data:`HTCDS_FIELDS`."""
    created = (
        timezone.localtime(case["created_at"])
        if timezone.is_aware(case["created_at"])
        else case["created_at"]
    )
    started, ended = case["exploitation_started_on"], case["exploitation_ended_on"]
    event: dict[str, Any] | None = None
    if started or ended:
        event = {
            "hte_Type": "Exploitation",
            "hte_StartDate": started.isoformat() if started else None,
            "hte_EndDate": ended.isoformat() if ended else None,
        }
    age = case.get(counting.AGE_FIELD)
    return {
        # A keyed hash of the case number: stable between exports, meaningless outside Keten.
        "cas_CaseId": lookup_hash(str(case["pk"]), purpose="htcds-export")[:32],
        "cas_Status": "Active" if case["state"] == Case.FileState.OPEN else "Closed",
        "cas_OpenedYear": created.year,
        "org_Type": "NGO",
        "prs_Gender": GENDER_TO_HTCDS.get(case["gender"] or "", "NonSpecifiedUnknown"),
        "prs_Citizenship": [alpha3(str(code)) for code in case["nationalities"] or [] if alpha3(str(code))],
        "vic_AgeWhenTrafficked": int(age) if age is not None else None,
        "vic_TypeOfExploitation": sorted(
            {FORM_TO_HTCDS[f] for f in case["forms"] or [] if f in FORM_TO_HTCDS}
        ),
        "vic_ForcedLabourIndustry": case["sector"] or None,
        "hte_Exploitation": event,
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
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


class NotCtdcFile(Exception):
    pass


class _Rollback(Exception):
    pass


def _header_problem(header: list[str] | None) -> str:
    if not header:
        return _("The file is empty: a CTDC file starts with a line naming its 27 columns.")
    missing = [name for name in ctdc.COLUMNS if name not in header]
    unknown = [name for name in header if name not in ctdc.COLUMNS]
    duplicates = len(header) != len(set(header))
    if not missing and not unknown and not duplicates:
        return ""
    parts = [_("This is not a CTDC file: its first line must name the 27 CTDC columns.")]
    if missing:
        parts.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing[:10])})
    if unknown:
        parts.append(
            _("Columns that are not in the CTDC format: %(columns)s.") % {"columns": ", ".join(unknown[:10])}
        )
    if duplicates:
        parts.append(_("A column is named twice."))
    return " ".join(parts)


_RECORD_FIELDS = (
    "dataset_id",
    "year_of_registration",
    "gender",
    "age_broad",
    "citizenship",
    "country_of_exploitation",
    "traffick_months",
    "flags",
)


def _record(dataset_id: int, row: dict[str, str]) -> tuple[Any, ...]:
    """One valid row as the values of an :class:`AnalysisRecord`, in :data:`_RECORD_FIELDS` order."""
    flags = 0
    for index, name in enumerate(ctdc.FLAG_COLUMNS):
        if row[name] == "1":
            flags |= 1 << index
    year = row["yearOfRegistration"]
    return (
        dataset_id,
        int(year) if year else None,
        row["gender"],
        row["ageBroad"],
        row["citizenship"],
        row["CountryOfExploitation"],
        row["traffickMonths"],
        flags,
    )


def _insert_records(rows: list[tuple[Any, ...]]) -> None:
    """Write one batch of records with a single ``executemany`` (no model instances: flat and fast)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _RECORD_FIELDS)  # the columns are named as the fields
    marks = ", ".join(["%s"] * len(_RECORD_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(AnalysisRecord._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )


def import_ctdc(
    lines: Iterable[str],
    *,
    name: str,
    actor: Any = None,
    strict: bool = False,
    current_year: int | None = None,
    batch_size: int = IMPORT_BATCH_SIZE,
) -> ImportResult:
    """Read a CTDC-format CSV into a new :class:`AnalysisDataset`, in one transaction.

    The file is read as a stream and written in batches, so memory stays flat. A file whose first
    line does not name the 27 columns is refused whole. Rows that break the codebook are rejected
    with the reason (line and column) and the others imported; with ``strict``, one rejected row
    means nothing is imported. Either way nothing is ever half-imported: any failure rolls back.
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
        result.error = _("The file could not be read as CSV in UTF-8: %(error)s.") % {
            "error": str(error)[:100]
        }
        return result
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    header = [column.strip() for column in header]
    problem = _header_problem(header)
    if problem:
        result.error = problem
        return result
    width = len(header)
    try:
        with transaction.atomic():
            dataset = AnalysisDataset.objects.create(name=name, created_by=actor)
            batch: list[tuple[Any, ...]] = []
            rejections: list[AnalysisRejection] = []
            try:
                for values in reader:
                    line = reader.line_num
                    if not values:
                        continue
                    result.rows_read += 1
                    if len(values) != width:
                        message = _("This row has %(found)s fields; the first line names %(expected)s.") % {
                            "found": len(values),
                            "expected": width,
                        }
                        _reject(result, rejections, dataset, line, "", message)
                        continue
                    row = dict(zip(header, values, strict=True))
                    errors = ctdc.validate_row(row, current_year=current_year)
                    if errors:
                        message = " ".join(f"{error.field}: {render(error.message, _)}" for error in errors)
                        _reject(result, rejections, dataset, line, errors[0].field, message)
                        continue
                    batch.append(_record(dataset.pk, row))
                    if len(batch) >= batch_size:
                        _insert_records(batch)
                        result.rows_imported += len(batch)
                        batch = []
            except (csv.Error, UnicodeDecodeError) as error:
                result.error = _(
                    "The file could not be read as CSV in UTF-8 after line %(line)s: %(error)s."
                ) % {
                    "line": reader.line_num,
                    "error": str(error)[:100],
                }
                raise _Rollback from error
            if batch:
                _insert_records(batch)
                result.rows_imported += len(batch)
            if rejections:
                AnalysisRejection.objects.bulk_create(rejections)
            if strict and result.rows_rejected:
                result.error = _(
                    "Nothing was imported: %(rejected)s of %(read)s rows break the CTDC format. "
                    "Correct them and import the file again."
                ) % {"rejected": result.rows_rejected, "read": result.rows_read}
                raise _Rollback
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


def decoded_lines(upload: Any) -> Iterator[str]:
    """The lines of an uploaded file as text (UTF-8, with or without a byte-order mark)."""
    wrapper = io.TextIOWrapper(upload, encoding="utf-8-sig", errors="strict", newline="")
    yield from wrapper
