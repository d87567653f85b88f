"""The one tabular model of the register, shared by every format (XLSX, ODS, CSV, JSON) and the import.

One row per processing activity in the ``activities`` table; one child table per list an activity
records, keyed by the activity's reference (column ``activity``). Table and column ids are stable English
identifiers (the JSON keys, the CSV file names); headers and sheet names are their translated labels.
A reader recognises a sheet or a column by its id or by its label in English or French.

Cells hold stored values: choice codes (``public_task``), category and measure codes, vendor, recipient and
system names, the owner's email. Columns marked ``export_only`` (labels, timestamps) help the reader and
are ignored on import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from egide.registry.choices import (
    ActivityStatus,
    Art49Derogation,
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
    TransferTool,
)
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ControllerServed,
    JointController,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
)

LANGUAGES = ("en", "fr")
ACTIVITY_KEY = "activity"  # the column of every child table naming the activity's reference
LIST_SEPARATOR = "; "  # between the codes of a list cell (data subject categories)


class Kind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    BOOL = "bool"
    INT = "int"
    DATE = "date"
    DATETIME = "datetime"
    CODES = "codes"  # a list of codes in one cell


@dataclass(frozen=True)
class Column:
    id: str
    kind: Kind = Kind.TEXT
    label: str | Promise | None = None  # default: the model field's verbose name
    choices: type[models.TextChoices] | None = None
    export_only: bool = False
    required: bool = False  # for cells the model cannot check (references by name or code)


@dataclass(frozen=True)
class Table:
    id: str
    label: str | Promise
    model: type[models.Model] | None
    columns: tuple[Column, ...]

    @property
    def is_child(self) -> bool:
        return self.id != "activities"

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def header(self, column: Column) -> str:
        """The translated header of ``column`` (in the active language)."""
        if column.label is not None:
            return str(column.label)
        assert self.model is not None
        model_field = self.model._meta.get_field(column.id)
        return str(capfirst(getattr(model_field, "verbose_name", column.id)))

    @property
    def importable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.export_only)

    @property
    def value_columns(self) -> tuple[Column, ...]:
        """The columns an import writes: importable, less the key (reference or activity)."""
        key = ACTIVITY_KEY if self.is_child else "reference"
        return tuple(c for c in self.importable if c.id != key)

    def values(self, row: tuple[object, ...]) -> dict[str, object]:
        """The written values of an exported ``row``, by column id."""
        wanted = {c.id for c in self.value_columns}
        return {c.id: v for c, v in zip(self.columns, row, strict=True) if c.id in wanted}


def _activity_key() -> Column:
    return Column(ACTIVITY_KEY, label=_("Activity reference"), required=True)


def _table(
    id: str, label: str | Promise, model: type[models.Model] | None, *columns: Column
) -> Table:
    if id != "activities":
        columns = (_activity_key(), *columns)
    return Table(id, label, model, columns)


C, B, N, D = Kind.CHOICE, Kind.BOOL, Kind.INT, Kind.DATE

ACTIVITIES = _table(
    "activities",
    _("Processing activities"),
    ProcessingActivity,
    Column("reference"),
    Column("name"),
    Column("description"),
    Column("record_kind", C, choices=RecordKind),
    Column("status", C, choices=ActivityStatus),
    Column("owner", label=_("Owner (email)")),
    Column("review_on", D),
    Column("representative"),
    Column("large_scale", B),
    Column("vulnerable_subjects", B),
    Column("data_subject_count", N),
    Column("data_subjects", Kind.CODES, label=_("Data subject categories (codes)")),
    Column("template_code"),
    Column("created_at", Kind.DATETIME, export_only=True),
    Column("updated_at", Kind.DATETIME, export_only=True),
)
PURPOSES = _table(
    "purposes",
    _("Purposes"),
    Purpose,
    Column("description"),
    Column("is_main", B),
    Column("legal_basis", C, choices=LegalBasis),
    Column("legal_basis_reference"),
    Column("special_category_condition", C, choices=SpecialCategoryCondition),
    Column("portability_promised", B),
    Column("position", N),
)
DATA_CATEGORIES = _table(
    "data_categories",
    _("Data categories and retention"),
    ActivityDataCategory,
    Column("category", label=_("Data category (code)"), required=True),
    Column("category_label", label=_("Data category"), export_only=True),
    Column("retention_duration", N),
    Column("retention_unit", C, choices=RetentionUnit),
    Column("retention_start", C, choices=RetentionStart),
    Column("retention_criteria"),
    Column("retention_rule"),
    Column("source", C, choices=DataSource),
    Column("source_detail"),
)
RECIPIENTS = _table(
    "recipients",
    _("Recipients"),
    Recipient,
    Column("kind", C, choices=RecipientKind),
    Column("name"),
    Column("vendor", label=_("Vendor (name)")),
    Column("detail"),
)
TRANSFERS = _table(
    "transfers",
    _("Transfers outside the EEA"),
    Transfer,
    Column("country"),
    Column("recipient", label=_("Recipient (name)")),
    Column("vendor", label=_("Vendor (name)")),
    Column("tool", C, choices=TransferTool),
    Column("derogation", C, choices=Art49Derogation),
    Column("tia_note"),
    Column("tia_on", D),
)
SECURITY_MEASURES = _table(
    "security_measures",
    _("Security measures"),
    ActivitySecurityMeasure,
    Column("measure", label=_("Security measure (code)")),
    Column("measure_label", label=_("Security measure"), export_only=True),
    Column("detail"),
)
JOINT_CONTROLLERS = _table(
    "joint_controllers",
    _("Joint controllers"),
    JointController,
    Column("name"),
    Column("contact"),
    Column("arrangement_summary"),
    Column("arrangement_reference"),
)
CONTROLLERS_SERVED = _table(
    "controllers_served",
    _("Controllers served"),
    ControllerServed,
    Column("name"),
    Column("contact"),
    Column("representative"),
    Column("dpo_contact"),
    Column("processing_categories"),
)
SYSTEMS = _table(
    "systems",
    _("Supporting systems"),
    None,
    Column("system", label=_("Supporting system (name)"), required=True),
)

# In writing order: recipients before the transfers that name them.
TABLES: tuple[Table, ...] = (
    ACTIVITIES,
    PURPOSES,
    DATA_CATEGORIES,
    RECIPIENTS,
    TRANSFERS,
    SECURITY_MEASURES,
    JOINT_CONTROLLERS,
    CONTROLLERS_SERVED,
    SYSTEMS,
)
TABLE_BY_ID: dict[str, Table] = {t.id: t for t in TABLES}
CHILD_TABLES: tuple[Table, ...] = TABLES[1:]

_SPACES = re.compile(r"\s+")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def normalise_name(name: object) -> str:
    """How headers and sheet names are compared: case-folded, spaces collapsed."""
    return _SPACES.sub(" ", str(name or "")).strip().casefold()


def sheet_title(label: str) -> str:
    """A sheet name spreadsheets accept (31 characters, none of ``[]:*?/\\``)."""
    return _SHEET_FORBIDDEN.sub("-", label)[:31]


def _names(id: str, label: object, sheet: bool) -> set[str]:
    names = {normalise_name(id)}
    for language in LANGUAGES:
        with override(language):
            text = str(label)
        names.add(normalise_name(text))
        if sheet:
            names.add(normalise_name(sheet_title(text)))
    return names


def table_named(name: str) -> Table | None:
    """The table a sheet (or CSV file, or JSON key) called ``name`` holds, if any."""
    return _table_lookup().get(normalise_name(name))


@cache
def _column_lookup(table_id: str) -> dict[str, Column]:
    table = TABLE_BY_ID[table_id]
    lookup: dict[str, Column] = {}
    for column in table.columns:
        label = column.label if column.label is not None else _LazyHeader(table, column)
        for name in _names(column.id, label, sheet=False):
            lookup.setdefault(name, column)
    return lookup


@cache
def _table_lookup() -> dict[str, Table]:
    lookup: dict[str, Table] = {}
    for table in TABLES:
        for name in _names(table.id, table.label, sheet=True):
            lookup.setdefault(name, table)
    return lookup


def columns_named(table: Table, headers: Iterable[object]) -> list[Column | None]:
    """The column of each header (None for an unknown or empty header)."""
    lookup = _column_lookup(table.id)
    return [lookup.get(normalise_name(h)) if h not in (None, "") else None for h in headers]


class _LazyHeader:
    """A column's default header, rendered in the language active when it is turned into text."""

    def __init__(self, table: Table, column: Column) -> None:
        self.table, self.column = table, column

    def __str__(self) -> str:
        return self.table.header(self.column)
