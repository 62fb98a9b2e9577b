"""Figures of an imported CTDC dataset, and Belgium's figures next to it.

The same rules as Keten's own figures (:mod:`keten.statistics.counting`, docs/statistics.md): a
row of the file is counted once in each of its values (several values in one cell, several flags
of a group), missing is a "not known" row and never zero, and shares are of the rows *with*
information (CTDC codebook v2, section 6). Every table goes through the same disclosure control as
Keten's tables (:func:`keten.statistics.tables.one_way` and :func:`~keten.statistics.tables.two_way`):
:func:`dataset_tables` and :func:`comparisons` are the two places that publish.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keten.core import ctdc
from keten.knowledge.names import country_name
from keten.statistics import counting, tables
from keten.statistics.conf import min_count
from keten.statistics.counting import UNKNOWN, Key, Scope
from keten.statistics.countries import ALPHA3_TO_ALPHA2
from keten.statistics.models import AnalysisDataset, AnalysisPairRecord, AnalysisRecord
from keten.statistics.tables import CellView, StatTable

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LABELS: dict[str, StrOrPromise] = {
    # Genders (global dataset, then the victim-perpetrator dataset).
    ctdc.GENDER_WOMAN: gettext_lazy("Woman"),
    ctdc.GENDER_MAN: gettext_lazy("Man"),
    ctdc.GENDER_TRANS: gettext_lazy("Transgender or gender non-conforming"),
    "Female": gettext_lazy("Female"),
    "Male": gettext_lazy("Male"),
    "Adult": gettext_lazy("Adult"),
    "Minor": gettext_lazy("Minor"),
    "Yes": gettext_lazy("Yes"),
    "No": gettext_lazy("No"),
    # Forms of exploitation (flags).
    "isForcedLabour": gettext_lazy("Forced labour"),
    "isSexualExploit": gettext_lazy("Sexual exploitation"),
    "isOtherExploit": gettext_lazy("Other exploitation"),
    # Type of labour, type of sexual exploitation.
    "typeOfLabourAgriculture": gettext_lazy("Agriculture"),
    "typeOfLabourConstruction": gettext_lazy("Construction"),
    "typeOfLabourDomesticWork": gettext_lazy("Domestic work"),
    "typeOfLabourHospitality": gettext_lazy("Hospitality"),
    "typeOfSexProstitution": gettext_lazy("Prostitution"),
    "typeOfSexPornography": gettext_lazy("Pornography"),
    # Means of control.
    "meansDebtBondageEarnings": gettext_lazy("Debt bondage or earnings taken"),
    "meansThreats": gettext_lazy("Threats to the person or their family"),
    "meansAbusePsyPhySex": gettext_lazy("Psychological, physical or sexual abuse"),
    "meansFalsePromises": gettext_lazy("False promises"),
    "meansDrugsAlcohol": gettext_lazy("Alcohol or drugs"),
    "meansDenyBasicNeeds": gettext_lazy("Restricted money, movement, medical care or necessities"),
    "meansExcessiveWorkHours": gettext_lazy("Excessive working hours"),
    "meansWithholdDocs": gettext_lazy("Documents withheld"),
    # Relation to the recruiter.
    "recruiterRelationIntimatePartner": gettext_lazy("Intimate partner"),
    "recruiterRelationFriend": gettext_lazy("Friend"),
    "recruiterRelationFamily": gettext_lazy("Family member"),
    "recruiterRelationOther": gettext_lazy("Other relation"),
    # Victim-perpetrator dataset: relation, roles, regions.
    "FamilyIntimatePartner": gettext_lazy("Family or intimate partner"),
    "FriendAcquaintance": gettext_lazy("Friend or acquaintance"),
    "StrangerUnknownOther": gettext_lazy("Stranger, unknown or other"),
    "IP_Exploiter": gettext_lazy("Exploiter"),
    "IP_RecruiterBroker": gettext_lazy("Recruiter or broker"),
    "IP_TransactionProcess": gettext_lazy("Transport, transfer, harbouring, sale or purchase"),
    "IP_ControlAbuseKidnap": gettext_lazy("Control, abuse or kidnapping"),
    "Africa": gettext_lazy("Africa"),
    "Americas/Oceania": gettext_lazy("Americas and Oceania"),
    "Asia": gettext_lazy("Asia"),
    "Europe": gettext_lazy("Europe"),
}

MULTI_NOTE = gettext_lazy(
    "A row of the file counts once in each of its values and once in the total, so the rows of this "
    "table can add up to more than the total."
)
FLAG_NOTE = gettext_lazy(
    "A row counts once in each category marked in the file; rows with none marked are “not known”, "
    "and shares are of the rows with at least one (CTDC codebook, section 6)."
)
PAIR_NOTE = gettext_lazy(
    "Each row of this dataset is a victim and their exploiter or exploiters, as CTDC publishes it: a "
    "victim with several exploiters can be in several rows."
)
OTHER_COUNTRIES = "__other__"


def _label(key: Key) -> str:
    if key is UNKNOWN:
        return _("Not known")
    if key in LABELS:
        return str(LABELS[key])
    return ctdc.display_range(key)


def _country_label(key: Key) -> str:
    if key is UNKNOWN:
        return _("Not known")
    if key == OTHER_COUNTRIES:
        return _("Other countries")
    return country_name(ALPHA3_TO_ALPHA2.get(key, key))


# --- Counting ----------------------------------------------------------------------------------


def _values(queryset: QuerySet[Any], field: str) -> Counter[Key]:
    """Rows per value of a column; a cell with several values counts once in each; "" is not known."""
    counts: Counter[Key] = Counter()
    for row in queryset.order_by().values(field).annotate(rows=Count("id")):
        values = ctdc.split(row[field])
        if not values:
            counts[UNKNOWN] += row["rows"]
        for value in values:
            counts[value] += row["rows"]
    return counts


def _by_year(queryset: QuerySet[Any], year: str, field: str) -> Counter[tuple[Any, Key]]:
    counts: Counter[tuple[Any, Key]] = Counter()
    for row in queryset.order_by().values(year, field).annotate(rows=Count("id")):
        values: list[Key] = [*ctdc.split(row[field])] or [UNKNOWN]
        for value in values:
            counts[(row[year] or None, value)] += row["rows"]
    return counts


def _flags(queryset: QuerySet[Any], columns: Sequence[str], group: Sequence[str]) -> Counter[Key]:
    """Rows per flag of a group; rows with no flag of the group set under :data:`UNKNOWN`."""
    bits = {name: 1 << columns.index(name) for name in group}
    mask = sum(bits.values())
    flags = F("flags")
    totals = queryset.order_by().aggregate(
        **{
            f"flag{index}": Count("id", filter=GreaterThan(flags.bitand(bit), 0))
            for index, bit in enumerate(bits.values())
        },
        none=Count("id", filter=Exact(flags.bitand(mask), 0)),
    )
    counts: Counter[Key] = Counter()
    for index, name in enumerate(bits):
        counts[name] = totals[f"flag{index}"] or 0
    if totals["none"]:
        counts[UNKNOWN] = totals["none"]
    return counts


def _one_way(
    slug: str, title: str, header: str, keys: Sequence[Key], counts: Counter[Key], people: int, note: str = ""
) -> StatTable:
    return tables.one_way(
        slug=slug,
        title=title,
        row_header=header,
        keys=list(keys),
        counts=counts,
        label=_label,
        people=people,
        counting_note=note,
    )


def _countries(slug: str, title: str, header: str, counts: Counter[Key], people: int) -> StatTable:
    """Countries with at least the threshold of rows by name, the others together."""
    threshold = min_count()
    grouped: Counter[Key] = Counter()
    for key, rows in counts.items():
        grouped[key if key is UNKNOWN or rows >= threshold else OTHER_COUNTRIES] += rows
    keys: list[Key] = sorted(
        (key for key in grouped if key not in (UNKNOWN, OTHER_COUNTRIES)), key=lambda key: _country_label(key)
    )
    if grouped.get(OTHER_COUNTRIES):
        keys.append(OTHER_COUNTRIES)
    return tables.one_way(
        slug=slug,
        title=title,
        row_header=header,
        keys=keys,
        counts=grouped,
        label=_country_label,
        people=people,
        counting_note=str(MULTI_NOTE),
        without_share=frozenset({OTHER_COUNTRIES}),
    )


def _year_by(
    slug: str,
    title: str,
    counts: Counter[tuple[Any, Key]],
    rows: Sequence[Any],
    columns: Sequence[Key],
    *,
    multi: bool,
) -> StatTable:
    """Rows by year and gender. Where a cell holds several genders, the row counts in each, so the
    sums would count mentions, not rows: then no totals are published (``multi``)."""
    return tables.two_way(
        slug=slug,
        title=title,
        row_header=_("Year of registration"),
        row_keys=list(rows),
        row_label=lambda key: _("Not known") if key is None else str(key),
        column_keys=list(columns),
        column_label=_label,
        counts=counts,
        multi=multi,
        totals_label=_("Total of rows"),
    )


def global_tables(dataset: AnalysisDataset) -> list[StatTable]:
    """The tables of a Global Synthetic Dataset: one row per victim."""
    records = AnalysisRecord.objects.filter(dataset=dataset)
    people = records.count()
    columns = ctdc.FLAG_COLUMNS
    by_year = _by_year(records, "year_of_registration", "gender")
    years = sorted({year for year, _gender in by_year if year is not None})
    year_rows: list[Any] = list(range(years[0], years[-1] + 1)) if years else []
    if any(year is None for year, _gender in by_year):
        year_rows.append(None)
    return [
        _year_by(
            "dataset-year-gender",
            _("Victims by year of registration and gender"),
            by_year,
            year_rows,
            ctdc.GENDERS,
            multi=records.filter(gender__contains=ctdc.MULTI_SEPARATOR).exists(),
        ),
        _one_way(
            "dataset-age",
            _("Victims by age group when registered"),
            _("Age group (years)"),
            ctdc.AGE_BROAD,
            _values(records, "age_broad"),
            people,
        ),
        _one_way(
            "dataset-form",
            _("Victims by form of exploitation"),
            _("Form of exploitation"),
            ctdc.EXPLOITATION_COLUMNS,
            _flags(records, columns, ctdc.EXPLOITATION_COLUMNS),
            people,
            str(FLAG_NOTE),
        ),
        _one_way(
            "dataset-labour",
            _("Victims by type of forced labour"),
            _("Type of labour"),
            ctdc.LABOUR_COLUMNS,
            _flags(records, columns, ctdc.LABOUR_COLUMNS),
            people,
            str(FLAG_NOTE),
        ),
        _one_way(
            "dataset-sex",
            _("Victims by type of sexual exploitation"),
            _("Type"),
            ctdc.SEX_COLUMNS,
            _flags(records, columns, ctdc.SEX_COLUMNS),
            people,
            str(FLAG_NOTE),
        ),
        _one_way(
            "dataset-means",
            _("Victims by means of control"),
            _("Means of control"),
            ctdc.MEANS_COLUMNS,
            _flags(records, columns, ctdc.MEANS_COLUMNS),
            people,
            str(FLAG_NOTE),
        ),
        _one_way(
            "dataset-recruiter",
            _("Victims by relation to the recruiter"),
            _("Relation"),
            ctdc.RECRUITER_COLUMNS,
            _flags(records, columns, ctdc.RECRUITER_COLUMNS),
            people,
            str(FLAG_NOTE),
        ),
        _one_way(
            "dataset-months",
            _("Victims by duration of exploitation"),
            _("Duration (months)"),
            ctdc.TRAFFICK_MONTHS,
            _values(records, "traffick_months"),
            people,
        ),
        _countries(
            "dataset-citizenship",
            _("Victims by citizenship"),
            _("Citizenship"),
            _values(records, "citizenship"),
            people,
        ),
        _countries(
            "dataset-country",
            _("Victims by country of exploitation"),
            _("Country of exploitation"),
            _values(records, "country_of_exploitation"),
            people,
        ),
    ]


def pair_tables(dataset: AnalysisDataset) -> list[StatTable]:
    """The tables of a Victim-Perpetrator dataset: one row per victim and exploiter(s)."""
    records = AnalysisPairRecord.objects.filter(dataset=dataset)
    rows = records.count()
    columns = ctdc.VP_FLAG_COLUMNS
    by_year = _by_year(records, "year_group", "gender")
    present = {year for year, _gender in by_year if year is not None}
    year_rows: list[Any] = [group for group in ctdc.VP_YEAR_GROUPS if group in present]
    year_rows += sorted(present - set(ctdc.VP_YEAR_GROUPS))
    if any(year is None for year, _gender in by_year):
        year_rows.append(None)
    return [
        _year_by(
            "pairs-year-gender",
            _("Rows by year of registration and gender of the victim"),
            by_year,
            year_rows,
            ctdc.VP_GENDERS,
            multi=records.filter(gender__contains=ctdc.MULTI_SEPARATOR).exists(),
        ),
        _one_way(
            "pairs-majority",
            _("Victims: adult or minor"),
            _("Age"),
            ctdc.MAJORITY,
            _values(records, "majority_status"),
            rows,
        ),
        _one_way(
            "pairs-form",
            _("Victims by form of exploitation"),
            _("Form of exploitation"),
            ctdc.VP_EXPLOITATION_COLUMNS,
            _flags(records, columns, ctdc.VP_EXPLOITATION_COLUMNS),
            rows,
            str(FLAG_NOTE),
        ),
        _one_way(
            "pairs-citizenship",
            _("Victims by region of citizenship"),
            _("UN region"),
            ctdc.UN_REGIONS,
            _values(records, "citizenship_region"),
            rows,
            str(MULTI_NOTE),
        ),
        _one_way(
            "pairs-exploitation",
            _("Victims by region of exploitation"),
            _("UN region"),
            ctdc.UN_REGIONS,
            _values(records, "exploitation_region"),
            rows,
            str(MULTI_NOTE),
        ),
        *exploiter_tables(records, rows),
        _one_way(
            "pairs-exploiter-age",
            _("Exploiters by age group"),
            _("Age group (years)"),
            ctdc.VP_AGE_BROAD,
            _values(records, "exploiter_age"),
            rows,
            str(MULTI_NOTE),
        ),
        _one_way(
            "pairs-exploiter-region",
            _("Exploiters by region of citizenship"),
            _("UN region"),
            ctdc.UN_REGIONS,
            _values(records, "exploiter_region"),
            rows,
            str(MULTI_NOTE),
        ),
        _one_way(
            "pairs-paid",
            _("Did the victim pay the exploiter?"),
            _("Answer"),
            ctdc.YES_NO,
            _values(records, "paid_money"),
            rows,
            str(MULTI_NOTE),
        ),
    ]


def exploiter_tables(records: QuerySet[AnalysisPairRecord], rows: int) -> list[StatTable]:
    """The exploiters' gender, relation to the victim and role (shown on both pages)."""
    return [
        _one_way(
            "pairs-exploiter-gender",
            _("Exploiters by gender"),
            _("Gender of the exploiters"),
            ctdc.VP_GENDERS,
            _values(records, "exploiter_gender"),
            rows,
            str(MULTI_NOTE),
        ),
        _one_way(
            "pairs-relation",
            _("Exploiters by relation to the victim"),
            _("Relation"),
            ctdc.RELATIONS,
            _values(records, "relation"),
            rows,
            str(MULTI_NOTE),
        ),
        _one_way(
            "pairs-role",
            _("Exploiters by role"),
            _("Role"),
            ctdc.VP_ROLE_COLUMNS,
            _flags(records, ctdc.VP_FLAG_COLUMNS, ctdc.VP_ROLE_COLUMNS),
            rows,
            str(FLAG_NOTE),
        ),
    ]


