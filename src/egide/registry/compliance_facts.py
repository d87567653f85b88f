"""The register's rows turned into the facts the compliance rules read (:mod:`egide.registry.facts`).

The rules (:mod:`egide.registry.checks`) know nothing of Django; this module is their adapter, used by
:mod:`egide.registry.compliance`. How rows become facts:

- archived activities are out of the live record and are not evaluated;
- a data category is special (Art. 9) or health data when it, or its parent category, is flagged so;
  built-in categories are named by their English label, translated when the finding is read;
- retention in days goes through ``duration_in_days``; no duration or no unit means "no duration";
- a recipient linked to a vendor takes the vendor's role (processor, sub-processor, joint controller),
  contract, Art. 28(3) checklist (an empty checklist means "not filled in") and HDS certificate (a
  certificate number without expiry date is valid, as :meth:`Vendor.hds_valid_on` says); a processor
  recipient without a vendor has no contract recorded;
- a transfer's recipient frameworks (DPF, PIPEDA) come from its vendor, or its recipient's vendor; the
  transfer impact assessment is done when its note or its date is recorded;
- the organisation profile comes from the organisation's kind, legal status, patients and staff.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from egide.accounts.models import Organisation
from egide.registry import taxonomy
from egide.registry.choices import ActivityStatus
from egide.registry.facts import (
    ActivityFacts,
    AdequacyFramework,
    Art9Condition,
    Art28Clause,
    DataCategoryFacts,
    DpoDesignationFacts,
    LegalBasis,
    OrganisationProfile,
    PurposeFacts,
    RecipientFacts,
    RecipientRole,
    TransferFacts,
    TransferTool,
)
from egide.registry.models import (
    ActivityDataCategory,
    DpoDesignation,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
    Vendor,
)
from egide.registry.reference_data import duration_in_days
from egide.registry.rule_engine import Phrase


def _purpose(purpose: Purpose) -> PurposeFacts:
    return PurposeFacts(
        name=purpose.description,
        legal_basis=LegalBasis(purpose.legal_basis) if purpose.legal_basis else None,
        art9_condition=(
            Art9Condition(purpose.special_category_condition)
            if purpose.special_category_condition
            else None
        ),
        portability_promised=purpose.portability_promised,
    )


def _category_name(row: ActivityDataCategory) -> str:
    category = row.category
    definition = taxonomy.DATA_CATEGORY_BY_CODE.get(category.code) if category.builtin else None
    if definition is None:
        return category.label
    with translation.override("en"):  # the source string, translated when the finding is read
        return Phrase(str(definition.label))


def _data_category(row: ActivityDataCategory) -> DataCategoryFacts:
    category, parent = row.category, row.category.parent
    duration, unit = row.retention_duration, row.retention_unit
    return DataCategoryFacts(
        name=_category_name(row),
        special_category=category.is_special_category
        or (parent is not None and parent.is_special_category),
        health=category.is_health or (parent is not None and parent.is_health),
        retention_days=duration_in_days(duration, unit) if duration is not None and unit else None,
        retention_criteria=row.retention_criteria,
        retention_start_event=row.retention_start,
        retention_rule=row.retention_rule,
    )


def _art28_clauses(checklist: dict[str, bool]) -> frozenset[Art28Clause] | None:
    if not checklist:
        return None
    letters = {c.value for c in Art28Clause}
    return frozenset(Art28Clause(k) for k, ticked in checklist.items() if ticked and k in letters)


def _hds_expiry(vendor: Vendor) -> date | None:
    if not vendor.hds_certificate_number:
        return None
    return vendor.hds_expires_on or date.max


def _recipient(recipient: Recipient) -> RecipientFacts:
    vendor = recipient.vendor
    if vendor is None:
        return RecipientFacts(name=recipient.name, role=RecipientRole(recipient.kind))
    return RecipientFacts(
        name=recipient.name,
        role=RecipientRole(vendor.role),
        has_contract=vendor.has_contract,
        art28_clauses=_art28_clauses(vendor.art28_clauses),
        hosts_health_data=vendor.hosts_health_data,
        hds_certificate_expires_on=_hds_expiry(vendor),
    )


def _transfer(transfer: Transfer) -> TransferFacts:
    recipient = transfer.recipient
    vendor = transfer.vendor or (recipient.vendor if recipient is not None else None)
    frameworks = set()
    if vendor is not None and vendor.dpf_certified:
        frameworks.add(AdequacyFramework.DPF)
    if vendor is not None and vendor.subject_to_pipeda:
        frameworks.add(AdequacyFramework.PIPEDA)
    name = recipient.name if recipient is not None else (vendor.name if vendor else "")
    return TransferFacts(
        country=transfer.country,
        tool=TransferTool(transfer.tool) if transfer.tool else None,
        recipient=name,
        recipient_frameworks=frozenset(frameworks),
        impact_assessment_done=bool(transfer.tia_note.strip()) or transfer.tia_on is not None,
    )


def activity_facts(activity: ProcessingActivity) -> ActivityFacts:
    """What the rules read about ``activity`` (prefetch as :func:`activities_for_checks` does)."""
    return ActivityFacts(
        ref=activity.reference,
        name=activity.name,
        purposes=tuple(_purpose(p) for p in activity.purposes.all()),
        data_categories=tuple(_data_category(c) for c in activity.data_categories.all()),
        transfers=tuple(_transfer(t) for t in activity.transfers.all()),
        recipients=tuple(_recipient(r) for r in activity.recipients.all()),
        security_measures=frozenset(m.measure for m in activity.security_measures.all()),
        large_scale=activity.large_scale,
        data_subject_count=activity.data_subject_count,
        vulnerable_subjects=activity.vulnerable_subjects,
        review_date=activity.review_on,
    )


def activities_for_checks(*, organisation: Organisation) -> QuerySet[ProcessingActivity]:
    """The live activities with everything the rules read: seven queries whatever their number."""
    return (
        ProcessingActivity.objects.for_organisation(organisation)
        .exclude(status=ActivityStatus.ARCHIVED)
        .prefetch_related(
            "purposes",
            Prefetch(
                "data_categories",
                ActivityDataCategory.objects.for_organisation(organisation).select_related(
                    "category__parent"
                ),
            ),
            Prefetch(
                "recipients",
                Recipient.objects.for_organisation(organisation).select_related("vendor"),
            ),
            Prefetch(
                "transfers",
                Transfer.objects.for_organisation(organisation).select_related(
                    "vendor", "recipient__vendor"
                ),
            ),
            "security_measures",
        )
        .order_by("reference")
    )


def organisation_facts(*, organisation: Organisation) -> list[ActivityFacts]:
    """Every live activity of ``organisation`` as facts, in a constant number of queries."""
    return [activity_facts(a) for a in activities_for_checks(organisation=organisation)]


def organisation_profile(organisation: Organisation) -> OrganisationProfile:
    return OrganisationProfile.from_record(
        kind=organisation.kind,
        legal_status=organisation.legal_status,
        patient_volume=organisation.patient_volume,
        staff_count=organisation.staff_count,
    )


def designation_facts(designation: DpoDesignation | None) -> DpoDesignationFacts | None:
    """The current designation as the DPO rules read it (None: no DPO recorded)."""
    if designation is None:
        return None
    return DpoDesignationFacts(
        designated=True,
        declared_to_cnil_on=designation.declared_to_cnil_on,
        contact_published=designation.contact_published,
    )
