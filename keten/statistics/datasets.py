"""Figures of an imported CTDC dataset, and Belgium's figures next to it.

The same rules as Keten's own figures (:mod:`keten.statistics.counting`, docs/statistics.md): a
row of the file is counted once in each of its values (several values in one cell, several flags
of a group), missing is a "not known" row and never zero, and shares are of the rows *with*
information (CTDC codebook v2, section 6). Every table goes through the same disclosure control as
Keten's tables (:func:`keten.statistics.tables.one_way` and :func:`~keten.statistics.tables.two_way`
build drafts, :func:`keten.statistics.tables.publish` protects them): :func:`dataset_tables` and
:func:`comparisons` are the two places that publish, and each protects everything its page shows as
one release. A number of an imported dataset is named by :func:`rows_of` (the dataset and the
conditions its rows meet), so a number two tables of one page show (the rows of the dataset, the
rows of a gender ...) is one quantity, hidden in both or in neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.lookups import Exact, GreaterThan
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keten.core import ctdc
from keten.core.disclosure import Key as ReleaseKey
from keten.core.disclosure import Release
from keten.knowledge.names import country_name
from keten.statistics import counting, tables
from keten.statistics.conf import min_count
from keten.statistics.counting import UNKNOWN, Key, Scope
from keten.statistics.countries import ALPHA3_TO_ALPHA2
from keten.statistics.models import AnalysisDataset, AnalysisPairRecord, AnalysisRecord
from keten.statistics.tables import CellView, Draft, StatTable

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


def _rows_by_year(queryset: QuerySet[Any], year: str) -> Counter[Any]:
    """Rows per year (each row has one year, ``None`` when it is not known)."""
    counts: Counter[Any] = Counter()
    for row in queryset.order_by().values(year).annotate(rows=Count("id")):
        counts[row[year] or None] += row["rows"]
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


# --- Quantities and drafts ------------------------------------------------------------------------


def rows_of(dataset: AnalysisDataset, *conditions: tuple[str, object]) -> ReleaseKey:
    """The key of "the rows of ``dataset`` that meet ``conditions``" (a column and its value, a
    flag ...): equal keys, equal numbers, so a number shown by two tables of a page is one quantity
    of its release. Imported rows never share a key with Keten's people (:func:`tables.people`)."""
    return ("dataset", dataset.pk, frozenset(conditions))


def _column(dataset: AnalysisDataset, field: str) -> Callable[[Key], ReleaseKey]:
    """The rows with a value in a column (:data:`UNKNOWN`: the rows with none)."""
    return lambda key: rows_of(dataset, (field, key))


def _flag(dataset: AnalysisDataset, group: Sequence[str]) -> Callable[[Key], ReleaseKey]:
    """The rows with a flag set (:data:`UNKNOWN`: the rows with no flag of the group set)."""
    return lambda key: (
        rows_of(dataset, ("no flag of", tuple(group))) if key is UNKNOWN else rows_of(dataset, ("flag", key))
    )


def _one_way(
    slug: str,
    title: str,
    header: str,
    keys: Sequence[Key],
    counts: Counter[Key],
    people: int,
    note: str = "",
    *,
    quantity: Callable[[Key], ReleaseKey],
    total: ReleaseKey,
    label: Callable[[Key], str] = _label,
    without_share: frozenset[Key] = frozenset(),
    unbounded: frozenset[Key] = frozenset(),
) -> Draft:
    """One count per category and the total ``people`` (rows of a dataset, or Belgium's people).

    Every row is in at least one category ("not known" when it has none), so when the categories
    add up to exactly ``people`` every row is in one and the table is published as a sum; otherwise
    a row can be in several and the total is the number of rows, each counted once.
    """
    listed = list(keys)
    # A value the classification does not list (the import checks values, so none should be
    # there) is still shown: left out, it would make the counts disagree with the total.
    listed += sorted((key for key in counts if key is not UNKNOWN and key not in listed), key=str)
    single = sum(counts.values()) == people
    return tables.one_way(
        slug=slug,
        title=title,
        row_header=header,
        keys=listed,
        counts=counts,
        label=label,
        quantity=quantity,
        total=total,
        people=None if single else people,
        counting_note=note,
        without_share=without_share,
        unbounded=unbounded,
    )


def _values_table(
    dataset: AnalysisDataset,
    slug: str,
    title: str,
    header: str,
    keys: Sequence[Key],
    records: QuerySet[Any],
    field: str,
    people: int,
    note: str = "",
) -> Draft:
    return _one_way(
        slug,
        title,
        header,
        keys,
        _values(records, field),
        people,
        note,
        quantity=_column(dataset, field),
        total=rows_of(dataset),
    )