def dataset_tables(dataset: AnalysisDataset) -> list[StatTable]:
    """Every table of a dataset's figures page, protected: what one page publishes together."""
    if dataset.kind == AnalysisDataset.Kind.VICTIM_PERPETRATOR:
        return pair_tables(dataset)
    return global_tables(dataset)


# --- Belgium next to the dataset -------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    belgium: CellView
    dataset: CellView


@dataclass(frozen=True)
class Comparison:
    """One classification, Belgium's shares next to the dataset's, from two protected tables."""

    slug: str
    title: str
    rows: tuple[ComparisonRow, ...]
    belgium: StatTable
    dataset: StatTable
    note: str = ""


def _compare(
    slug: str, title: str, keys: Sequence[Key], belgium: StatTable, dataset: StatTable, note: str = ""
) -> Comparison:
    def cells(table: StatTable) -> dict[str, CellView]:
        return {row.label: row.cells[0] for row in table.rows}

    ours, theirs = cells(belgium), cells(dataset)
    empty = CellView(value=0)
    rows = tuple(
        ComparisonRow(_label(key), ours.get(_label(key), empty), theirs.get(_label(key), empty))
        for key in keys
    )
    return Comparison(slug, title, rows, belgium, dataset, note)


def belgium_counts(scope: Scope) -> dict[str, Counter[Key]]:
    """Keten's people in the CTDC classes: gender, age group when registered, adult or minor, form."""
    cases = counting.cases_in(scope)
    gender: Counter[Key] = Counter()
    to_ctdc = {
        "female": ctdc.GENDER_WOMAN,
        "male": ctdc.GENDER_MAN,
        "transgender_non_conforming": ctdc.GENDER_TRANS,
    }
    for key, people in counting.count_by(scope, "gender").items():
        gender[to_ctdc.get(key or "", UNKNOWN)] += people
    ages: Counter[Key] = Counter()
    majority: Counter[Key] = Counter()
    for row in cases.values("age_at_registration").annotate(people=Count("id")):
        age = row["age_at_registration"]
        ages[ctdc.age_broad(age) if age is not None else UNKNOWN] += row["people"]
        majority[(None if age is None else "Minor" if age < counting.ADULT_AGE else "Adult")] += row["people"]
    # CTDC counts begging and forced criminality as forced labour (see exchange.FORM_TO_CTDC_FLAG).
    has = {
        form: counting._list_contains("forms", form)
        for form in ("sexual", "labour", "begging", "forced_crime", "organ_removal")
    }
    aliased = cases.alias(**{f"has_{form}": expression for form, expression in has.items()})
    labour = Q(has_labour=True) | Q(has_begging=True) | Q(has_forced_crime=True)
    totals = aliased.aggregate(
        labour=Count("id", filter=labour),
        sexual=Count("id", filter=Q(has_sexual=True)),
        other=Count("id", filter=Q(has_organ_removal=True)),
        none=Count("id", filter=~(labour | Q(has_sexual=True) | Q(has_organ_removal=True))),
        two=Count("id", filter=~(labour | Q(has_sexual=True))),
    )
    forms: Counter[Key] = Counter(
        {
            "isForcedLabour": totals["labour"],
            "isSexualExploit": totals["sexual"],
            "isOtherExploit": totals["other"],
        }
    )
    if totals["none"]:
        forms[UNKNOWN] = totals["none"]
    two_forms: Counter[Key] = Counter(
        {"isForcedLabour": totals["labour"], "isSexualExploit": totals["sexual"]}
    )
    if totals["two"]:
        two_forms[UNKNOWN] = totals["two"]
    vp_gender: Counter[Key] = Counter()
    for key, people in gender.items():
        vp_gender[{ctdc.GENDER_WOMAN: "Female", ctdc.GENDER_MAN: "Male"}.get(key or "", UNKNOWN)] += people
    return {
        "gender": gender,
        "vp_gender": vp_gender,
        "age": ages,
        "majority": majority,
        "forms": forms,
        "two_forms": two_forms,
    }


