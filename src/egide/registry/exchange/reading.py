"""Reading an import file's sheets into activities and their lists, collecting every problem with its
sheet, row and column. Nothing here touches the database: the importer passes the references the register
already holds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from egide.registry.exchange.cells import CellError, convert
from egide.registry.exchange.columns import (
    ACTIVITY_KEY,
    TABLE_BY_ID,
    TABLES,
    Column,
    Table,
    columns_named,
    table_named,
)
from egide.registry.exchange.formats import ABSENT, RawSheet


@dataclass(frozen=True)
class ImportProblem:
    """Why (part of) an import file cannot be taken: where (sheet, row, column) and the reason."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class Problems(list[ImportProblem]):
    def add(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.append(ImportProblem(sheet, row, column, message))


@dataclass
class RowInput:
    """One row of a sheet: the converted values of the columns the file gives, by column id."""

    table: Table
    sheet: str
    row: int
    values: dict[str, Any]
    headers: dict[str, str]  # column id -> the header as the file writes it
    failed: set[str] = field(default_factory=set)  # columns whose cell could not be read

    def header(self, column_id: str) -> str:
        if column_id in self.headers:
            return self.headers[column_id]
        return self.table.header(self.table.column(column_id)) if column_id else ""


@dataclass
class ActivityInput:
    """An activity the file gives: its row of the activities sheet (None when only child sheets name
    it), and the lists the file provides for it (a provided list with no row becomes empty)."""

    reference: str
    row: RowInput | None
    lists: dict[str, list[RowInput]] = field(default_factory=dict)


def _blank(value: Any) -> bool:
    return value is None or value is ABSENT or (isinstance(value, str) and not value.strip())


def _sheet_columns(
    sheet: RawSheet, table: Table, problems: Problems
) -> list[tuple[int, Column, str]]:
    """(position, column, header) of each importable column of the sheet; problems for the others."""
    found: dict[str, str] = {}
    positions = []
    for index, (header, column) in enumerate(
        zip(sheet.header, columns_named(table, sheet.header), strict=True)
    ):
        text = "" if header is None else str(header)
        if column is None:
            if text.strip():
                problems.add(sheet.name, 1, text, _("Unknown column."))
            continue
        if column.id in found:
            problems.add(
                sheet.name,
                1,
                text,
                _("This column appears twice (also “%(other)s”).") % {"other": found[column.id]},
            )
            continue
        found[column.id] = text
        if not column.export_only:
            positions.append((index, column, text))
    return positions


def _rows(sheet: RawSheet, table: Table, problems: Problems) -> list[RowInput]:
    positions = _sheet_columns(sheet, table, problems)
    headers = {column.id: text for _index, column, text in positions}
    key = ACTIVITY_KEY if table.is_child else "reference"
    rows = []
    for number, cells in sheet.rows:
        if all(_blank(cell) for cell in cells):
            continue
        if key not in headers:
            problems.add(sheet.name, 1, table.header(table.column(key)), _("Column missing."))
            return []
        row = RowInput(table, sheet.name, number, {}, headers)
        for index, column, text in positions:
            raw = cells[index] if index < len(cells) else None
            if raw is ABSENT:
                continue
            try:
                row.values[column.id] = convert(column, raw)
            except CellError as exc:
                row.failed.add(column.id)
                problems.add(sheet.name, number, text, str(exc))
        rows.append(row)
    return rows


def read_sheets(
    sheets: Iterable[RawSheet], *, existing: set[str], problems: Problems
) -> dict[str, ActivityInput]:
    """The file's activities by reference, in file order. ``existing``: the references the register
    holds (child rows may name them without an activities sheet)."""
    activities: dict[str, ActivityInput] = {}
    sheet_of_table: dict[str, str] = {}
    children: list[tuple[Table, frozenset[str] | None, list[RowInput]]] = []
    for sheet in sheets:
        table = TABLE_BY_ID.get(sheet.table_id) if sheet.table_id else table_named(sheet.name)
        if table is None:
            names = ", ".join(t.id for t in TABLES)
            problems.add(
                sheet.name,
                None,
                "",
                _("Unknown sheet: expected one of %(names)s.") % {"names": names},
            )
            continue
        if sheet.activities is None:
            if table.id in sheet_of_table:
                problems.add(
                    sheet.name,
                    None,
                    "",
                    _("Another sheet (“%(other)s”) holds the same table.")
                    % {"other": sheet_of_table[table.id]},
                )
                continue
            sheet_of_table[table.id] = sheet.name
        rows = _rows(sheet, table, problems)
        if table.is_child:
            children.append((table, sheet.activities, rows))
            continue
        first_row: dict[str, int] = {}
        for row in rows:
            reference = row.values.get("reference", "")
            if not reference:
                problems.add(row.sheet, row.row, row.header("reference"), _("Reference missing."))
            elif reference in first_row:
                problems.add(
                    row.sheet,
                    row.row,
                    row.header("reference"),
                    _("The reference %(reference)s is already on row %(row)s.")
                    % {"reference": reference, "row": first_row[reference]},
                )
            else:
                first_row[reference] = row.row
                activities[reference] = ActivityInput(reference, row)
    _attach_children(activities, children, existing, problems)
    return activities


def _attach_children(
    activities: dict[str, ActivityInput],
    children: list[tuple[Table, frozenset[str] | None, list[RowInput]]],
    existing: set[str],
    problems: Problems,
) -> None:
    for table, _scope, rows in children:
        for row in rows:
            reference = row.values.get(ACTIVITY_KEY, "")
            if not reference:
                problems.add(row.sheet, row.row, row.header(ACTIVITY_KEY), _("Reference missing."))
            elif reference not in activities and reference not in existing:
                problems.add(
                    row.sheet,
                    row.row,
                    row.header(ACTIVITY_KEY),
                    _(
                        "No activity has the reference %(reference)s, in this file or in the register."
                    )
                    % {"reference": reference},
                )
            else:
                activity = activities.setdefault(reference, ActivityInput(reference, None))
                activity.lists.setdefault(table.id, []).append(row)
    # A sheet provides its list for every activity of the file; a JSON activity's list for that one.
    for table, scope, _unused in children:
        for reference in scope if scope is not None else list(activities):
            if reference in activities:
                activities[reference].lists.setdefault(table.id, [])
