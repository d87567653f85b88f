"""XLSX (openpyxl): one sheet per table, written in write-only mode and read in read-only mode, so a
large register streams in both directions. Text that looks like a formula is stored as text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from egide.registry.exchange.columns import LIST_SEPARATOR, TABLES, Kind, sheet_title
from egide.registry.exchange.export import RegisterTables
from egide.registry.exchange.formats import FileFormatError, RawSheet

_WIDTHS = {Kind.TEXT: 28, Kind.CHOICE: 22, Kind.BOOL: 10, Kind.INT: 10, Kind.DATE: 12}
_FORMULA_START = ("=", "+", "-", "@")


class XlsxFormat:
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, data: RegisterTables, *, now: datetime) -> bytes:
        workbook = Workbook(write_only=True)
        bold = Font(bold=True)
        for table in TABLES:
            sheet = workbook.create_sheet(sheet_title(str(table.label)))
            sheet.freeze_panes = "A2"
            for index, column in enumerate(table.columns, start=1):
                width = _WIDTHS.get(column.kind, 20)
                sheet.column_dimensions[get_column_letter(index)].width = width
            header = []
            for column in table.columns:
                cell = WriteOnlyCell(sheet, value=table.header(column))
                cell.font = bold
                header.append(cell)
            sheet.append(header)
            for row in data.rows.get(table.id, []):
                sheet.append([_cell(sheet, value) for value in row])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def read(self, content: bytes, *, table: str = "") -> Iterator[RawSheet]:
        try:
            workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
        except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
            raise FileFormatError(str(exc)) from exc
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # files written by other tools may understate their size
            rows = sheet.iter_rows(values_only=True)
            header: Sequence[Any] = next(rows, ())
            yield RawSheet(sheet.title, header, enumerate(rows, start=2))


def _cell(sheet: Any, value: Any) -> Any:
    if isinstance(value, str):
        if not value:
            return None  # an empty cell: read back as ""
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(_FORMULA_START):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


FORMAT = XlsxFormat()