def comparisons(dataset: AnalysisDataset) -> tuple[list[Comparison], list[StatTable]]:
    """Belgium (Keten's real cases, every centre and year) next to the dataset, and the tables only
    the dataset has (the exploiters, for a victim-perpetrator dataset). Everything is protected."""
    scope = Scope()
    people = counting.count_people(scope)
    ours = belgium_counts(scope)

    def pair(
        slug: str, title: str, keys: Sequence[Key], belgium: Counter[Key], theirs: StatTable, note: str = ""
    ) -> Comparison:
        table = _one_way(f"belgium-{slug}", title, "", keys, belgium, people)
        return _compare(slug, title, keys, table, theirs, note)

    if dataset.kind == AnalysisDataset.Kind.VICTIM_PERPETRATOR:
        records = AnalysisPairRecord.objects.filter(dataset=dataset)
        rows = records.count()
        columns = ctdc.VP_FLAG_COLUMNS
        result = [
            pair(
                "gender",
                _("Gender"),
                ctdc.VP_GENDERS,
                ours["vp_gender"],
                _one_way(
                    "dataset-gender", _("Gender"), "", ctdc.VP_GENDERS, _values(records, "gender"), rows
                ),
                _(
                    "This dataset knows only female and male: other genders count as not known on "
                    "Belgium's side."
                ),
            ),
            pair(
                "majority",
                _("Adult or minor when registered"),
                ctdc.MAJORITY,
                ours["majority"],
                _one_way(
                    "dataset-majority", "", "", ctdc.MAJORITY, _values(records, "majority_status"), rows
                ),
            ),
            pair(
                "form",
                _("Form of exploitation"),
                ctdc.VP_EXPLOITATION_COLUMNS,
                ours["two_forms"],
                _one_way(
                    "dataset-form",
                    "",
                    "",
                    ctdc.VP_EXPLOITATION_COLUMNS,
                    _flags(records, columns, ctdc.VP_EXPLOITATION_COLUMNS),
                    rows,
                ),
                _(
                    "This dataset knows only forced labour and sexual exploitation; begging and forced "
                    "criminality count as forced labour, as CTDC classifies them."
                ),
            ),
        ]
        return result, exploiter_tables(records, rows)
    records_global = AnalysisRecord.objects.filter(dataset=dataset)
    count = records_global.count()
    columns = ctdc.FLAG_COLUMNS
    return [
        pair(
            "gender",
            _("Gender"),
            ctdc.GENDERS,
            ours["gender"],
            _one_way("dataset-gender", "", "", ctdc.GENDERS, _values(records_global, "gender"), count),
        ),
        pair(
            "age",
            _("Age group when registered"),
            ctdc.AGE_BROAD,
            ours["age"],
            _one_way("dataset-age", "", "", ctdc.AGE_BROAD, _values(records_global, "age_broad"), count),
        ),
        pair(
            "form",
            _("Form of exploitation"),
            ctdc.EXPLOITATION_COLUMNS,
            ours["forms"],
            _one_way(
                "dataset-form",
                "",
                "",
                ctdc.EXPLOITATION_COLUMNS,
                _flags(records_global, columns, ctdc.EXPLOITATION_COLUMNS),
                count,
            ),
            _(
                "Begging and forced criminality count as forced labour, and removal of organs as other "
                "exploitation, as CTDC classifies them."
            ),
        ),
    ], []


__all__ = ["Comparison", "ComparisonRow", "comparisons", "dataset_tables"]