def _flags_table(
    dataset: AnalysisDataset,
    slug: str,
    title: str,
    header: str,
    group: Sequence[str],
    records: QuerySet[Any],
    columns: Sequence[str],
    people: int,
    note: str = "",
) -> Draft:
    return _one_way(
        slug,
        title,
        header,
        group,
        _flags(records, columns, group),
        people,
        note,
        quantity=_flag(dataset, group),
        total=rows_of(dataset),
    )


def _countries(
    dataset: AnalysisDataset,
    slug: str,
    title: str,
    header: str,
    records: QuerySet[Any],
    field: str,
    people: int,
) -> Draft:
    """Countries with at least the threshold of rows by name, the others together."""
    threshold = min_count()
    grouped: Counter[Key] = Counter()
    for key, rows in _values(records, field).items():
        grouped[key if key is UNKNOWN or rows >= threshold else OTHER_COUNTRIES] += rows
    keys: list[Key] = sorted(
        (key for key in grouped if key not in (UNKNOWN, OTHER_COUNTRIES)), key=lambda key: _country_label(key)
    )
    if grouped.get(OTHER_COUNTRIES):
        keys.append(OTHER_COUNTRIES)
    return _one_way(
        slug,
        title,
        header,
        keys,
        grouped,
        people,
        str(MULTI_NOTE),
        quantity=_column(dataset, field),
        total=rows_of(dataset),
        label=_country_label,
        without_share=frozenset({OTHER_COUNTRIES}),
        # A row with two rare countries is in that row twice: it counts mentions, not rows.
        unbounded=frozenset({OTHER_COUNTRIES}),
    )


def _year_by(
    dataset: AnalysisDataset,
    slug: str,
    title: str,
    records: QuerySet[Any],
    year: str,
    counts: Counter[tuple[Any, Key]],
    rows: Sequence[Any],
    columns: Sequence[Key],
) -> Draft:
    """Rows by year and gender. Where a cell holds several genders, the row counts in each, so the
    sums would count mentions, not rows: then no totals are published, and the rows of each year
    (not published) are what a reader knows of the table's rows."""
    listed = [*columns, *sorted({gender for _year, gender in counts if gender is not UNKNOWN} - set(columns))]
    multi = records.filter(gender__contains=ctdc.MULTI_SEPARATOR).exists()
    per_year = _rows_by_year(records, year)
    draft = tables.two_way(
        slug=slug,
        title=title,
        row_header=_("Year of registration"),
        row_keys=list(rows),
        row_label=lambda key: _("Not known") if key is None else str(key),
        column_keys=listed,
        column_label=_label,
        counts=counts,
        cell=lambda key, gender: rows_of(dataset, (year, key), ("gender", gender)),
        row_total=lambda key: rows_of(dataset, (year, key)),
        column_total=_column(dataset, "gender"),
        total=rows_of(dataset),
        multi=multi,
        row_people=per_year,
        totals_label=_("Total of rows"),
    )
    if not multi or not rows:
        return draft

    def declare(release: Release) -> None:
        draft.declare(release)
        # Each row has one year: the rows of the years add up to the rows of the dataset, which
        # the other tables of the page publish.
        release.count(rows_of(dataset), sum(per_year.values()))
        release.add_sum(rows_of(dataset), [rows_of(dataset, (year, key)) for key in rows])

    return replace(draft, declare=declare)


def global_drafts(dataset: AnalysisDataset) -> list[Draft]:
    """The tables of a Global Synthetic Dataset (one row per victim), not yet protected."""
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
            dataset,
            "dataset-year-gender",
            _("Victims by year of registration and gender"),
            records,
            "year_of_registration",
            by_year,
            year_rows,
            ctdc.GENDERS,
        ),
        _values_table(
            dataset,
            "dataset-age",
            _("Victims by age group when registered"),
            _("Age group (years)"),
            ctdc.AGE_BROAD,
            records,
            "age_broad",
            people,
        ),
        _flags_table(
            dataset,
            "dataset-form",
            _("Victims by form of exploitation"),
            _("Form of exploitation"),
            ctdc.EXPLOITATION_COLUMNS,
            records,
            columns,
            people,
            str(FLAG_NOTE),
        ),
        _flags_table(
            dataset,
            "dataset-labour",
            _("Victims by type of forced labour"),
            _("Type of labour"),
            ctdc.LABOUR_COLUMNS,
            records,
            columns,
            people,
            str(FLAG_NOTE),
        ),
        _flags_table(
            dataset,
            "dataset-sex",
            _("Victims by type of sexual exploitation"),
            _("Type"),
            ctdc.SEX_COLUMNS,
            records,
            columns,
            people,
            str(FLAG_NOTE),
        ),
        _flags_table(
            dataset,
            "dataset-means",
            _("Victims by means of control"),
            _("Means of control"),
            ctdc.MEANS_COLUMNS,
            records,
            columns,
            people,
            str(FLAG_NOTE),
        ),
        _flags_table(
            dataset,
            "dataset-recruiter",
            _("Victims by relation to the recruiter"),
            _("Relation"),
            ctdc.RECRUITER_COLUMNS,
            records,
            columns,
            people,
            str(FLAG_NOTE),
        ),
        _values_table(
            dataset,
            "dataset-months",
            _("Victims by duration of exploitation"),
            _("Duration (months)"),
            ctdc.TRAFFICK_MONTHS,
            records,
            "traffick_months",
            people,
        ),
        _countries(
            dataset,
            "dataset-citizenship",
            _("Victims by citizenship"),
            _("Citizenship"),
            records,
            "citizenship",
            people,
        ),
        _countries(
            dataset,
            "dataset-country",
            _("Victims by country of exploitation"),
            _("Country of exploitation"),
            records,
            "country_of_exploitation",
            people,
        ),
    ]


