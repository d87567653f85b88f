"""Writing a checked import through the register's services: every change is one audited service call,
inside the importer's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from egide.accounts.models import User
from egide.core.audit import Actor
from egide.core.clock import Clock
from egide.registry import services
from egide.registry.exchange.columns import CHILD_TABLES, TABLE_BY_ID, Table
from egide.registry.exchange.reading import RowInput
from egide.registry.exchange.validation import STATUS_STEPS, Desired, Lookups
from egide.registry.models import ProcessingActivity
from egide.registry.services._common import ACTIVITY_EDITABLE_FIELDS

Service = Callable[..., Any]

# list -> (the service removing one item, its keyword), the service adding one
_REMOVE: dict[str, tuple[Service, str]] = {
    "purposes": (services.purpose_delete, "purpose"),
    "data_categories": (services.activity_data_category_remove, "data_category"),
    "recipients": (services.recipient_remove, "recipient"),
    "transfers": (services.transfer_remove, "transfer"),
    "security_measures": (services.activity_security_measure_remove, "security_measure"),
    "joint_controllers": (services.joint_controller_remove, "joint_controller"),
    "controllers_served": (services.controller_served_remove, "controller"),
}
_ADD: dict[str, Service] = {
    "purposes": services.purpose_create,
    "data_categories": services.activity_data_category_add,
    "recipients": services.recipient_add,
    "transfers": services.transfer_add,
    "security_measures": services.activity_security_measure_add,
    "joint_controllers": services.joint_controller_add,
    "controllers_served": services.controller_served_add,
}
_STEPS: dict[str, Service] = {
    "submit": services.processing_activity_submit_for_review,
    "validate": services.processing_activity_validate,
    "archive": services.processing_activity_archive,
    "restore": services.processing_activity_restore,
}
_EDITABLE = [f for f in ACTIVITY_EDITABLE_FIELDS if f != "reference"]


class RegisterWriter:
    """Writes one checked activity at a time; ``current`` is the row being written (for messages)."""

    def __init__(self, *, actor: Actor | User, lookups: Lookups, clock: Clock) -> None:
        self.actor, self.lookups, self.clock = actor, lookups, clock
        self.current: RowInput | None = None

    def _call(self, service: Service, **kwargs: Any) -> Any:
        return service(actor=self.actor, clock=self.clock, **kwargs)

    def _value(self, name: str, value: Any) -> Any:
        if name == "owner":
            return self.lookups.members[value.lower()] if value else None
        return value

    def write(self, desired: Desired, changes: tuple[str, ...]) -> ProcessingActivity:
        self.current = desired.row
        self._ensure_builtins(desired)
        fields = desired.fields
        if desired.existing is None:
            activity = self._call(
                services.processing_activity_create,
                organisation=self.lookups.organisation,
                reference=desired.reference,
                template_code=fields["template_code"],
                **{name: self._value(name, fields[name]) for name in _EDITABLE},
            )
            lists = [t for t, rows in desired.lists.items() if rows]
            subjects_changed = bool(fields["data_subjects"])
        else:
            activity = desired.existing
            activity.organisation = self.lookups.organisation
            edited = {n: self._value(n, fields[n]) for n in _EDITABLE if n in changes}
            if edited:
                self._call(services.processing_activity_update, activity=activity, **edited)
            lists = [t for t in desired.lists if t in changes]
            subjects_changed = "data_subjects" in changes
            self._keep_transfer_links(desired, lists)
        if subjects_changed:
            subjects = [self.lookups.subjects[code] for code in fields["data_subjects"]]
            self._call(
                services.processing_activity_set_data_subjects,
                activity=activity,
                categories=subjects,
            )
        for table in CHILD_TABLES:
            if table.id in lists:
                self._replace(activity, table, desired)
        for step in STATUS_STEPS.get((activity.status, fields["status"]), ()):
            self._call(_STEPS[step], activity=activity)
        return activity

    def _ensure_builtins(self, desired: Desired) -> None:
        lookups = self.lookups
        codes = {row["category"] for row in desired.lists.get("data_categories", [])}
        if codes - set(lookups.categories):
            lookups.categories = services.data_categories_ensure(
                organisation=lookups.organisation, actor=self.actor, clock=self.clock
            )
        if set(desired.fields["data_subjects"]) - set(lookups.subjects):
            lookups.subjects = services.data_subject_categories_ensure(
                organisation=lookups.organisation, actor=self.actor, clock=self.clock
            )

    def _keep_transfer_links(self, desired: Desired, lists: list[str]) -> None:
        """Replacing recipients unlinks the transfers naming them: rewrite those transfers too."""
        if "recipients" not in lists or "transfers" in lists:
            return
        transfers = self.lookups.current_list(desired.reference, TABLE_BY_ID["transfers"])
        if any(t["recipient"] for t in transfers):
            desired.lists["transfers"] = transfers
            lists.append("transfers")

    def _replace(self, activity: ProcessingActivity, table: Table, desired: Desired) -> None:
        if table.id == "systems":
            names = [row["system"] for row in desired.lists["systems"]]
            self._call(
                services.processing_activity_set_systems,
                activity=activity,
                systems=[self.lookups.systems[name] for name in names],
            )
            return
        remove, keyword = _REMOVE[table.id]
        for item in list(getattr(activity, table.id).all()):
            self._call(remove, **{keyword: item})
        recipients = (
            {r.name: r for r in activity.recipients.all()} if table.id == "transfers" else {}
        )
        rows = desired.rows.get(table.id, [])
        for position, value in enumerate(desired.lists[table.id]):
            self.current = rows[position] if position < len(rows) else desired.row
            fields = dict(value)
            if "category" in fields:
                fields["category"] = self.lookups.categories[fields["category"]]
            if "vendor" in fields:
                fields["vendor"] = (
                    self.lookups.vendors.get(fields["vendor"]) if value["vendor"] else None
                )
            if "recipient" in fields:
                fields["recipient"] = (
                    recipients.get(value["recipient"]) if value["recipient"] else None
                )
            self._call(_ADD[table.id], activity=activity, **fields)
        self.current = desired.row
