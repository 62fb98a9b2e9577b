"""Accessible bar charts drawn on the server as SVG, from protected tables only.

Each chart has ``role="img"``, a title and a description, and sits next to its table (the data-table
alternative). A hidden cell is drawn as an outlined box of fixed size with the hidden mark, so its
size says nothing about its value. No inline styles: colours come from classes in statistics.css.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from keten.statistics.tables import HIDDEN_MARK, CellView, StatTable

if TYPE_CHECKING:
    from keten.statistics.datasets import Comparison

LABEL_WIDTH = 230
BAR_AREA = 380
VALUE_WIDTH = 60
BAR_HEIGHT = 16
GAP = 8
HIDDEN_WIDTH = 24
SERIES = 6


def _value_text(cell: CellView) -> str:
    return str(cell.value) if cell.value is not None else HIDDEN_MARK


def _bar(x: int, y: int, cell: CellView, scale: float, series: int, label: str) -> list[str]:
    parts: list[str] = []
    if cell.hidden:
        parts.append(
            f'<rect x="{x}" y="{y}" width="{HIDDEN_WIDTH}" height="{BAR_HEIGHT}" class="chart-hidden">'
            f"<title>{escape(label)}: {escape(_('hidden'))}</title></rect>"
        )
        text_x, text_y = x + HIDDEN_WIDTH + 4, y + BAR_HEIGHT - 4
        parts.append(f'<text x="{text_x}" y="{text_y}" class="chart-value">{HIDDEN_MARK}</text>')
        return parts
    width = max(int(round((cell.value or 0) * scale)), 1 if cell.value else 0)
    parts.append(
        f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
        f'class="chart-bar chart-series-{series % SERIES}">'
        f"<title>{escape(label)}: {cell.value}</title></rect>"
    )
    parts.append(
        f'<text x="{x + width + 4}" y="{y + BAR_HEIGHT - 4}" class="chart-value">{_value_text(cell)}</text>'
    )
    return parts


def bar_chart(table: StatTable) -> SafeString:
    """One horizontal bar per row (one-way tables) or a group of bars per row (two-way tables)."""
    if table.empty or table.nothing_published:
        return mark_safe("")  # noqa: S308 - empty
    series = len(table.column_labels) if table.chart == "groups" else 1
    values = [cell.value for row in table.rows for cell in row.cells[:series] if cell.value is not None]
    top = max(values, default=0)
    scale = BAR_AREA / top if top else 0.0
    group_height = series * BAR_HEIGHT + GAP * 2
    legend_height = (BAR_HEIGHT + GAP) * series if series > 1 else 0
    height = legend_height + group_height * len(table.rows) + GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    chart_id = f"chart-{escape(table.slug)}"
    description = _("Bar chart of the table “%(title)s” below; hidden numbers are drawn as x.") % {
        "title": table.title
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(table.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    y = GAP
    if series > 1:
        for index, label in enumerate(table.column_labels):
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_HEIGHT}" height="{BAR_HEIGHT}" '
                f'class="chart-bar chart-series-{index % SERIES}"/>'
            )
            parts.append(
                f'<text x="{LABEL_WIDTH + BAR_HEIGHT + 6}" y="{y + BAR_HEIGHT - 4}" class="chart-label">'
                f"{escape(label)}</text>"
            )
            y += BAR_HEIGHT + GAP
    for row in table.rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" class="chart-label chart-row-label">'
            f"{escape(row.label[:40])}</text>"
        )
        for index, cell in enumerate(row.cells[:series]):
            label = f"{row.label}, {table.column_labels[index]}" if series > 1 else row.label
            parts.extend(_bar(LABEL_WIDTH, y + index * BAR_HEIGHT, cell, scale, index, label))
        y += group_height
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def comparison_chart(comparison: Comparison, *, left: str, right: str) -> SafeString:
    """Two bars per category: Belgium's share and the dataset's share (0 to 100 %), with a legend.

    Only published shares are drawn; a share that is not published (its count or its denominator is
    hidden) is drawn as the hidden box, the same as a hidden count.
    """
    rows = comparison.rows
    if not rows:
        return mark_safe("")  # noqa: S308 - empty
    scale = BAR_AREA / 100
    group_height = 2 * BAR_HEIGHT + GAP * 2
    legend_height = (BAR_HEIGHT + GAP) * 2
    height = legend_height + group_height * len(rows) + GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    chart_id = f"chart-{escape(comparison.slug)}"
    description = _(
        "Bar chart of the shares in the table “%(title)s” below: %(left)s next to %(right)s; "
        "shares that are not published are drawn as x."
    ) % {"title": comparison.title, "left": left, "right": right}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(comparison.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    y = GAP
    for index, label in enumerate((left, right)):
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_HEIGHT}" height="{BAR_HEIGHT}" '
            f'class="chart-bar chart-series-{index}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_HEIGHT + 6}" y="{y + BAR_HEIGHT - 4}" class="chart-label">'
            f"{escape(label)}</text>"
        )
        y += BAR_HEIGHT + GAP
    for row in rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" class="chart-label chart-row-label">'
            f"{escape(row.label[:40])}</text>"
        )
        for index, (cell, source) in enumerate(((row.belgium, left), (row.dataset, right))):
            parts.extend(
                _share_bar(LABEL_WIDTH, y + index * BAR_HEIGHT, cell, scale, index, f"{row.label}, {source}")
            )
        y += group_height
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _share_bar(x: int, y: int, cell: CellView, scale: float, series: int, label: str) -> list[str]:
    if cell.share is None:
        return _bar(x, y, CellView(value=None), scale, series, label)
    width = max(int(round(cell.share * scale)), 1 if cell.share else 0)
    text = f"{cell.share}\u00a0%"
    return [
        f'<rect x="{x}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
        f'class="chart-bar chart-series-{series % SERIES}">'
        f"<title>{escape(label)}: {escape(text)}</title></rect>",
        f'<text x="{x + width + 4}" y="{y + BAR_HEIGHT - 4}" class="chart-value">{escape(text)}</text>',
    ]
