"""Copying an activity's lists (purposes, data categories...) into a group member's copy.

Nothing crosses organisations: categories are matched by code (an organisation's own category is
recreated in the member, audited there), vendors and recipients by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import Clock
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ControllerServed,
    DataCategory,
    DataSubjectCategory,
    JointController,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
    Vendor,
)
from egide.registry.services._common import child_snapshot
from egide.registry.services.taxonomy import data_categories_ensure, data_subject_categories_ensure

_COPIED: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "purposes": (
        Purpose,
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
    "security_measures": (ActivitySecurityMeasure, ("measure", "detail")),
    "joint_controllers": (
        JointController,
        ("name", "contact", "arrangement_summary", "arrangement_reference"),
    ),
    "controllers_served": (
        ControllerServed,
        ("name", "contact", "representative", "dpo_contact", "processing_categories"),
    ),
}
_DATA_FIELDS = (
    "retention_duration",
    "retention_unit",
    "retention_start",
    "retention_criteria",
    "retention_rule",
    "source",
    "source_detail",
)


def copy_lists(
    *,
    actor: Actor | User,
    source: ProcessingActivity,
    copy: ProcessingActivity,
    lists: Iterable[str],
    clock: Clock,
) -> None:
    member = copy.organisation
    for name in lists:
        if name == "data_subjects":
            copy.data_subjects.set(_member_subjects(actor, source, member, clock))
            continue
        getattr(copy, name).all().delete()
        if name == "data_categories":
            categories = _member_categories(actor, source, member, clock)
            ActivityDataCategory.objects.bulk_create(
                ActivityDataCategory(
                    organisation=member,
                    activity=copy,
                    category=categories[row.category.code],
                    **{f: getattr(row, f) for f in _DATA_FIELDS},
                )
                for row in source.data_categories.select_related("category")
            )
        elif name == "recipients":
            vendors = {v.name: v for v in Vendor.objects.for_organisation(member)}
            Recipient.objects.bulk_create(
                Recipient(
                    organisation=member,
                    activity=copy,
                    kind=r.kind,
                    name=r.name,
                    detail=r.detail,
                    vendor=vendors.get(r.vendor.name) if r.vendor else None,
                )
                for r in source.recipients.select_related("vendor")
            )
        elif name == "transfers":
            vendors = {v.name: v for v in Vendor.objects.for_organisation(member)}
            recipients = {r.name: r for r in copy.recipients.all()}
            Transfer.objects.bulk_create(
                Transfer(
                    organisation=member,
                    activity=copy,
                    country=t.country,
                    tool=t.tool,
                    derogation=t.derogation,
                    tia_note=t.tia_note,
                    tia_on=t.tia_on,
                    recipient=recipients.get(t.recipient.name) if t.recipient else None,
                    vendor=vendors.get(t.vendor.name) if t.vendor else None,
                )
                for t in source.transfers.select_related("vendor", "recipient")
            )
        else:
            model, fields = _COPIED[name]
            model.objects.bulk_create(
                model(organisation=member, activity=copy, **{f: getattr(row, f) for f in fields})
                for row in getattr(source, name).all()
            )


def _member_categories(
    actor: Actor | User, source: ProcessingActivity, member: Organisation, clock: Clock
) -> dict[str, DataCategory]:
    """The member's categories by code, with the source's own (non built-in) categories recreated."""
    categories = data_categories_ensure(organisation=member, actor=actor, clock=clock)
    for row in source.data_categories.select_related("category__parent"):
        _recreate(actor, row.category, categories, member, clock)
    return categories


def _member_subjects(
    actor: Actor | User, source: ProcessingActivity, member: Organisation, clock: Clock
) -> list[DataSubjectCategory]:
    subjects = data_subject_categories_ensure(organisation=member, actor=actor, clock=clock)
    wanted = list(source.data_subjects.select_related("parent"))
    for category in wanted:
        _recreate(actor, category, subjects, member, clock)
    return [subjects[c.code] for c in wanted]


def _recreate(
    actor: Actor | User, category: Any, existing: dict[str, Any], member: Organisation, clock: Clock
) -> Any:
    """The member's category with ``category``'s code, created from it (and its parent) when missing."""
    if category.code in existing:
        return existing[category.code]
    parent = (
        _recreate(actor, category.parent, existing, member, clock) if category.parent_id else None
    )
    names = [
        f.name
        for f in category._meta.concrete_fields
        if f.name not in {"id", "organisation", "parent"}
    ]
    created = type(category).objects.create(
        organisation=member, parent=parent, **{n: getattr(category, n) for n in names}
    )
    audit_record(
        actor=actor,
        organisation=member,
        action=f"{created._meta.model_name}.create_from_group",
        obj=created,
        after=child_snapshot(created),
        clock=clock,
    )
    existing[created.code] = created
    return created
