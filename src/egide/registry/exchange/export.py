"""Reading the whole register as tables (a bounded number of queries, whatever its size) and exporting it.

:func:`register_tables` reads what the import compares with and every format writes; :func:`register_export`
is the audited export the CLI and the download page call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import translation

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.registry.exchange.columns import LANGUAGES, TABLE_BY_ID, Column, Kind
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
from egide.registry.taxonomy import DATA_CATEGORY_BY_CODE, SECURITY_MEASURE_BY_CODE

Row = tuple[Any, ...]


@dataclass
class RegisterTables:
    """The register as rows of :data:`~egide.registry.exchange.columns.TABLES`, cells in column order
    (export-only columns included). Child rows follow their activities' order."""

    organisation: Organisation
    rows: dict[str, list[Row]] = field(default_factory=dict)

    @property
    def activity_count(self) -> int:
        return len(self.rows.get("activities", []))

    def by_activity(self, table_id: str) -> dict[str, list[Row]]:
        """A child table's rows grouped by activity reference."""
        grouped: dict[str, list[Row]] = defaultdict(list)
        for row in self.rows.get(table_id, []):
            grouped[row[0]].append(row)
        return grouped


def _text(value: Any) -> str:
    return "" if value is None else value


def _cell(column: Column, value: Any) -> Any:
    """Text columns hold "" rather than None (a null foreign key's name); others keep None."""
    return _text(value) if column.kind in (Kind.TEXT, Kind.CHOICE) else value


def _local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(PARIS) if moment is not None else None


def register_tables(
    *, organisation: Organisation, references: Iterable[str] | None = None
) -> RegisterTables:
    """Every activity of ``organisation`` (archived ones included), or only those with ``references``."""
    activities = ProcessingActivity.objects.for_organisation(organisation).order_by("reference")
    if references is not None:
        activities = activities.filter(reference__in=list(references))
    main = list(
        activities.values_list(
            "pk", "reference", "name", "description", "record_kind", "status", "owner__email",
            "review_on", "representative", "large_scale", "vulnerable_subjects",
            "data_subject_count", "template_code", "created_at", "updated_at",
        )
    )  # fmt: skip
    refs = {pk: ref for pk, ref, *_rest in main}
    order = {ref: position for position, ref in enumerate(refs.values())}
    only = list(refs) if references is not None else None
    subjects = _codes(
        _through(ProcessingActivity.data_subjects.through, organisation, only).values_list(
            "processingactivity_id", "datasubjectcategory__code"
        )
    )
    result = RegisterTables(organisation)
    result.rows["activities"] = [
        (
            *(_text(v) for v in row[1:7]),
            row[7],
            _text(row[8]),
            row[9],
            row[10],
            row[11],
            sorted(subjects.get(row[0], [])),
            row[12],
            _local(row[13]),
            _local(row[14]),
        )
        for row in main
    ]
    for table_id, rows in _child_rows(organisation, only):
        columns = TABLE_BY_ID[table_id].columns[1:]
        keyed = [
            (refs[activity_id], *(_cell(c, v) for c, v in zip(columns, cells, strict=True)))
            for activity_id, *cells in rows
        ]
        keyed.sort(key=lambda r: order[r[0]])  # stable: keeps each list's own order
        result.rows[table_id] = keyed
    return result


