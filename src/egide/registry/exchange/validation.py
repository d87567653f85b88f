"""What the file asks for, checked against the register before anything is written: each activity's
fields and lists completed with defaults (or the register's values for columns the file leaves out),
validated by the models' own rules and against the organisation's categories, vendors, systems and members.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, Organisation, User
from egide.core.clock import Clock
from egide.registry.choices import ActivityStatus, RecordKind
from egide.registry.exchange.columns import ACTIVITIES, TABLE_BY_ID, Column, Kind, Table
from egide.registry.exchange.export import RegisterTables
from egide.registry.exchange.reading import ActivityInput, Problems, RowInput
from egide.registry.models import (
    DataCategory,
    DataSubjectCategory,
    InformationSystem,
    ProcessingActivity,
    Vendor,
)
from egide.registry.taxonomy import DATA_CATEGORY_BY_CODE, DATA_SUBJECT_BY_CODE

D, R, V, A = (s.value for s in ActivityStatus)
# The workflow services an import runs to bring an activity from one status to another.
STATUS_STEPS: dict[tuple[str, str], tuple[str, ...]] = {
    (D, R): ("submit",),
    (D, V): ("validate",),
    (D, A): ("archive",),
    (R, V): ("validate",),
    (R, A): ("archive",),
    (V, A): ("archive",),
    (A, D): ("restore",),
    (A, R): ("restore", "submit"),
    (A, V): ("restore", "validate"),
}
# Model fields the reading checks itself (references by code or name, relations).
_NOT_MODEL_CHECKED = ["organisation", "activity", "owner", "category", "vendor", "recipient"]
_ACTIVITY_UNCHECKED = [
    "shared_from",
    "validated_by",
    "created_at",
    "updated_at",
    "overridden_fields",
]


@dataclass
class Lookups:
    """The organisation's register as the checks need it (a fixed number of queries)."""

    organisation: Organisation
    activities: dict[str, ProcessingActivity]
    current: RegisterTables
    categories: dict[str, DataCategory]
    subjects: dict[str, DataSubjectCategory]
    vendors: dict[str, Vendor]
    systems: dict[str, InformationSystem]
    members: dict[str, User]
    cache: dict[str, dict[str, list[tuple[Any, ...]]]] = field(default_factory=dict)

    def current_fields(self, reference: str) -> dict[str, Any] | None:
        for row in self._rows("activities").get(reference, []):
            return ACTIVITIES.values(row)
        return None

    def current_list(self, reference: str, table: Table) -> list[dict[str, Any]]:
        return [table.values(row) for row in self._rows(table.id).get(reference, [])]

    def _rows(self, table_id: str) -> dict[str, list[tuple[Any, ...]]]:
        cache = self.cache
        if table_id not in cache:
            if table_id == "activities":
                cache[table_id] = {r[0]: [r] for r in self.current.rows.get(table_id, [])}
            else:
                cache[table_id] = self.current.by_activity(table_id)
        return cache[table_id]


def members_by_email(*, organisation: Organisation, clock: Clock) -> dict[str, User]:
    live = (
        Membership.objects.filter(organisation=organisation, revoked_at__isnull=True)
        .exclude(expires_at__lte=clock.now())
        .select_related("user")
    )
    return {m.user.email.lower(): m.user for m in live}


def _default(column: Column) -> Any:
    return {Kind.BOOL: False, Kind.INT: None, Kind.DATE: None, Kind.CODES: []}.get(column.kind, "")


@dataclass
class Desired:
    """What an activity must hold after the import."""

    reference: str
    row: RowInput | None
    existing: ProcessingActivity | None
    fields: dict[str, Any]
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rows: dict[str, list[RowInput]] = field(default_factory=dict)


def desired_activity(item: ActivityInput, lookups: Lookups) -> Desired:
    current = lookups.current_fields(item.reference)
    if current is None:
        fields = {c.id: _default(c) for c in ACTIVITIES.value_columns}
        fields.update(record_kind=RecordKind.CONTROLLER.value, status=ActivityStatus.DRAFT.value)
    else:
        fields = dict(current)
    given = dict(item.row.values) if item.row else {}
    given.pop("reference", None)
    for name in ("record_kind", "status"):  # blank: the default, or the activity's own value
        if given.get(name) == "":
            del given[name]
    fields.update(given)
    desired = Desired(item.reference, item.row, lookups.activities.get(item.reference), fields)
    for table_id, rows in item.lists.items():
        table = TABLE_BY_ID[table_id]
        desired.rows[table_id] = rows
        desired.lists[table_id] = [
            {c.id: row.values.get(c.id, _default(c)) for c in table.value_columns} for row in rows
        ]
        for position, value in enumerate(desired.lists[table_id]):
            if "position" in value and value["position"] is None:  # purposes: the file's order
                value["position"] = position
    return desired


