"""Importing a register file: read, check everything, then write all of it or nothing.

Semantics (see ``docs/registry-import-export.md``):

* activities are matched by reference: a new reference creates a draft activity (then taken to the file's
  status), a known one is updated; activities the file does not name are left alone (never deleted);
* a column the file leaves out keeps the register's value (the default for a new activity);
* a list the file provides (a child sheet, a JSON list key) replaces the activity's list when it differs;
  an activity with no row in a provided sheet ends with an empty list; a missing sheet keeps the lists;
* every problem (sheet, row, column, reason) is collected before anything is written; with any problem,
  or with ``dry_run``, nothing is written and the report says what would be created, updated or left;
* the writes go through the register's services (one audit event each) in one transaction, and one
  ``registry.import`` event sums the import up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.exchange.columns import TABLE_BY_ID
from egide.registry.exchange.export import register_tables
from egide.registry.exchange.formats import READERS, FileFormatError
from egide.registry.exchange.reading import ImportProblem, Problems, read_sheets
from egide.registry.exchange.validation import (
    Desired,
    Lookups,
    check_activity,
    desired_activity,
    members_by_email,
)
from egide.registry.exchange.writing import RegisterWriter
from egide.registry.models import ProcessingActivity
from egide.registry.selectors import (
    data_categories_list,
    data_subject_categories_list,
    information_systems_list,
    vendors_list,
)

Action = Literal["create", "update", "unchanged"]
_FILTER_LIMIT = 500  # past this many references, read the whole register rather than filter on them


@dataclass(frozen=True)
class ActivityChange:
    reference: str
    name: str
    action: Action
    changes: tuple[str, ...] = ()  # the fields and lists an update changes


@dataclass
class ImportReport:
    problems: list[ImportProblem] = field(default_factory=list)
    changes: list[ActivityChange] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        counted = Counter(str(change.action) for change in self.changes)
        return {action: counted[action] for action in ("create", "update", "unchanged")}


def _lookups(organisation: Organisation, references: list[str], clock: Clock) -> Lookups:
    existing = {a.reference: a for a in ProcessingActivity.objects.for_organisation(organisation)}
    known = [r for r in references if r in existing]
    current = register_tables(
        organisation=organisation, references=known if len(known) <= _FILTER_LIMIT else None
    )
    return Lookups(
        organisation=organisation,
        activities=existing,
        current=current,
        categories={c.code: c for c in data_categories_list(organisation=organisation)},
        subjects={c.code: c for c in data_subject_categories_list(organisation=organisation)},
        vendors={v.name: v for v in vendors_list(organisation=organisation)},
        systems={s.name: s for s in information_systems_list(organisation=organisation)},
        members=members_by_email(organisation=organisation, clock=clock),
    )


def _same_rows(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> bool:
    def key(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
        return Counter(tuple(sorted(row.items())) for row in rows)

    return key(left) == key(right)


def _changes(desired: Desired, lookups: Lookups) -> tuple[str, ...]:
    current = lookups.current_fields(desired.reference) or {}
    changed = [
        name
        for name, value in desired.fields.items()
        if name != "template_code"  # set when the activity is created, kept after
        and (sorted(value) if name == "data_subjects" else value)
        != (sorted(current[name]) if name == "data_subjects" else current[name])
    ]
    for table_id, rows in desired.lists.items():
        if not _same_rows(rows, lookups.current_list(desired.reference, TABLE_BY_ID[table_id])):
            changed.append(table_id)
    return tuple(changed)


def register_import(
    *,
    actor: Actor | User,
    organisation: Organisation,
    content: bytes,
    format: str,
    table: str = "",
    dry_run: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportReport:
    """Import ``content`` (a file of ``format``: xlsx, ods, csv, json) into ``organisation``'s register.
    ``table`` names the table of a plain CSV file (default: activities)."""
    if format not in READERS:
        raise ValueError(f"unknown import format {format!r}")
    problems = Problems()
    existing_refs = set(
        ProcessingActivity.objects.for_organisation(organisation).values_list(
            "reference", flat=True
        )
    )
    try:
        sheets = READERS[format].read(content, table=table)
        items = read_sheets(sheets, existing=existing_refs, problems=problems)
    except FileFormatError as exc:
        problems.add("", None, "", _("The file cannot be read: %(reason)s") % {"reason": exc})
        return ImportReport(problems=list(problems))
    lookups = _lookups(organisation, list(items), clock)
    wanted = [desired_activity(item, lookups) for item in items.values()]
    for desired in wanted:
        check_activity(desired, lookups, problems)
    if problems:
        return ImportReport(problems=list(problems))
    changes = []
    for desired in wanted:
        if desired.existing is None:
            changes.append(ActivityChange(desired.reference, desired.fields["name"], "create"))
        else:
            found = _changes(desired, lookups)
            action: Action = "update" if found else "unchanged"
            changes.append(ActivityChange(desired.reference, desired.fields["name"], action, found))
    report = ImportReport(changes=changes)
    if dry_run:
        return report
    writer = RegisterWriter(actor=actor, lookups=lookups, clock=clock)
    try:
        with transaction.atomic():
            for desired, change in zip(wanted, changes, strict=True):
                if change.action != "unchanged":
                    writer.write(desired, change.changes)
            audit_record(
                actor=actor,
                organisation=organisation,
                action="registry.import",
                object_type="registry.processingactivity",
                object_repr=f"register import ({format})",
                after={
                    "format": format,
                    "created": [c.reference for c in changes if c.action == "create"],
                    "updated": {
                        c.reference: list(c.changes) for c in changes if c.action == "update"
                    },
                    "unchanged": report.counts()["unchanged"],
                },
                clock=clock,
            )
    except ValidationError as exc:
        where = writer.current
        sheet, row = (where.sheet, where.row) if where is not None else ("", None)
        problems.add(sheet, row, "", " ".join(exc.messages))
        return ImportReport(problems=list(problems), changes=changes)
    report.written = True
    return report
