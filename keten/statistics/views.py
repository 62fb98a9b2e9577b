"""The statistics page, the public figures, exports, the annual report and CTDC/HTCDS exchange."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keten.accounts.access import role_required
from keten.audit.log import log_action
from keten.cases.choices import Gender
from keten.cases.context_processors import demo_present
from keten.statistics import exchange, exports
from keten.statistics.access import (
    NATIONAL_ROLES,
    STATISTICS_ROLES,
    Viewer,
    national_viewer,
    statistics_viewer,
)
from keten.statistics.charts import bar_chart, comparison_chart
from keten.statistics.conf import min_count
from keten.statistics.counting import Scope
from keten.statistics.forms import FilterForm, ImportForm
from keten.statistics.models import AnalysisDataset, SavedRelease
from keten.statistics.pages import (
    centre_summary_cached,
    comparisons_cached,
    dataset_tables_cached,
    internal_tables_cached,
    public_tables_cached,
    statistics_page_cached,
)
from keten.statistics.tables import StatTable


def _filters(request: HttpRequest, viewer: Viewer) -> tuple[FilterForm, Scope]:
    form = FilterForm(
        request.GET or None,
        centres=viewer.centres,
        national=viewer.national,
        demo_present=demo_present(request),
    )
    scope = Scope(centre_ids=viewer.centre_ids)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        centre = data.get("centre")
        centre_ids = (centre,) if viewer.national and centre in viewer.centres else viewer.centre_ids
        scope = Scope(
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            centre_ids=centre_ids,
            form=data.get("form") or None,
            demo=bool(data.get("demo")),
        )
    return form, scope


def _with_charts(tables: list[StatTable]) -> list[dict[str, Any]]:
    return [{"table": table, "chart": bar_chart(table)} for table in tables]


def _scope_data(scope: Scope) -> dict[str, Any]:
    return {
        "year_from": scope.year_from,
        "year_to": scope.year_to,
        "centres": len(scope.centre_ids) if scope.centre_ids is not None else 0,
        "form": scope.form or "",
        "demo": scope.demo,
    }


@require_GET
@role_required(*STATISTICS_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    """Centre managers (their centre), administrators and the rapporteur (every centre)."""
    viewer = statistics_viewer(request)
    form, scope = _filters(request, viewer)
    # With filters that do not make sense, show the error, not figures that ignore them.
    tables: tuple[StatTable, ...] = ()
    html = mark_safe("")  # noqa: S308 - empty
    if form.is_bound and not form.is_valid():
        summary = centre_summary_cached(scope) if not viewer.national else None
    else:
        figures = statistics_page_cached(scope, viewer)
        tables, summary, html = figures.tables, figures.summary, figures.tables_html
    return render(
        request,
        "statistics/index.html",
        {
            "form": form,
            "scope": scope,
            "viewer": viewer,
            "tables": tables,
            "tables_html": html,
            "summary": summary,
            "threshold": min_count(),
            "highest_hidden": min_count() - 1,
            "query": request.GET.urlencode(),
            "this_year": timezone.localdate().year,
        },
    )


@require_GET
@role_required(*STATISTICS_ROLES)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The protected tables of the statistics page as CSV or XLSX (audited)."""
    viewer = statistics_viewer(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, scope = _filters(request, viewer)
    tables = internal_tables_cached(scope, viewer)
    heading = _("Keten figures, exported on %(date)s") % {"date": timezone.localdate().isoformat()}
    log_action(
        "statistics.exported",
        actor=viewer.user,
        organisation=viewer.membership.organisation,
        data={"format": fmt, "tables": len(tables), **_scope_data(scope)},
    )
    if fmt == "csv":
        response = HttpResponse(
            exports.to_csv(tables, heading=heading, demo=scope.demo), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.to_xlsx(tables, heading=heading, demo=scope.demo),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    name = "keten-demo-figures" if scope.demo else "keten-figures"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@role_required(*STATISTICS_ROLES)
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The annual report of one year as PDF; a translated 503 page when PDF cannot be made here."""
    viewer = statistics_viewer(request)
    if not 1990 <= year <= timezone.localdate().year:
        return render(request, "404.html", status=404)
    _form, base = _filters(request, viewer)
    scope = Scope(year_from=year, year_to=year, centre_ids=base.centre_ids, demo=base.demo)
    tables = internal_tables_cached(scope, viewer)
    html = render(
        request,
        "statistics/report.html",
        {
            "tables": tables,
            "year": year,
            "viewer": viewer,
            "scope": scope,
            "highest_hidden": min_count() - 1,
            "demo_mark": exports.DEMO_MARK if scope.demo else "",
        },
    ).content.decode()
    try:
        pdf = exports.to_pdf(html, base_url=request.build_absolute_uri("/"))
    except exports.PdfUnavailable:
        return render(request, "statistics/pdf_unavailable.html", status=503)
    log_action(
        "statistics.exported",
        actor=viewer.user,
        organisation=viewer.membership.organisation,
        data={"format": "pdf", "tables": len(tables), **_scope_data(scope)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "keten-demo-annual-report" if scope.demo else "keten-annual-report"
    response["Content-Disposition"] = f'attachment; filename="{name}-{year}.pdf"'
    return response


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    """Everyone: figures for every centre, real cases only, disclosure-controlled."""
    tables = public_tables_cached()
    publishable = [table for table in tables if not table.empty and not table.nothing_published]
    releases = [
        {
            "release": release,
            "columns": [_gender_label(column) for column in release.table["columns"]],
            "rows": list(zip(release.table["rows"], release.table["counts"], strict=True)),
            "epsilon": _plain(release.epsilon),
            "spent": _plain(release.ledger.spent_epsilon),
            "total": _plain(release.ledger.total_epsilon),
        }
        for release in SavedRelease.objects.select_related("ledger")[:5]
    ]
    return render(
        request,
        "statistics/public.html",
        {
            "items": _with_charts(publishable),
            "threshold": min_count(),
            "highest_hidden": min_count() - 1,
            "nothing": not publishable,
            "releases": releases,
        },
    )


def _plain(amount: Decimal) -> str:
    return format(Decimal(amount).normalize(), "f")


def _gender_label(value: str) -> str:
    labels = dict(Gender.choices)
    return str(labels[value]) if value in labels and value != Gender.UNKNOWN else _("Not known")


# --- Exchange ------------------------------------------------------------------------------------


@require_GET
@role_required(*STATISTICS_ROLES)
def exchange_page(request: HttpRequest) -> HttpResponse:
    viewer = statistics_viewer(request)
    datasets = AnalysisDataset.objects.all()[:50] if viewer.national else []
    return render(request, "statistics/exchange.html", {"viewer": viewer, "datasets": datasets})


@require_GET  # type: ignore[type-var]
@role_required(*STATISTICS_ROLES)
def ctdc_export(request: HttpRequest) -> StreamingHttpResponse:
    """The cases the person may see as CTDC rows (one per person, 27 columns; audited)."""
    viewer = statistics_viewer(request)
    scope = Scope(centre_ids=viewer.centre_ids)
    log_action(
        "statistics.exported",
        actor=viewer.user,
        organisation=viewer.membership.organisation,
        data={"format": "ctdc", **_scope_data(scope)},
    )

    def lines() -> Any:
        buffer = io.StringIO()
        rows = 0
        writer = csv.DictWriter(buffer, fieldnames=exchange.ctdc.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in exchange.ctdc_rows(scope):
            writer.writerow(row)
            rows += 1
            if rows % 1000 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="keten-ctdc.csv"'
    return response


@require_GET  # type: ignore[type-var]
@role_required(*STATISTICS_ROLES)
def htcds_export(request: HttpRequest) -> StreamingHttpResponse:
    """The cases the person may see as HTCDS records (JSON array; audited)."""
    viewer = statistics_viewer(request)
    scope = Scope(centre_ids=viewer.centre_ids)
    log_action(
        "statistics.exported",
        actor=viewer.user,
        organisation=viewer.membership.organisation,
        data={"format": "htcds", **_scope_data(scope)},
    )

    def chunks() -> Any:
        yield "["
        for index, record in enumerate(exchange.htcds_records(scope)):
            yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="keten-htcds.json"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(*NATIONAL_ROLES)
def import_ctdc(request: HttpRequest) -> HttpResponse:
    """Administrators and the rapporteur: a CTDC file into the analysis area (never into cases)."""
    viewer = national_viewer(request)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = exchange.import_ctdc(
            exchange.decoded_lines(upload.file),
            name=form.cleaned_data["name"],
            actor=viewer.user,
            partial=form.cleaned_data["partial"],
        )
        log_action(
            "statistics.imported",
            actor=viewer.user,
            organisation=viewer.membership.organisation,
            obj=result.dataset,
            data={
                "read": result.rows_read,
                "imported": result.rows_imported,
                "rejected": result.rows_rejected,
                "refused": not result.ok,
                "format": result.format.slug if result.format else "",
                "partial": form.cleaned_data["partial"],
            },
        )
    status = 400 if result is not None and not result.ok else 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    return render(request, "statistics/import.html", {"form": form, "result": result}, status=status)


@require_GET
@role_required(*NATIONAL_ROLES)
def dataset(request: HttpRequest, pk: int) -> HttpResponse:
    national_viewer(request)
    item = get_object_or_404(AnalysisDataset, pk=pk)
    rejections = item.rejections.all()[:200]
    return render(request, "statistics/dataset.html", {"dataset": item, "rejections": rejections})


@require_GET
@role_required(*NATIONAL_ROLES)
def dataset_figures(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators and the rapporteur: the protected tables of an imported dataset."""
    national_viewer(request)
    item = get_object_or_404(AnalysisDataset, pk=pk)
    return render(
        request,
        "statistics/dataset_figures.html",
        {
            "dataset": item,
            "items": _with_charts(dataset_tables_cached(item)),
            "highest_hidden": min_count() - 1,
        },
    )


@require_GET
@role_required(*NATIONAL_ROLES)
def dataset_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """Administrators and the rapporteur: Belgium's shares (Keten's real cases) next to a dataset's."""
    national_viewer(request)
    item = get_object_or_404(AnalysisDataset, pk=pk)
    pairs, only_dataset = comparisons_cached(item)
    left, right = _("Belgium (Keten)"), item.name
    return render(
        request,
        "statistics/dataset_comparison.html",
        {
            "dataset": item,
            "left": left,
            "right": right,
            "comparisons": [
                {"comparison": pair, "chart": comparison_chart(pair, left=left, right=right)}
                for pair in pairs
            ],
            "items": _with_charts(only_dataset),
            "highest_hidden": min_count() - 1,
        },
    )
