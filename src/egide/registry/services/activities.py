"""Writes on processing activities: create, update, the status workflow, data subjects and systems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, Organisation, User
from egide.core.audit import Actor, audit_record, changed, snapshot
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.choices import ActivityStatus
from egide.registry.models import (
    ACTIVITY_FIELDS,
    DataSubjectCategory,
    InformationSystem,
    ProcessingActivity,
)
from egide.registry.selectors import processing_activity_next_reference
from egide.registry.services._common import (
    ACTIVITY_EDITABLE_FIELDS,
    apply_fields,
    refuse_other_organisation,
    refuse_unknown_fields,
    validated_copy,
)
from egide.registry.services.sharing import activity_changed
from egide.registry.tasks import compliance_schedule

# Which statuses each workflow step starts from.
_SUBMITTABLE = {ActivityStatus.DRAFT}
_VALIDATABLE = {ActivityStatus.DRAFT, ActivityStatus.IN_REVIEW}
_ARCHIVABLE = {ActivityStatus.DRAFT, ActivityStatus.IN_REVIEW, ActivityStatus.VALIDATED}


def _refuse_non_member_owner(organisation: Organisation, owner: User | None, clock: Clock) -> None:
    if owner is None:
        return
    now = clock.now()
    live = Membership.objects.filter(
        user=owner, organisation=organisation, revoked_at__isnull=True
    ).exclude(expires_at__lte=now)
    if not live.exists():
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})


def processing_activity_create(
    *,
    actor: Actor | User,
    organisation: Organisation,
    name: str,
    clock: Clock = SYSTEM_CLOCK,
    reference: str = "",
    template_code: str = "",
    **fields: Any,
) -> ProcessingActivity:
    """A new draft activity of ``organisation``; ``reference`` defaults to the next free "T-nnn"."""
    refuse_unknown_fields(fields, ACTIVITY_EDITABLE_FIELDS, "processing activity")
    _refuse_non_member_owner(organisation, fields.get("owner"), clock)
    now = clock.now()
    with transaction.atomic():
        activity = ProcessingActivity(
            organisation=organisation,
            name=name,
            reference=reference or processing_activity_next_reference(organisation=organisation),
            template_code=template_code,
            status=ActivityStatus.DRAFT,
            created_at=now,
            updated_at=now,
            **fields,
        )
        activity.full_clean()
        activity.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="processing_activity.create",
            obj=activity,
            after=snapshot(activity, ACTIVITY_FIELDS),
            clock=clock,
        )
        compliance_schedule(organisation)
    return activity


def processing_activity_update(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> ProcessingActivity:
    """Change the activity's own fields. On a group copy, the shared fields changed become local overrides;
    on a shared activity, the group's copies follow."""
    refuse_unknown_fields(fields, ACTIVITY_EDITABLE_FIELDS, "processing activity")
    if "owner" in fields:
        _refuse_non_member_owner(activity.organisation, fields["owner"], clock)
    before = snapshot(activity, ACTIVITY_FIELDS)
    candidate = validated_copy(activity, fields)
    diff = changed(before, snapshot(candidate, ACTIVITY_FIELDS))
    if not diff:
        return activity
    with transaction.atomic():
        apply_fields(activity, fields)
        activity.updated_at = clock.now()
        activity.save()
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action="processing_activity.update",
            obj=activity,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
        activity_changed(actor=actor, activity=activity, parts=diff.keys(), clock=clock)
        compliance_schedule(activity.organisation)
    return activity


def _transition(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    allowed_from: set[ActivityStatus],
    to: ActivityStatus,
    action: str,
    clock: Clock,
    **extra: Any,
) -> ProcessingActivity:
    if activity.status not in allowed_from:
        raise ValidationError(
            _("A %(status)s activity cannot become %(target)s.")
            % {"status": activity.get_status_display(), "target": ActivityStatus(to).label},
            code="status",
        )
    names = ["status", *extra]
    before = snapshot(activity, names)
    with transaction.atomic():
        activity.status = to
        apply_fields(activity, extra)
        activity.updated_at = clock.now()
        activity.save()
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action=action,
            obj=activity,
            before=before,
            after=snapshot(activity, names),
            clock=clock,
        )
        compliance_schedule(activity.organisation)
    return activity


def processing_activity_submit_for_review(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> ProcessingActivity:
    return _transition(
        actor=actor,
        activity=activity,
        allowed_from=_SUBMITTABLE,
        to=ActivityStatus.IN_REVIEW,
        action="processing_activity.submit",
        clock=clock,
    )


def processing_activity_validate(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> ProcessingActivity:
    """Record the controller's validation (the view checks the actor holds ``Perm.VALIDATE``)."""
    validator = actor.user if isinstance(actor, Actor) else actor
    return _transition(
        actor=actor,
        activity=activity,
        allowed_from=_VALIDATABLE,
        to=ActivityStatus.VALIDATED,
        action="processing_activity.validate",
        clock=clock,
        validated_at=clock.now(),
        validated_by=validator,
    )


def processing_activity_archive(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> ProcessingActivity:
    """Take an activity out of the live record (kept for history; never deleted)."""
    return _transition(
        actor=actor,
        activity=activity,
        allowed_from=_ARCHIVABLE,
        to=ActivityStatus.ARCHIVED,
        action="processing_activity.archive",
        clock=clock,
        archived_at=clock.now(),
    )


def processing_activity_restore(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> ProcessingActivity:
    """Bring an archived activity back as a draft."""
    return _transition(
        actor=actor,
        activity=activity,
        allowed_from={ActivityStatus.ARCHIVED},
        to=ActivityStatus.DRAFT,
        action="processing_activity.restore",
        clock=clock,
        archived_at=None,
    )


def processing_activity_set_data_subjects(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    categories: Iterable[DataSubjectCategory],
    clock: Clock = SYSTEM_CLOCK,
) -> ProcessingActivity:
    """Replace the activity's data subject categories."""
    categories = list(categories)
    refuse_other_organisation(activity.organisation, *categories)
    before = sorted(activity.data_subjects.values_list("code", flat=True))
    after = sorted(c.code for c in categories)
    if before == after:
        return activity
    with transaction.atomic():
        activity.data_subjects.set(categories)
        activity.updated_at = clock.now()
        activity.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action="processing_activity.set_data_subjects",
            obj=activity,
            before={"data_subjects": before},
            after={"data_subjects": after},
            clock=clock,
        )
        activity_changed(actor=actor, activity=activity, parts=["data_subjects"], clock=clock)
    return activity


def processing_activity_set_systems(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    systems: Iterable[InformationSystem],
    clock: Clock = SYSTEM_CLOCK,
) -> ProcessingActivity:
    """Replace the systems supporting the activity (each site lists its own: not shared in a group)."""
    systems = list(systems)
    refuse_other_organisation(activity.organisation, *systems)
    before = sorted(activity.systems.values_list("pk", flat=True))
    after = sorted(s.pk for s in systems)
    if before == after:
        return activity
    with transaction.atomic():
        activity.systems.set(systems)
        activity.updated_at = clock.now()
        activity.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            organisation=activity.organisation,
            action="processing_activity.set_systems",
            obj=activity,
            before={"systems": before},
            after={"systems": after},
            clock=clock,
        )
    return activity
