"""ODS (OpenDocument spreadsheet, odfpy): one sheet per table, typed cells (text, number, boolean, date).

odfpy holds the whole document in memory: fine for a register, the XLSX format is the one for very large
files. Reading expands repeated cells and rows, and ignores the empty ones spreadsheets pad sheets with.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from io import BytesIO
from typing import Any
from xml.parsers.expat import ExpatError
from zipfile import BadZipFile

from odf import teletype
from odf.namespaces import TABLENS
from odf.opendocument import OpenDocumentSpreadsheet, load
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from egide.registry.exchange.columns import LIST_SEPARATOR, TABLES, sheet_title
from egide.registry.exchange.export import RegisterTables
from egide.registry.exchange.formats import FileFormatError, RawSheet

_COVERED = (TABLENS, "covered-table-cell")
_CELL_TAGS = {(TABLENS, "table-cell"), _COVERED}
_MAX_REPEAT = 10_000  # a non-empty row repeated more is a padding artefact
_MAX_COLUMNS = 1_024  # far more than any table has: the rest is padding


class OdsFormat:
    extension = "ods"
    content_type = "application/vnd.oasis.opendocument.spreadsheet"

    def write(self, data: RegisterTables, *, now: datetime) -> bytes:
        document = OpenDocumentSpreadsheet()
        header_style = Style(name="egideHeader", family="table-cell")
        header_style.addElement(TextProperties(fontweight="bold"))
        column_style = Style(name="egideColumn", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth="4.5cm"))
        document.automaticstyles.addElement(header_style)
        document.automaticstyles.addElement(column_style)
        for table in TABLES:
            sheet = Table(name=sheet_title(str(table.label)))
            sheet.addElement(
                TableColumn(numbercolumnsrepeated=len(table.columns), stylename=column_style)
            )
            header = TableRow()
            for column in table.columns:
                header.addElement(_text_cell(table.header(column), header_style))
            sheet.addElement(header)
            for row in data.rows.get(table.id, []):
                line = TableRow()
                for value in row:
                    line.addElement(_cell(value))
                sheet.addElement(line)
            document.spreadsheet.addElement(sheet)
        buffer = BytesIO()
        document.write(buffer)
        return buffer.getvalue()

    def read(self, content: bytes, *, table: str = "") -> Iterator[RawSheet]:
        try:
            document = load(BytesIO(content))
        except (BadZipFile, ExpatError, KeyError, ValueError) as exc:
            raise FileFormatError(str(exc)) from exc
        for sheet in document.spreadsheet.getElementsByType(Table):
            rows = _rows(sheet)
            first = next(rows, None)
            header = first[1] if first is not None else []
            yield RawSheet(str(sheet.getAttribute("name")), header, rows)


def _text_cell(text: str, style: Any = None) -> TableCell:
    cell = (
        TableCell(valuetype="string", stylename=style) if style else TableCell(valuetype="string")
    )
    paragraph = P()
    teletype.addTextToElement(paragraph, text)
    cell.addElement(paragraph)
    return cell


def _cell(value: Any) -> TableCell:
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
        cell.addElement(P(text="TRUE" if value else "FALSE"))
        return cell
    if isinstance(value, int):
        cell = TableCell(valuetype="float", value=str(value))
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(timespec="seconds")
        cell = TableCell(valuetype="date", datevalue=text)
        cell.addElement(P(text=text))
        return cell
    if isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(P(text=value.isoformat()))
        return cell
    if isinstance(value, list):
        return _text_cell(LIST_SEPARATOR.join(value))
    return _text_cell(str(value))


def _value(cell: Any) -> Any:
    kind = cell.getAttribute("valuetype")
    if kind in {"float", "percentage", "currency"}:
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    if kind == "date":
        text = cell.getAttribute("datevalue")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    paragraphs = [teletype.extractText(p) for p in cell.getElementsByType(P)]
    return "\n".join(paragraphs) if paragraphs else None


def _rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    for row in sheet.getElementsByType(TableRow):
        repeat = int(row.getAttribute("numberrowsrepeated") or 1)
        cells: list[Any] = []
        for cell in row.childNodes:
            if cell.qname not in _CELL_TAGS:
                continue
            value = None if cell.qname == _COVERED else _value(cell)
            times = int(cell.getAttribute("numbercolumnsrepeated") or 1)
            cells.extend([value] * min(times, _MAX_COLUMNS))
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            number += repeat
            continue
        for _copy in range(min(repeat, _MAX_REPEAT)):
            number += 1
            yield number, cells


FORMAT = OdsFormat()
