"""The DPO designation record (GDPR Art. 37). Whether designation is mandatory is decided in
:mod:`egide.registry.designation`; this module keeps who holds the role."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record, changed
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.models import DpoDesignation
from egide.registry.selectors import dpo_designation_current
from egide.registry.services._common import (
    apply_fields,
    child_snapshot,
    refuse_unknown_fields,
    validated_copy,
)
from egide.registry.tasks import compliance_schedule

DESIGNATION_FIELDS = (
    "kind",
    "person_name",
    "firm_name",
    "email",
    "phone",
    "designated_on",
    "declared_to_cnil_on",
    "cnil_designation_number",
    "published_contact_url",
    "published_contact_email",
)
# Same kind, person and firm: the same designation being completed, not a new DPO.
_IDENTITY = ("kind", "person_name", "firm_name")


def dpo_designation_set(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> DpoDesignation:
    """Record the organisation's DPO. Completing the current designation (same kind, person and firm)
    updates it; naming someone else ends the current one on the new ``designated_on`` and starts a new one."""
    refuse_unknown_fields(fields, DESIGNATION_FIELDS, "DPO designation")
    current = dpo_designation_current(organisation=organisation)
    with transaction.atomic():
        if current is not None and all(
            fields.get(k, getattr(current, k)) == getattr(current, k) for k in _IDENTITY
        ):
            return _update(actor, current, fields, clock)
        designation = DpoDesignation(organisation=organisation, **fields)
        designation.full_clean(exclude=["organisation"] if current is not None else None)
        if current is not None:
            _end(actor, current, designation.designated_on, clock)
        designation.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="dpo_designation.create",
            obj=designation,
            after=child_snapshot(designation),
            clock=clock,
        )
        compliance_schedule(organisation)
    return designation


def dpo_designation_end(
    *, actor: Actor | User, organisation: Organisation, ended_on: date, clock: Clock = SYSTEM_CLOCK
) -> DpoDesignation:
    """End the current designation (the organisation then has no DPO until a new one is set)."""
    current = dpo_designation_current(organisation=organisation)
    if current is None:
        raise ValidationError(_("The organisation has no current DPO designation."))
    with transaction.atomic():
        return _end(actor, current, ended_on, clock)


def _update(
    actor: Actor | User, designation: DpoDesignation, fields: dict[str, Any], clock: Clock
) -> DpoDesignation:
    before = child_snapshot(designation)
    diff = changed(before, child_snapshot(validated_copy(designation, fields)))
    if diff:
        apply_fields(designation, fields)
        designation.save()
        audit_record(
            actor=actor,
            organisation=designation.organisation,
            action="dpo_designation.update",
            obj=designation,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
        compliance_schedule(designation.organisation)
    return designation


def _end(
    actor: Actor | User, designation: DpoDesignation, ended_on: date, clock: Clock
) -> DpoDesignation:
    if ended_on < designation.designated_on:
        raise ValidationError({"ended_on": _("The end comes before the designation.")})
    designation.ended_on = ended_on
    designation.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        organisation=designation.organisation,
        action="dpo_designation.end",
        obj=designation,
        before={"ended_on": None},
        after={"ended_on": ended_on},
        clock=clock,
    )
    compliance_schedule(designation.organisation)
    return designation
