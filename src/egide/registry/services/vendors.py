"""Writes on vendors (processors, sub-processors, joint controllers) and information systems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record, changed
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.choices import ART_28_CLAUSE_CODES, HDS_ACTIVITY_CODES
from egide.registry.countries import validate_country_codes
from egide.registry.models import InformationSystem, Vendor
from egide.registry.services._common import (
    apply_fields,
    child_snapshot,
    refuse_other_organisation,
    refuse_unknown_fields,
    validated_copy,
)
from egide.registry.tasks import compliance_schedule

VENDOR_FIELDS = (
    "name",
    "siren",
    "role",
    "contact_email",
    "contract_signed_on",
    "contract_ends_on",
    "art28_clauses",
    "dpa_document",
    "dpa_reference",
    "processing_countries",
    "hosts_health_data",
    "hds_certificate_number",
    "hds_activities",
    "hds_expires_on",
    "dpf_certified",
    "subject_to_pipeda",
)
SYSTEM_FIELDS = ("name", "description", "vendor", "hosting", "hosts_health_data")


def _check_vendor_lists(fields: dict[str, Any]) -> None:
    """The JSON fields hold closed lists: clause letters, HDS activities, country codes."""
    errors: dict[str, Any] = {}
    clauses = fields.get("art28_clauses")
    if clauses is not None and (
        not isinstance(clauses, dict)
        or set(clauses) - set(ART_28_CLAUSE_CODES)
        or not all(isinstance(v, bool) for v in clauses.values())
    ):
        errors["art28_clauses"] = _("Give true or false for Art. 28(3) clauses a to h only.")
    activities = fields.get("hds_activities")
    if activities is not None and (
        not isinstance(activities, list) or set(activities) - set(HDS_ACTIVITY_CODES)
    ):
        errors["hds_activities"] = _("Unknown HDS activity.")
    if "processing_countries" in fields:
        try:
            validate_country_codes(fields["processing_countries"])
        except ValidationError as exc:
            errors["processing_countries"] = exc.messages
    if errors:
        raise ValidationError(errors)


def vendor_create(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Vendor:
    refuse_unknown_fields(fields, VENDOR_FIELDS, "vendor")
    _check_vendor_lists(fields)
    now = clock.now()
    vendor = Vendor(organisation=organisation, created_at=now, updated_at=now, **fields)
    vendor.full_clean()
    with transaction.atomic():
        vendor.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="vendor.create",
            obj=vendor,
            after=child_snapshot(vendor),
            clock=clock,
        )
    return vendor


def vendor_update(
    *, actor: Actor | User, vendor: Vendor, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Vendor:
    refuse_unknown_fields(fields, VENDOR_FIELDS, "vendor")
    _check_vendor_lists(fields)
    before = child_snapshot(vendor)
    diff = changed(before, child_snapshot(validated_copy(vendor, fields)))
    if not diff:
        return vendor
    with transaction.atomic():
        apply_fields(vendor, fields)
        vendor.updated_at = clock.now()
        vendor.save()
        audit_record(
            actor=actor,
            organisation=vendor.organisation,
            action="vendor.update",
            obj=vendor,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
        compliance_schedule(vendor.organisation)
    return vendor


def vendor_set_sub_processors(
    *,
    actor: Actor | User,
    vendor: Vendor,
    sub_processors: Iterable[Vendor],
    clock: Clock = SYSTEM_CLOCK,
) -> Vendor:
    """Replace the sub-processors ``vendor`` engages (vendors of the same organisation)."""
    sub_processors = list(sub_processors)
    refuse_other_organisation(vendor.organisation, *sub_processors)
    if any(s.pk == vendor.pk for s in sub_processors):
        raise ValidationError(_("A vendor cannot be its own sub-processor."))
    before = sorted(vendor.sub_processors.values_list("name", flat=True))
    after = sorted(s.name for s in sub_processors)
    if before == after:
        return vendor
    with transaction.atomic():
        vendor.sub_processors.set(sub_processors)
        audit_record(
            actor=actor,
            organisation=vendor.organisation,
            action="vendor.set_sub_processors",
            obj=vendor,
            before={"sub_processors": before},
            after={"sub_processors": after},
            clock=clock,
        )
    return vendor


def vendor_delete(*, actor: Actor | User, vendor: Vendor, clock: Clock = SYSTEM_CLOCK) -> None:
    """Delete a vendor no activity, transfer or system names any more."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            organisation=vendor.organisation,
            action="vendor.delete",
            obj=vendor,
            before=child_snapshot(vendor),
            clock=clock,
        )
        try:
            vendor.delete()
        except ProtectedError as exc:
            raise ValidationError(
                _("This vendor is still named by activities or systems; unlink it first.")
            ) from exc


def information_system_create(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> InformationSystem:
    refuse_unknown_fields(fields, SYSTEM_FIELDS, "information system")
    refuse_other_organisation(organisation, fields.get("vendor"))
    system = InformationSystem(organisation=organisation, **fields)
    system.full_clean()
    with transaction.atomic():
        system.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="information_system.create",
            obj=system,
            after=child_snapshot(system),
            clock=clock,
        )
    return system


def information_system_update(
    *, actor: Actor | User, system: InformationSystem, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> InformationSystem:
    refuse_unknown_fields(fields, SYSTEM_FIELDS, "information system")
    refuse_other_organisation(system.organisation, fields.get("vendor"))
    before = child_snapshot(system)
    diff = changed(before, child_snapshot(validated_copy(system, fields)))
    if not diff:
        return system
    with transaction.atomic():
        apply_fields(system, fields)
        system.save()
        audit_record(
            actor=actor,
            organisation=system.organisation,
            action="information_system.update",
            obj=system,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
    return system
