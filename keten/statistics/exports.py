"""Protected tables as CSV, XLSX and PDF. Only :class:`~keten.statistics.tables.StatTable` goes in,
so only published numbers can come out; a hidden cell is written as the hidden mark, never a value."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keten.statistics.tables import CellView, StatTable

#: The first line of every export, PDF and page of demo figures: they must never pass for real ones.
DEMO_MARK = gettext_lazy(
    "DEMO: fictitious figures. Every person counted here is invented; these are not real cases."
)

#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """Text a spreadsheet would run as a formula, prefixed with an apostrophe; numbers unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(cell: CellView | None) -> object:
    if cell is None:
        return ""
    return cell.value if cell.value is not None else cell.text


def table_lines(table: StatTable) -> Iterator[list[object]]:
    """The rows of one table as they are written to a file: title, header, rows, totals, notes."""
    yield [table.title]
    if table.empty:
        yield [table.empty_text]
        return
    header: list[object] = [table.row_header, *table.column_labels]
    if table.total_label:
        header.append(table.total_label)
    if table.has_shares:
        header.append(_("Share (%)"))
    yield header
    for row in table.rows:
        line: list[object] = [row.label, *(_cell(cell) for cell in row.cells)]
        if table.total_label:
            line.append(_cell(row.total))
        if table.has_shares:
            share = row.cells[0].share
            line.append(share if share is not None else "")
        yield line
    if table.totals is not None:
        line = [table.totals.label, *(_cell(cell) for cell in table.totals.cells)]
        if table.total_label:
            line.append(_cell(table.totals.total))
        yield line
    for note in (table.counting_note, table.shares_note, table.method):
        if note:
            yield [note]
    for number, text in table.footnotes:
        yield [f"({number}) {text}"]


def _first_lines(heading: str, demo: bool) -> list[list[object]]:
    lines: list[list[object]] = [[str(DEMO_MARK)]] if demo else []
    return [*lines, [neutralised(heading)]]


def to_csv(tables: Sequence[StatTable], *, heading: str, demo: bool = False) -> str:
    """The tables as CSV; with ``demo``, the first line says the figures are fictitious."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerows(_first_lines(heading, demo))
    writer.writerow([_("%(mark)s: hidden to protect the people counted (see the notes).") % {"mark": "x"}])
    for table in tables:
        writer.writerow([])
        for line in table_lines(table):
            writer.writerow([neutralised(value) for value in line])
    return output.getvalue()


def to_xlsx(tables: Sequence[StatTable], *, heading: str, demo: bool = False) -> bytes:
    """The tables as XLSX, one sheet each; with ``demo``, every sheet's first row says the figures
    are fictitious (a sheet is often copied on its own)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        title = _sheet_title(table.slug, used)
        sheet = workbook.create_sheet(title=title)
        for line in _first_lines(heading, demo):
            sheet.append(line)
        for line in table_lines(table):
            sheet.append([neutralised(value) for value in line])
    if not tables:
        sheet = workbook.create_sheet(title="figures")
        for line in _first_lines(heading, demo):
            sheet.append(line)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _sheet_title(slug: str, used: set[str]) -> str:
    base = slug[:28]
    title, number = base, 1
    while title in used:
        number += 1
        title = f"{base[:26]}-{number}"
    used.add(title)
    return title


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango) are not installed."""


def to_pdf(html: str, *, base_url: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    try:
        return bytes(HTML(string=html, base_url=base_url).write_pdf())
    except OSError as error:
        raise PdfUnavailable(str(error)) from error