def _codes(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    for activity_id, code in pairs:
        grouped[activity_id].append(code)
    return grouped


def _through(model: Any, organisation: Organisation, activity_ids: list[int] | None) -> Any:
    """Rows of a many-to-many table of activities (reached through the organisation's activities)."""
    if activity_ids is None:
        return model.objects.filter(processingactivity__organisation=organisation)
    return model.objects.filter(processingactivity_id__in=activity_ids)


def _child_rows(
    organisation: Organisation, activity_ids: list[int] | None
) -> Iterator[tuple[str, list[Row]]]:
    def scoped(model: Any) -> Any:
        rows = model.objects.for_organisation(organisation)
        return rows if activity_ids is None else rows.filter(activity_id__in=activity_ids)

    yield (
        "purposes",
        list(
            scoped(Purpose)
            .order_by("activity_id", "-is_main", "position", "pk")
            .values_list(
                "activity_id", "description", "is_main", "legal_basis", "legal_basis_reference",
                "special_category_condition", "portability_promised", "position",
            )
        ),
    )  # fmt: skip
    data = scoped(ActivityDataCategory).order_by("activity_id", "category__code", "pk")
    yield (
        "data_categories",
        [
            (activity_id, code, _category_label(code, label, builtin), *rest)
            for activity_id, code, label, builtin, *rest in data.values_list(
                "activity_id", "category__code", "category__label", "category__builtin",
                "retention_duration", "retention_unit", "retention_start", "retention_criteria",
                "retention_rule", "source", "source_detail",
            )
        ],
    )  # fmt: skip
    yield (
        "recipients",
        list(
            scoped(Recipient)
            .order_by("activity_id", "kind", "name", "pk")
            .values_list("activity_id", "kind", "name", "vendor__name", "detail")
        ),
    )
    yield (
        "transfers",
        list(
            scoped(Transfer)
            .order_by("activity_id", "country", "pk")
            .values_list(
                "activity_id", "country", "recipient__name", "vendor__name", "tool",
                "derogation", "tia_note", "tia_on",
            )
        ),
    )  # fmt: skip
    measures = scoped(ActivitySecurityMeasure).order_by("activity_id", "measure", "pk")
    yield (
        "security_measures",
        [
            (activity_id, code, _measure_label(code), detail)
            for activity_id, code, detail in measures.values_list(
                "activity_id", "measure", "detail"
            )
        ],
    )
    yield (
        "joint_controllers",
        list(
            scoped(JointController)
            .order_by("activity_id", "name", "pk")
            .values_list(
                "activity_id", "name", "contact", "arrangement_summary", "arrangement_reference"
            )
        ),
    )
    yield (
        "controllers_served",
        list(
            scoped(ControllerServed)
            .order_by("activity_id", "name", "pk")
            .values_list(
                "activity_id", "name", "contact", "representative", "dpo_contact",
                "processing_categories",
            )
        ),
    )  # fmt: skip
    yield (
        "systems",
        list(
            _through(ProcessingActivity.systems.through, organisation, activity_ids)
            .order_by("processingactivity_id", "informationsystem__name")
            .values_list("processingactivity_id", "informationsystem__name")
        ),
    )


def _category_label(code: str, label: str, builtin: bool) -> str:
    definition = DATA_CATEGORY_BY_CODE.get(code) if builtin else None
    return str(definition.label) if definition is not None else label


def _measure_label(code: str) -> str:
    definition = SECURITY_MEASURE_BY_CODE.get(code)
    return str(definition.label) if definition is not None else code


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str
    activity_count: int


def register_export(
    *,
    actor: Actor | User,
    organisation: Organisation,
    format: str,
    language: str = "en",
    table: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> ExportFile:
    """The register of ``organisation`` as a file of ``format`` (xlsx, ods, csv, json, pdf) in
    ``language``; ``table`` (csv only) gives one table as a plain CSV instead of a zip of all. The export
    is recorded in the organisation's audit trail."""
    from egide.registry.exchange.formats import FORMATS
    from egide.registry.exchange.formats.csv import write_csv_table

    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if table and (format != "csv" or table not in TABLE_BY_ID):
        raise ValueError(f"a single table ({table!r}) is exported as CSV only")
    writer = FORMATS[format]
    now = clock.now()
    data = register_tables(organisation=organisation)
    with translation.override(language):
        content = write_csv_table(data, table) if table else writer.write(data, now=now)
    extension = writer.extension if not table else "csv"
    day = now.astimezone(PARIS).date().isoformat()
    name = f"{organisation.slug}-register{'-' + table if table else ''}-{day}.{extension}"
    with transaction.atomic():
        audit_record(
            actor=actor,
            organisation=organisation,
            action="registry.export",
            object_type="registry.processingactivity",
            object_repr=f"register ({format})",
            after={
                "format": format,
                "language": language,
                "table": table,
                "activities": data.activity_count,
            },
            clock=clock,
        )
    return ExportFile(
        content,
        name,
        writer.content_type if not table else "text/csv",
        data.activity_count,
    )