def _model_check(
    instance: models.Model, exclude: list[str], row: RowInput, problems: Problems
) -> None:
    try:
        instance.full_clean(
            exclude=exclude + sorted(row.failed), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        columns = {c.id for c in row.table.columns}
        for name, messages in exc.message_dict.items():
            if name in row.failed:
                continue
            column = row.header(name) if name in columns and name != NON_FIELD_ERRORS else ""
            for message in messages:
                problems.add(row.sheet, row.row, column, message)


def check_activity(desired: Desired, lookups: Lookups, problems: Problems) -> None:
    """Add a problem for everything in ``desired`` the register would refuse."""
    row, fields = desired.row, desired.fields
    if row is not None:
        model_fields = {c.id for c in ACTIVITIES.value_columns} - {"owner", "data_subjects"}
        candidate = ProcessingActivity(
            organisation=lookups.organisation,
            reference=desired.reference,
            **{k: v for k, v in fields.items() if k in model_fields},
        )
        _model_check(candidate, _NOT_MODEL_CHECKED + _ACTIVITY_UNCHECKED, row, problems)
        current_owner = (lookups.current_fields(desired.reference) or {}).get("owner", "")
        if fields["owner"] and fields["owner"].lower() == current_owner.lower():
            fields["owner"] = current_owner
        elif fields["owner"]:
            user = lookups.members.get(fields["owner"].lower())
            if user is None:
                problems.add(
                    row.sheet,
                    row.row,
                    row.header("owner"),
                    _("No member of the organisation has the email %(email)s.")
                    % {"email": fields["owner"]},
                )
            else:
                fields["owner"] = user.email
        for code in fields["data_subjects"]:
            if code not in lookups.subjects and code not in DATA_SUBJECT_BY_CODE:
                problems.add(
                    row.sheet,
                    row.row,
                    row.header("data_subjects"),
                    _("Unknown data subject category %(code)s.") % {"code": code},
                )
        _check_status(desired, row, problems)
    for table_id, rows in desired.rows.items():
        _check_list(desired, TABLE_BY_ID[table_id], rows, lookups, problems)


def _check_status(desired: Desired, row: RowInput, problems: Problems) -> None:
    before = desired.existing.status if desired.existing else D
    after = desired.fields["status"]
    if before != after and (before, after) not in STATUS_STEPS:
        problems.add(
            row.sheet,
            row.row,
            row.header("status"),
            _("An import cannot take an activity from “%(before)s” back to “%(after)s”.")
            % {"before": ActivityStatus(before).label, "after": ActivityStatus(after).label},
        )


def _recipient_names(desired: Desired, lookups: Lookups) -> set[str]:
    if "recipients" in desired.lists:
        return {r["name"] for r in desired.lists["recipients"]}
    recipients = lookups.current_list(desired.reference, TABLE_BY_ID["recipients"])
    return {r["name"] for r in recipients}


def _unknown(row: RowInput, column: str, message: str, problems: Problems) -> None:
    problems.add(row.sheet, row.row, row.header(column), message)


def _check_list(
    desired: Desired, table: Table, rows: list[RowInput], lookups: Lookups, problems: Problems
) -> None:
    values = desired.lists[table.id]
    unique = {"data_categories": "category", "security_measures": "measure", "systems": "system"}
    counts = Counter(v[unique[table.id]] for v in values) if table.id in unique else Counter()
    main_rows = [r.row for r, v in zip(rows, values, strict=True) if v.get("is_main")]
    for row, value in zip(rows, values, strict=True):
        if table.model is not None:
            fields = {k: v for k, v in value.items() if k not in _NOT_MODEL_CHECKED}
            instance = table.model(organisation=lookups.organisation, **fields)
            _model_check(instance, _NOT_MODEL_CHECKED, row, problems)
        key = unique.get(table.id)
        if key and value[key] and counts[value[key]] > 1:
            _unknown(row, key, _("%(value)s is listed twice.") % {"value": value[key]}, problems)
        if table.id == "purposes" and value["is_main"] and row.row != main_rows[0]:
            message = _("Only one purpose can be the main one (see row %(row)s).")
            _unknown(row, "is_main", message % {"row": main_rows[0]}, problems)
        _check_references(desired, table, row, value, lookups, problems)


def _check_references(
    desired: Desired,
    table: Table,
    row: RowInput,
    value: dict[str, Any],
    lookups: Lookups,
    problems: Problems,
) -> None:
    category = value.get("category")
    if table.id == "data_categories" and "category" not in row.failed:
        if not category:
            _unknown(row, "category", _("A data category code is required."), problems)
        elif category not in lookups.categories and category not in DATA_CATEGORY_BY_CODE:
            message = _(
                "Unknown data category %(code)s: use a built-in code or add the category to the "
                "organisation's data categories first."
            )
            _unknown(row, "category", message % {"code": category}, problems)
    vendor = value.get("vendor")
    if vendor and vendor not in lookups.vendors:
        message = _("No vendor of the organisation is named %(name)s.") % {"name": vendor}
        _unknown(row, "vendor", message, problems)
    recipient = value.get("recipient")
    if recipient and recipient not in _recipient_names(desired, lookups):
        message = _("The activity has no recipient named %(name)s.") % {"name": recipient}
        _unknown(row, "recipient", message, problems)
    system = value.get("system")
    if table.id == "systems" and not system:
        _unknown(row, "system", _("A system name is required."), problems)
    elif system and system not in lookups.systems:
        message = _("No information system of the organisation is named %(name)s.")
        _unknown(row, "system", message % {"name": system}, problems)
