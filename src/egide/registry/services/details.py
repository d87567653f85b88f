"""Writes on what an activity records: purposes, data categories and retention, recipients, transfers,
security measures, joint controllers and (processor record) the controllers served.

Each service validates, refuses links to another organisation's objects, writes one audit event with
before/after values, and tells the group-sharing machinery which list changed.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from egide.accounts.models import User
from egide.core.audit import Actor, audit_record, changed
from egide.core.clock import SYSTEM_CLOCK, Clock
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
from egide.registry.services._common import (
    apply_fields,
    child_snapshot,
    refuse_other_organisation,
    refuse_unknown_fields,
    validated_copy,
)
from egide.registry.services.sharing import activity_changed
from egide.registry.tasks import compliance_schedule

D = TypeVar("D", bound=models.Model)

# detail model -> (audit name, the activity's list it belongs to, fields a caller may set)
_DETAILS: dict[type[models.Model], tuple[str, str, tuple[str, ...]]] = {
    Purpose: (
        "purpose",
        "purposes",
        (
            "description",
            "is_main",
            "legal_basis",
            "legal_basis_reference",
            "special_category_condition",
            "portability_promised",
            "position",
        ),
    ),
    ActivityDataCategory: (
        "activity_data_category",
        "data_categories",
        (
            "category",
            "retention_duration",
            "retention_unit",
            "retention_start",
            "retention_criteria",
            "retention_rule",
            "source",
            "source_detail",
        ),
    ),
    Recipient: ("recipient", "recipients", ("kind", "name", "vendor", "detail")),
    Transfer: (
        "transfer",
        "transfers",
        ("country", "recipient", "vendor", "tool", "derogation", "tia_note", "tia_on"),
    ),
    ActivitySecurityMeasure: ("security_measure", "security_measures", ("measure", "detail")),
    JointController: (
        "joint_controller",
        "joint_controllers",
        ("name", "contact", "arrangement_summary", "arrangement_reference"),
    ),
    ControllerServed: (
        "controller_served",
        "controllers_served",
        ("name", "contact", "representative", "dpo_contact", "processing_categories"),
    ),
}
_LINKS = ("category", "vendor", "recipient")


def _touch(actor: Actor | User, activity: ProcessingActivity, part: str, clock: Clock) -> None:
    activity.updated_at = clock.now()
    activity.save(update_fields=["updated_at"])
    activity_changed(actor=actor, activity=activity, parts=[part], clock=clock)
    compliance_schedule(activity.organisation)


def _create(
    model: type[D],
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    clock: Clock,
    fields: dict[str, Any],
) -> D:
    name, part, allowed = _DETAILS[model]
    refuse_unknown_fields(fields, allowed, name)
    refuse_other_organisation(activity.organisation, *(fields.get(link) for link in _LINKS))
    detail = model(organisation=activity.organisation, activity=activity, **fields)
    detail.full_clean()
    with transaction.atomic():
        detail.save()
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action=f"{name}.create",
            obj=detail,
            after=child_snapshot(detail),
            clock=clock,
        )
        _touch(actor, activity, part, clock)
    return detail


def _update(detail: D, *, actor: Actor | User, clock: Clock, fields: dict[str, Any]) -> D:
    name, part, allowed = _DETAILS[type(detail)]
    refuse_unknown_fields(fields, allowed, name)
    activity: ProcessingActivity = detail.activity  # type: ignore[attr-defined]
    refuse_other_organisation(activity.organisation, *(fields.get(link) for link in _LINKS))
    before = child_snapshot(detail)
    diff = changed(before, child_snapshot(validated_copy(detail, fields)))
    if not diff:
        return detail
    with transaction.atomic():
        apply_fields(detail, fields)
        detail.save()
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action=f"{name}.update",
            obj=detail,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
        _touch(actor, activity, part, clock)
    return detail


def _delete(detail: models.Model, *, actor: Actor | User, clock: Clock) -> None:
    name, part, _allowed = _DETAILS[type(detail)]
    activity: ProcessingActivity = detail.activity  # type: ignore[attr-defined]
    with transaction.atomic():
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action=f"{name}.delete",
            obj=detail,
            before=child_snapshot(detail),
            clock=clock,
        )
        detail.delete()
        _touch(actor, activity, part, clock)


def purpose_create(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Purpose:
    return _create(Purpose, actor=actor, activity=activity, clock=clock, fields=fields)


def purpose_update(
    *, actor: Actor | User, purpose: Purpose, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Purpose:
    return _update(purpose, actor=actor, clock=clock, fields=fields)


def purpose_delete(*, actor: Actor | User, purpose: Purpose, clock: Clock = SYSTEM_CLOCK) -> None:
    _delete(purpose, actor=actor, clock=clock)


def activity_data_category_add(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> ActivityDataCategory:
    """Record that the activity processes a category, with its retention and source."""
    return _create(ActivityDataCategory, actor=actor, activity=activity, clock=clock, fields=fields)


def activity_data_category_update(
    *,
    actor: Actor | User,
    data_category: ActivityDataCategory,
    clock: Clock = SYSTEM_CLOCK,
    **fields: Any,
) -> ActivityDataCategory:
    return _update(data_category, actor=actor, clock=clock, fields=fields)


def activity_data_category_remove(
    *, actor: Actor | User, data_category: ActivityDataCategory, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(data_category, actor=actor, clock=clock)


def recipient_add(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Recipient:
    return _create(Recipient, actor=actor, activity=activity, clock=clock, fields=fields)


def recipient_update(
    *, actor: Actor | User, recipient: Recipient, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Recipient:
    return _update(recipient, actor=actor, clock=clock, fields=fields)


def recipient_remove(
    *, actor: Actor | User, recipient: Recipient, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(recipient, actor=actor, clock=clock)


def transfer_add(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Transfer:
    """Record a transfer outside the EEA; ``tool`` may be left empty (the compliance checks flag it)."""
    return _create(Transfer, actor=actor, activity=activity, clock=clock, fields=fields)


def transfer_update(
    *, actor: Actor | User, transfer: Transfer, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Transfer:
    return _update(transfer, actor=actor, clock=clock, fields=fields)


def transfer_remove(
    *, actor: Actor | User, transfer: Transfer, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(transfer, actor=actor, clock=clock)


def activity_security_measure_add(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    measure: str,
    detail: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> ActivitySecurityMeasure:
    return _create(
        ActivitySecurityMeasure,
        actor=actor,
        activity=activity,
        clock=clock,
        fields={"measure": measure, "detail": detail},
    )


def activity_security_measure_update(
    *,
    actor: Actor | User,
    security_measure: ActivitySecurityMeasure,
    detail: str,
    clock: Clock = SYSTEM_CLOCK,
) -> ActivitySecurityMeasure:
    return _update(security_measure, actor=actor, clock=clock, fields={"detail": detail})


def activity_security_measure_remove(
    *, actor: Actor | User, security_measure: ActivitySecurityMeasure, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(security_measure, actor=actor, clock=clock)


def joint_controller_add(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> JointController:
    return _create(JointController, actor=actor, activity=activity, clock=clock, fields=fields)


def joint_controller_update(
    *,
    actor: Actor | User,
    joint_controller: JointController,
    clock: Clock = SYSTEM_CLOCK,
    **fields: Any,
) -> JointController:
    return _update(joint_controller, actor=actor, clock=clock, fields=fields)


def joint_controller_remove(
    *, actor: Actor | User, joint_controller: JointController, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(joint_controller, actor=actor, clock=clock)


def controller_served_add(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> ControllerServed:
    """In a processor record: a controller the organisation processes data for (GDPR Art. 30(2)(a))."""
    return _create(ControllerServed, actor=actor, activity=activity, clock=clock, fields=fields)


def controller_served_update(
    *, actor: Actor | User, controller: ControllerServed, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> ControllerServed:
    return _update(controller, actor=actor, clock=clock, fields=fields)


def controller_served_remove(
    *, actor: Actor | User, controller: ControllerServed, clock: Clock = SYSTEM_CLOCK
) -> None:
    _delete(controller, actor=actor, clock=clock)
