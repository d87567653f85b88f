"""Reads of the register. Every query is scoped to one organisation, or reached through a parent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from egide.accounts.models import Organisation
from egide.core.audit import snapshot
from egide.core.models import AuditEvent
from egide.registry.choices import ActivityStatus, VendorRole
from egide.registry.diff import (
    ACTIVITY_TYPE,
    SECTION_OF_TYPE,
    SECTIONS,
    ActivityDiff,
    Change,
    State,
    row_values,
    version_diff,
)
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


# --- The register's pages: the filtered list and an activity's history. ---

ACTIVITY_SORTS = {
    "reference": ("reference",),
    "-reference": ("-reference",),
    "name": ("name", "reference"),
    "-name": ("-name", "reference"),
    "status": ("status", "reference"),
    "review_on": ("review_on", "reference"),
    "-updated_at": ("-updated_at", "reference"),
}


@dataclass(frozen=True)
class ActivityFilters:
    """What the register list is narrowed to; every value already validated by the caller's form."""

    search: str = ""
    status: str = ""
    record_kind: str = ""
    legal_basis: str = ""
    special_category: bool | None = None
    finding_severity: str = ""
    owner_id: int | None = None
    template_code: str = ""
    sort: str = "reference"


def processing_activities_search(
    *, organisation: Organisation, filters: ActivityFilters
) -> QuerySet[ProcessingActivity]:
    """The organisation's activities matching ``filters`` (archived ones only when filtered on), each
    row with its owner, in one query whatever the filters."""
    from django.db.models import Exists, OuterRef

    from egide.registry.compliance import compliance_findings_list
    from egide.registry.models import Purpose

    activities = processing_activities_list(
        organisation=organisation, status=filters.status
    ).select_related("owner")
    if filters.search.strip():
        term = filters.search.strip()
        purposes = Purpose.objects.filter(
            organisation=organisation, activity=OuterRef("pk"), description__icontains=term
        )
        activities = activities.filter(
            Q(name__icontains=term) | Q(reference__icontains=term) | Exists(purposes)
        )
    if filters.record_kind:
        activities = activities.filter(record_kind=filters.record_kind)
    if filters.legal_basis:
        basis = Purpose.objects.filter(
            organisation=organisation, activity=OuterRef("pk"), legal_basis=filters.legal_basis
        )
        activities = activities.filter(Exists(basis))
    if filters.special_category is not None:
        special = ActivityDataCategory.objects.filter(
            Q(category__is_special_category=True) | Q(category__parent__is_special_category=True),
            organisation=organisation,
            activity=OuterRef("pk"),
        )
        activities = activities.filter(
            Exists(special) if filters.special_category else ~Exists(special)
        )
    if filters.finding_severity:
        flagged = compliance_findings_list(
            organisation=organisation, severity=filters.finding_severity
        ).filter(activity__isnull=False)
        activities = activities.filter(pk__in=flagged.values("activity_id"))
    if filters.owner_id is not None:
        activities = activities.filter(owner_id=filters.owner_id)
    if filters.template_code:
        activities = activities.filter(template_code=filters.template_code)
    return activities.order_by(*ACTIVITY_SORTS.get(filters.sort, ACTIVITY_SORTS["reference"]))


def processing_activity_history(*, activity: ProcessingActivity) -> QuerySet[AuditEvent]:
    """The audit events of ``activity`` and of the rows it records (purposes, data categories,
    recipients, transfers, security measures, joint controllers, controllers served), newest first.

    A row's update event does not name its activity: rows are found by id, those that exist now and
    those whose creation or deletion event names the activity."""
    organisation = activity.organisation
    events = AuditEvent.objects.for_organisation(organisation)
    row_ids: dict[str, set[str]] = {object_type: set() for object_type in SECTION_OF_TYPE}
    for object_type, section in SECTION_OF_TYPE.items():
        manager = getattr(activity, section)
        row_ids[object_type] |= {str(pk) for pk in manager.values_list("pk", flat=True)}
    past = events.filter(object_type__in=list(SECTION_OF_TYPE)).filter(
        Q(after__activity=activity.pk) | Q(before__activity=activity.pk)
    )
    for object_type, object_id in past.values_list("object_type", "object_id"):
        row_ids[object_type].add(object_id)
    wanted = Q(object_type=ACTIVITY_TYPE, object_id=str(activity.pk))
    for object_type, ids in row_ids.items():
        if ids:
            wanted |= Q(object_type=object_type, object_id__in=sorted(ids))
    return events.filter(wanted).select_related("actor").order_by("-sequence")


# Fields of an activity its status events record besides ACTIVITY_FIELDS.
_STATUS_FIELDS = ("validated_at", "validated_by", "archived_at")


def processing_activity_state(*, activity: ProcessingActivity) -> State:
    """The activity as it is now, in the shape :mod:`egide.registry.diff` rebuilds versions from: the
    values its audit events record (foreign keys as ids, data subjects by code, systems by id)."""
    fields = snapshot(activity, (*ACTIVITY_FIELDS, *_STATUS_FIELDS))
    fields["data_subjects"] = sorted(activity.data_subjects.values_list("code", flat=True))
    fields["systems"] = sorted(activity.systems.values_list("pk", flat=True))
    lists = {}
    for section in SECTIONS:
        rows = getattr(activity, section).all()
        lists[section] = {
            str(row.pk): row_values(
                snapshot(
                    row,
                    [
                        f.name
                        for f in row._meta.concrete_fields
                        if f.name not in {"id", "organisation"}
                    ],
                )
            )
            for row in rows
        }
    return State(fields=fields, lists=lists)


def processing_activity_versions_diff(
    *, activity: ProcessingActivity, from_event_id: int, to_event_id: int
) -> ActivityDiff:
    """The activity after event ``from_event_id`` against the activity after ``to_event_id``
    (:class:`egide.registry.diff.ActivityDiff`); ``ValueError`` when either is not one of its events."""
    changes = [
        Change(e.pk, e.action, e.object_type, e.object_id, e.before, e.after)
        for e in processing_activity_history(activity=activity)
    ]
    known = {c.event_id for c in changes}
    if from_event_id not in known or to_event_id not in known:
        raise ValueError("not an event of this processing activity")
    return version_diff(
        processing_activity_state(activity=activity), changes, from_event_id, to_event_id
    )