def pair_drafts(dataset: AnalysisDataset) -> list[Draft]:
    """The tables of a Victim-Perpetrator dataset (one row per victim and exploiter(s)), not yet
    protected."""
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
            dataset,
            "pairs-year-gender",
            _("Rows by year of registration and gender of the victim"),
            records,
            "year_group",
            by_year,
            year_rows,
            ctdc.VP_GENDERS,
        ),
        _values_table(
            dataset,
            "pairs-majority",
            _("Victims: adult or minor"),
            _("Age"),
            ctdc.MAJORITY,
            records,
            "majority_status",
            rows,
        ),
        _flags_table(
            dataset,
            "pairs-form",
            _("Victims by form of exploitation"),
            _("Form of exploitation"),
            ctdc.VP_EXPLOITATION_COLUMNS,
            records,
            columns,
            rows,
            str(FLAG_NOTE),
        ),
        _values_table(
            dataset,
            "pairs-citizenship",
            _("Victims by region of citizenship"),
            _("UN region"),
            ctdc.UN_REGIONS,
            records,
            "citizenship_region",
            rows,
            str(MULTI_NOTE),
        ),
        _values_table(
            dataset,
            "pairs-exploitation",
            _("Victims by region of exploitation"),
            _("UN region"),
            ctdc.UN_REGIONS,
            records,
            "exploitation_region",
            rows,
            str(MULTI_NOTE),
        ),
        *exploiter_drafts(dataset, records, rows),
        _values_table(
            dataset,
            "pairs-exploiter-age",
            _("Exploiters by age group"),
            _("Age group (years)"),
            ctdc.VP_AGE_BROAD,
            records,
            "exploiter_age",
            rows,
            str(MULTI_NOTE),
        ),
        _values_table(
            dataset,
            "pairs-exploiter-region",
            _("Exploiters by region of citizenship"),
            _("UN region"),
            ctdc.UN_REGIONS,
            records,
            "exploiter_region",
            rows,
            str(MULTI_NOTE),
        ),
        _values_table(
            dataset,
            "pairs-paid",
            _("Did the victim pay the exploiter?"),
            _("Answer"),
            ctdc.YES_NO,
            records,
            "paid_money",
            rows,
            str(MULTI_NOTE),
        ),
    ]


def exploiter_drafts(
    dataset: AnalysisDataset, records: QuerySet[AnalysisPairRecord], rows: int
) -> list[Draft]:
    """The exploiters' gender, relation to the victim and role (shown on both pages)."""
    return [
        _values_table(
            dataset,
            "pairs-exploiter-gender",
            _("Exploiters by gender"),
            _("Gender of the exploiters"),
            ctdc.VP_GENDERS,
            records,
            "exploiter_gender",
            rows,
            str(MULTI_NOTE),
        ),
        _values_table(
            dataset,
            "pairs-relation",
            _("Exploiters by relation to the victim"),
            _("Relation"),
            ctdc.RELATIONS,
            records,
            "relation",
            rows,
            str(MULTI_NOTE),
        ),
        _flags_table(
            dataset,
            "pairs-role",
            _("Exploiters by role"),
            _("Role"),
            ctdc.VP_ROLE_COLUMNS,
            records,
            ctdc.VP_FLAG_COLUMNS,
            rows,
            str(FLAG_NOTE),
        ),
    ]


def dataset_drafts(dataset: AnalysisDataset) -> list[Draft]:
    """Every table of a dataset's figures page, not yet protected."""
    if dataset.kind == AnalysisDataset.Kind.VICTIM_PERPETRATOR:
        return pair_drafts(dataset)
    return global_drafts(dataset)


