"""Reads of the register. Every query is scoped to one organisation, or reached through a parent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from egide.accounts.models import Organisation
from egide.core.audit import snapshot
from egide.registry.choices import ActivityStatus, VendorRole
from egide.registry.models import (
    ACTIVITY_FIELDS,
    ActivityDataCategory,
    DataCategory,
    DataSubjectCategory,
    DpoDesignation,
    InformationSystem,
    ProcessingActivity,
    Vendor,
)

REFERENCE_PREFIX = "T-"
_REFERENCE = re.compile(rf"^{REFERENCE_PREFIX}(\d+)$")


def processing_activity_next_reference(*, organisation: Organisation) -> str:
    """The next free reference of the "T-012" kind."""
    references = ProcessingActivity.objects.for_organisation(organisation).filter(
        reference__startswith=REFERENCE_PREFIX
    )
    numbers = [
        int(m[1])
        for r in references.values_list("reference", flat=True)
        if (m := _REFERENCE.match(r))
    ]
    return f"{REFERENCE_PREFIX}{max(numbers, default=0) + 1:03d}"


def processing_activities_list(
    *,
    organisation: Organisation,
    status: str = "",
    search: str = "",
    include_archived: bool = False,
) -> QuerySet[ProcessingActivity]:
    """The organisation's activities by reference; archived ones only when asked (or filtered on)."""
    activities = ProcessingActivity.objects.for_organisation(organisation).select_related("owner")
    if status:
        activities = activities.filter(status=status)
    elif not include_archived:
        activities = activities.exclude(status=ActivityStatus.ARCHIVED)
    if search.strip():
        term = search.strip()
        activities = activities.filter(
            Q(name__icontains=term) | Q(reference__icontains=term) | Q(description__icontains=term)
        )
    return activities.order_by("reference")


def processing_activity_get(*, organisation: Organisation, pk: int) -> ProcessingActivity:
    """One activity of ``organisation`` (``ProcessingActivity.DoesNotExist`` otherwise)."""
    return (
        ProcessingActivity.objects.for_organisation(organisation).select_related("owner").get(pk=pk)
    )


def processing_activity_detail(*, organisation: Organisation, pk: int) -> ProcessingActivity:
    """One activity with everything it records, in a bounded number of queries."""
    data = ActivityDataCategory.objects.for_organisation(organisation).select_related("category")
    return (
        ProcessingActivity.objects.for_organisation(organisation)
        .select_related("owner", "validated_by", "shared_from")
        .prefetch_related(
            "purposes",
            Prefetch("data_categories", queryset=data),
            "data_subjects",
            "recipients__vendor",
            "transfers__vendor",
            "transfers__recipient",
            "security_measures",
            "joint_controllers",
            "controllers_served",
            "systems__vendor",
        )
        .get(pk=pk)
    )


def processing_activity_content(*, activity: ProcessingActivity) -> dict[str, Any]:
    """Everything an activity records, as plain values (for group syncing, history and diffs)."""

    def rows(manager: Any, *fields: str) -> list[list[Any]]:
        return [list(row) for row in manager.order_by(*fields).values_list(*fields)]

    return {
        **snapshot(activity, ACTIVITY_FIELDS),
        "purposes": rows(
            activity.purposes,
            "description",
            "is_main",
            "legal_basis",
            "legal_basis_reference",
            "special_category_condition",
            "portability_promised",
            "position",
        ),
        "data_categories": rows(
            activity.data_categories,
            "category__code",
            "retention_duration",
            "retention_unit",
            "retention_start",
            "retention_criteria",
            "retention_rule",
            "source",
            "source_detail",
        ),
        "data_subjects": sorted(activity.data_subjects.values_list("code", flat=True)),
        "recipients": rows(activity.recipients, "kind", "name", "vendor__name", "detail"),
        "transfers": rows(
            activity.transfers,
            "country",
            "recipient__name",
            "vendor__name",
            "tool",
            "derogation",
            "tia_note",
            "tia_on",
        ),
        "security_measures": rows(activity.security_measures, "measure", "detail"),
        "joint_controllers": rows(
            activity.joint_controllers,
            "name",
            "contact",
            "arrangement_summary",
            "arrangement_reference",
        ),
        "controllers_served": rows(
            activity.controllers_served,
            "name",
            "contact",
            "representative",
            "dpo_contact",
            "processing_categories",
        ),
        "systems": sorted(activity.systems.values_list("name", flat=True)),
    }


@dataclass(frozen=True)
class GroupCopy:
    """What the group's support organisation may see of a member's copy: who has it, and what they changed."""

    organisation: str
    reference: str
    status: str
    overridden_fields: tuple[str, ...]


def processing_activity_group_copies(*, activity: ProcessingActivity) -> list[GroupCopy]:
    copies = (
        ProcessingActivity.objects.filter(shared_from=activity)
        .select_related("organisation")
        .order_by("organisation__legal_name")
    )
    return [
        GroupCopy(c.organisation.legal_name, c.reference, c.status, tuple(c.overridden_fields))
        for c in copies
    ]


def data_categories_list(*, organisation: Organisation) -> QuerySet[DataCategory]:
    return (
        DataCategory.objects.for_organisation(organisation)
        .select_related("parent")
        .order_by("code")
    )


def data_subject_categories_list(*, organisation: Organisation) -> QuerySet[DataSubjectCategory]:
    return DataSubjectCategory.objects.for_organisation(organisation).order_by("code")


def vendors_list(
    *, organisation: Organisation, role: str = "", search: str = ""
) -> QuerySet[Vendor]:
    vendors = Vendor.objects.for_organisation(organisation)
    if role:
        vendors = vendors.filter(role=VendorRole(role))
    if search.strip():
        vendors = vendors.filter(name__icontains=search.strip())
    return vendors.order_by("name")


def vendor_get(*, organisation: Organisation, pk: int) -> Vendor:
    return Vendor.objects.for_organisation(organisation).get(pk=pk)


def vendor_activities_list(*, vendor: Vendor) -> QuerySet[ProcessingActivity]:
    """The activities whose recipients or transfers name ``vendor``."""
    return (
        ProcessingActivity.objects.for_organisation(vendor.organisation)
        .filter(Q(recipients__vendor=vendor) | Q(transfers__vendor=vendor))
        .distinct()
        .order_by("reference")
    )


def information_systems_list(*, organisation: Organisation) -> QuerySet[InformationSystem]:
    return (
        InformationSystem.objects.for_organisation(organisation)
        .select_related("vendor")
        .order_by("name")
    )


def information_system_get(*, organisation: Organisation, pk: int) -> InformationSystem:
    return InformationSystem.objects.for_organisation(organisation).get(pk=pk)


def dpo_designation_current(*, organisation: Organisation) -> DpoDesignation | None:
    return (
        DpoDesignation.objects.for_organisation(organisation).filter(ended_on__isnull=True).first()
    )


def dpo_designations_list(*, organisation: Organisation) -> QuerySet[DpoDesignation]:
    """The organisation's designations, the current one first, then by designation date."""
    return DpoDesignation.objects.for_organisation(organisation).order_by("-designated_on", "-pk")
