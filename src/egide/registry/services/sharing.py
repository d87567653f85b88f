"""Sharing a processing activity across a group (GHT) with per-site overrides.

The group's support organisation shares one of its activities: every other member gets its own copy
(``shared_from`` points at the source). A copy follows the source for the shared fields and lists, except
those in its ``overridden_fields``: a member that edits a shared field or list on its copy overrides it
there. After any change of the source the copies are re-synced, each sync audited in the member's chain.
Copies never link to another organisation's objects: categories are matched by code (an organisation's own
category is recreated in the member), vendors by name (left empty when the member has none by that name);
supporting systems, owner, status and data subject count stay each site's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record, changed
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.choices import ActivityStatus
from egide.registry.models import ProcessingActivity
from egide.registry.selectors import processing_activity_content, processing_activity_next_reference
from egide.registry.services.copying import copy_lists
from egide.registry.tasks import compliance_schedule

SHARED_FIELDS = (
    "name",
    "description",
    "record_kind",
    "representative",
    "large_scale",
    "vulnerable_subjects",
    "review_on",
)
# In copying order: recipients before the transfers that name them.
SHARED_LISTS = (
    "purposes",
    "data_categories",
    "data_subjects",
    "recipients",
    "transfers",
    "security_measures",
    "joint_controllers",
    "controllers_served",
)
SHAREABLE = frozenset(SHARED_FIELDS + SHARED_LISTS)


def activity_changed(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    parts: Iterable[str],
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Called by every write on an activity, inside its transaction, with the fields or lists it changed."""
    touched = SHAREABLE & set(parts)
    if not touched:
        return
    if activity.shared_from_id is not None:
        before = list(activity.overridden_fields)
        after = sorted(set(before) | touched)
        if after != sorted(before):
            activity.overridden_fields = after
            activity.save(update_fields=["overridden_fields"])
            audit_record(
                actor=actor,
                organisation=activity.organisation,
                action="processing_activity.override",
                obj=activity,
                before={"overridden_fields": before},
                after={"overridden_fields": after},
                clock=clock,
            )
    if ProcessingActivity.objects.filter(shared_from=activity).exists():
        processing_activity_sync_group_copies(actor=actor, source=activity, clock=clock)


def processing_activity_share_with_group(
    *, actor: Actor | User, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> list[ProcessingActivity]:
    """Give every other member of the group its copy of ``activity`` (existing copies are re-synced)."""
    organisation = activity.organisation
    if organisation.group_id is None or not organisation.is_group_support:
        raise ValidationError(_("Only the support organisation of a group can share an activity."))
    if activity.shared_from_id is not None:
        raise ValidationError(_("This activity is itself a copy shared by the group."))
    if activity.status == ActivityStatus.ARCHIVED:
        raise ValidationError(_("An archived activity cannot be shared."))
    members = Organisation.objects.filter(group_id=organisation.group_id).exclude(
        pk=organisation.pk
    )
    copies = []
    with transaction.atomic():
        for member in members.order_by("pk"):
            copy = ProcessingActivity.objects.filter(
                organisation=member, shared_from=activity
            ).first()
            if copy is None:
                copy = _copy_create(actor=actor, source=activity, member=member, clock=clock)
            else:
                _sync_copy(actor=actor, source=activity, copy=copy, clock=clock)
            copies.append(copy)
        audit_record(
            actor=actor,
            organisation=organisation,
            action="processing_activity.share",
            obj=activity,
            after={"members": [c.organisation.slug for c in copies]},
            clock=clock,
        )
    return copies


def processing_activity_sync_group_copies(
    *, actor: Actor | User, source: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> int:
    """Bring every copy of ``source`` up to date (overridden fields left alone); the number changed."""
    with transaction.atomic():
        copies = ProcessingActivity.objects.filter(shared_from=source).select_related(
            "organisation"
        )
        return sum(_sync_copy(actor=actor, source=source, copy=c, clock=clock) for c in copies)


def processing_activity_follow_source(
    *,
    actor: Actor | User,
    activity: ProcessingActivity,
    parts: Iterable[str] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> ProcessingActivity:
    """Drop local overrides of a copy (``parts``, or all of them) and take the source's values again."""
    source = activity.shared_from
    if source is None:
        raise ValidationError(_("This activity is not a copy shared by the group."))
    before = list(activity.overridden_fields)
    after = [] if parts is None else [p for p in before if p not in set(parts)]
    with transaction.atomic():
        if after != before:
            activity.overridden_fields = after
            activity.save(update_fields=["overridden_fields"])
            audit_record(
                actor=actor,
                organisation=activity.organisation,
                action="processing_activity.follow_source",
                obj=activity,
                before={"overridden_fields": before},
                after={"overridden_fields": after},
                clock=clock,
            )
        _sync_copy(actor=actor, source=source, copy=activity, clock=clock)
    return activity


def _copy_create(
    *, actor: Actor | User, source: ProcessingActivity, member: Organisation, clock: Clock
) -> ProcessingActivity:
    now = clock.now()
    copy = ProcessingActivity(
        organisation=member,
        reference=processing_activity_next_reference(organisation=member),
        template_code=source.template_code,
        shared_from=source,
        status=ActivityStatus.DRAFT,
        created_at=now,
        updated_at=now,
        **{name: getattr(source, name) for name in SHARED_FIELDS},
    )
    copy.full_clean()
    copy.save()
    copy_lists(actor=actor, source=source, copy=copy, lists=SHARED_LISTS, clock=clock)
    audit_record(
        actor=actor,
        organisation=member,
        action="processing_activity.create_from_group",
        obj=copy,
        after=processing_activity_content(activity=copy),
        clock=clock,
    )
    compliance_schedule(member)
    return copy


def _sync_copy(
    *, actor: Actor | User, source: ProcessingActivity, copy: ProcessingActivity, clock: Clock
) -> bool:
    overridden = set(copy.overridden_fields)
    before = processing_activity_content(activity=copy)
    expected = processing_activity_content(activity=source)
    for name in SHARED_FIELDS:
        if name not in overridden:
            setattr(copy, name, getattr(source, name))
    stale = [
        name for name in SHARED_LISTS if name not in overridden and before[name] != expected[name]
    ]
    copy_lists(actor=actor, source=source, copy=copy, lists=stale, clock=clock)
    after = processing_activity_content(activity=copy)
    diff = changed(before, after)
    if not diff:
        return False
    copy.updated_at = clock.now()
    copy.save()
    audit_record(
        actor=actor,
        organisation=copy.organisation,
        action="processing_activity.sync",
        obj=copy,
        before={k: before[k] for k in diff},
        after=diff,
        clock=clock,
    )
    compliance_schedule(copy.organisation)
    return True
