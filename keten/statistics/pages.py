"""Which tables each page publishes, and the live centre summary."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from keten.statistics import tables
from keten.statistics.access import Viewer
from keten.statistics.charts import bar_chart
from keten.statistics.counting import Scope
from keten.statistics.datasets import Comparison, comparisons, dataset_tables
from keten.statistics.figures_cache import cached
from keten.statistics.models import AnalysisDataset
from keten.statistics.tables import CellView, StatTable


def internal_drafts(scope: Scope, viewer: Viewer) -> list[tables.Draft]:
    """The tables of the statistics page, for the centres ``viewer`` may see, not yet protected."""
    result = [
        tables.people_by_year_and_gender(scope),
        tables.people_by_age(scope),
        tables.people_by_form(scope),
        tables.forms_by_year(scope),
        tables.people_by_nationality(scope),
        tables.people_by_sector(scope),
        tables.people_by_channel(scope),
        tables.people_by_procedure(scope),
        tables.people_by_chain_phase(scope),
    ]
    if viewer.national and scope.centre_ids is None:
        result.append(tables.people_by_centre(scope, viewer.centres))
    if viewer.national and not scope.demo and scope.centre_ids is None and not scope.form:
        result.append(tables.reports_by_year(scope))
    return result


def internal_tables(scope: Scope, viewer: Viewer) -> list[StatTable]:
    """The tables of the statistics page (and of its exports and PDF): one release."""
    with tables.counted_once():
        return tables.publish(internal_drafts(scope, viewer))


def statistics_page(scope: Scope, viewer: Viewer) -> tuple[list[StatTable], Summary | None]:
    """The tables of the statistics page and, for a centre, its summary: one release, so the
    summary's totals and the tables' are hidden together."""
    if viewer.national:
        return internal_tables(scope, viewer), None
    whole = _whole(scope)
    with tables.counted_once():
        drafts = internal_drafts(scope, viewer)
        extra = [] if whole == scope else _summary_drafts(whole)
        published = tables.publish([*drafts, *extra])
        page = published[: len(drafts)]
        by_slug = {table.slug: table for table in (published[len(drafts) :] or page)}
        return page, _summary(whole, by_slug)


def public_tables(scope: Scope) -> list[StatTable]:
    """The tables of the public page: every centre, real cases only, protected together."""
    public = Scope(year_from=scope.year_from, year_to=scope.year_to, demo=False)
    with tables.counted_once():
        return tables.publish(
            [
                tables.people_by_year_and_gender(public),
                tables.people_by_age(public),
                tables.people_by_form(public),
            ]
        )


def public_tables_cached() -> list[StatTable]:
    """:func:`public_tables` for every centre and year, kept until the data changes
    (:mod:`keten.statistics.figures_cache`), so a flood of visits cannot keep the database counting."""
    return list(cached("public", (), lambda: public_tables(Scope())))


def _reader(viewer: Viewer) -> tuple[object, ...]:
    """Whose figures: every centre or the viewer's own, by id and name (part of every cache key)."""
    return (viewer.national, tuple(sorted(viewer.centres.items())))


def internal_tables_cached(scope: Scope, viewer: Viewer) -> list[StatTable]:
    """:func:`internal_tables`, kept until the data changes, per scope and reader."""
    return list(cached("internal", (scope, _reader(viewer)), lambda: internal_tables(scope, viewer)))


@dataclass(frozen=True)
class PageFigures:
    """What the statistics page shows of its figures, computed once per scope, reader and data."""

    tables: tuple[StatTable, ...]
    summary: Summary | None
    #: The tables with their charts, laid out by ``statistics/_tables.html``.
    html: str

    @property
    def tables_html(self) -> SafeString:
        return mark_safe(self.html)  # noqa: S308 - rendered by the template engine, which escapes


def tables_html(tables: list[StatTable]) -> str:
    """The tables with their charts as the statistics page shows them."""
    items = [{"table": table, "chart": bar_chart(table)} for table in tables]
    return str(render_to_string("statistics/_tables.html", {"items": items}))