def dataset_tables(dataset: AnalysisDataset) -> list[StatTable]:
    """Every table of a dataset's figures page, protected together: one release."""
    with tables.counted_once():
        return tables.publish(dataset_drafts(dataset))


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


@dataclass(frozen=True)
class _Pair:
    """One classification of the comparison page before protection: Belgium's draft and the
    dataset's."""

    slug: str
    title: str
    keys: Sequence[Key]
    belgium: Draft
    dataset: Draft
    note: str = ""


def _belgium(
    scope: Scope, slug: str, name: str, title: str, keys: Sequence[Key], counts: Counter[Key], people: int
) -> Draft:
    """Belgium's people (Keten's cases) in a CTDC classification, named like the statistics page
    names them (:func:`tables.people`), with the classification in each key: CTDC's classes are
    not Keten's (its age groups, "not known" gender ...)."""
    return _one_way(
        f"belgium-{slug}",
        title,
        "",
        keys,
        counts,
        people,
        quantity=lambda key: tables.people(scope, (f"ctdc {name}", key)),
        total=tables.people(scope),
    )


def _comparison_pairs(dataset: AnalysisDataset, scope: Scope) -> tuple[list[_Pair], list[Draft]]:
    people = counting.count_people(scope)
    ours = belgium_counts(scope)

    def pair(
        slug: str, title: str, keys: Sequence[Key], belgium: str, theirs: Draft, note: str = ""
    ) -> _Pair:
        return _Pair(
            slug,
            title,
            keys,
            _belgium(scope, slug, belgium, title, keys, ours[belgium], people),
            theirs,
            note,
        )

    if dataset.kind == AnalysisDataset.Kind.VICTIM_PERPETRATOR:
        records = AnalysisPairRecord.objects.filter(dataset=dataset)
        rows = records.count()
        columns = ctdc.VP_FLAG_COLUMNS
        result = [
            pair(
                "gender",
                _("Gender"),
                ctdc.VP_GENDERS,
                "vp_gender",
                _values_table(
                    dataset, "dataset-gender", _("Gender"), "", ctdc.VP_GENDERS, records, "gender", rows
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
                "majority",
                _values_table(
                    dataset, "dataset-majority", "", "", ctdc.MAJORITY, records, "majority_status", rows
                ),
            ),
            pair(
                "form",
                _("Form of exploitation"),
                ctdc.VP_EXPLOITATION_COLUMNS,
                "two_forms",
                _flags_table(
                    dataset, "dataset-form", "", "", ctdc.VP_EXPLOITATION_COLUMNS, records, columns, rows
                ),
                _(
                    "This dataset knows only forced labour and sexual exploitation; begging and forced "
                    "criminality count as forced labour, as CTDC classifies them."
                ),
            ),
        ]
        return result, exploiter_drafts(dataset, records, rows)
    records_global = AnalysisRecord.objects.filter(dataset=dataset)
    count = records_global.count()
    columns = ctdc.FLAG_COLUMNS
    return [
        pair(
            "gender",
            _("Gender"),
            ctdc.GENDERS,
            "gender",
            _values_table(dataset, "dataset-gender", "", "", ctdc.GENDERS, records_global, "gender", count),
        ),
        pair(
            "age",
            _("Age group when registered"),
            ctdc.AGE_BROAD,
            "age",
            _values_table(dataset, "dataset-age", "", "", ctdc.AGE_BROAD, records_global, "age_broad", count),
        ),
        pair(
            "form",
            _("Form of exploitation"),
            ctdc.EXPLOITATION_COLUMNS,
            "forms",
            _flags_table(
                dataset, "dataset-form", "", "", ctdc.EXPLOITATION_COLUMNS, records_global, columns, count
            ),
            _(
                "Begging and forced criminality count as forced labour, and removal of organs as other "
                "exploitation, as CTDC classifies them."
            ),
        ),
    ], []


def comparisons(dataset: AnalysisDataset) -> tuple[list[Comparison], list[StatTable]]:
    """Belgium (Keten's real cases, every centre and year) next to the dataset, and the tables only
    the dataset has (the exploiters, for a victim-perpetrator dataset). Everything the page shows is
    protected together, as one release: Belgium's tables with one another (they share Belgium's
    total), the dataset's with one another."""
    scope = Scope()
    with tables.counted_once():
        pairs, only_dataset = _comparison_pairs(dataset, scope)
        drafts = [draft for item in pairs for draft in (item.belgium, item.dataset)]
        published = tables.publish([*drafts, *only_dataset])
    result = [
        _compare(item.slug, item.title, item.keys, published[2 * index], published[2 * index + 1], item.note)
        for index, item in enumerate(pairs)
    ]
    return result, published[len(drafts) :]


__all__ = ["Comparison", "ComparisonRow", "comparisons", "dataset_tables"]