def statistics_page_cached(scope: Scope, viewer: Viewer) -> PageFigures:
    """:func:`statistics_page` and its tables laid out, kept until the data changes, per scope and
    reader (a centre's figures are never another centre's or a national reader's)."""

    def compute() -> PageFigures:
        page, summary = statistics_page(scope, viewer)
        return PageFigures(tables=tuple(page), summary=summary, html=tables_html(page))

    figures: PageFigures = cached("page", (scope, _reader(viewer)), compute)
    return figures


def centre_summary_cached(scope: Scope) -> Summary:
    """:func:`centre_summary`, kept until the data changes, per scope."""
    summary: Summary = cached("summary", (scope,), lambda: centre_summary(scope))
    return summary


def _dataset(dataset: AnalysisDataset) -> tuple[object, ...]:
    return (dataset.pk, dataset.kind, dataset.created_at.isoformat(), dataset.rows_imported)


def dataset_tables_cached(dataset: AnalysisDataset) -> list[StatTable]:
    """:func:`datasets.dataset_tables`, kept until the data changes, per dataset."""
    return list(cached("dataset", _dataset(dataset), lambda: dataset_tables(dataset)))


def comparisons_cached(dataset: AnalysisDataset) -> tuple[list[Comparison], list[StatTable]]:
    """:func:`datasets.comparisons` (Belgium's real cases next to a dataset), kept until the data
    changes, per dataset."""
    pairs, only_dataset = cached("comparison", _dataset(dataset), lambda: comparisons(dataset))
    return list(pairs), list(only_dataset)


@dataclass(frozen=True)
class Summary:
    """ "Since <year>, N victims guided: women, men, adults, children, by form, nationalities"."""

    since: int | None
    people: CellView
    women: CellView
    men: CellView
    adults: CellView
    minors: CellView
    forms: tuple[tuple[str, CellView], ...]
    nationalities: int | None

    @property
    def publishable(self) -> bool:
        return self.since is not None and not self.people.hidden and bool(self.people.value)


def _whole(scope: Scope) -> Scope:
    return Scope(centre_ids=scope.centre_ids, demo=scope.demo)


def _summary_drafts(whole: Scope) -> list[tables.Draft]:
    return [
        tables.people_by_year_and_gender(whole),
        tables.people_by_age(whole),
        tables.people_by_form(whole),
    ]


def centre_summary(scope: Scope) -> Summary:
    """The summary of a centre (or of all centres), generated live from its protected tables (a
    release of their own: the summary is shown on its own, on "My work")."""
    whole = _whole(scope)
    with tables.counted_once():
        published = tables.publish(_summary_drafts(whole))
        return _summary(whole, {table.slug: table for table in published})


def _summary(whole: Scope, published: dict[str, StatTable]) -> Summary:
    """Within the :func:`tables.counted_once` block that counted ``published``: no new count."""
    by_gender = published["people-by-year-and-gender"]
    by_age = published["people-by-age"]
    by_form = published["people-by-form"]
    empty = CellView(value=0)
    if by_gender.empty or by_gender.totals is None:
        return Summary(None, empty, empty, empty, empty, empty, (), None)
    # Columns in the order of tables.GENDERS (female, male, ...) and of the age table (minor, adult).
    genders = by_gender.totals.cells
    ages = by_age.totals.cells if by_age.totals else (empty, empty)
    people = by_gender.totals.total or empty
    nationalities = None
    if not people.hidden:
        nationalities = len([key for key in tables.nationality_counts(whole) if key is not None])
    return Summary(
        since=tables.first_year_of(whole),
        people=people,
        women=genders[0],
        men=genders[1],
        adults=ages[1],
        minors=ages[0],
        forms=tuple((row.label, row.cells[0]) for row in by_form.rows),
        nationalities=nationalities,
    )
