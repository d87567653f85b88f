"""Turning a library template into an organisation's own, editable draft activity."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.library import processing_template
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ProcessingActivity,
    Purpose,
    Recipient,
)
from egide.registry.selectors import processing_activity_content
from egide.registry.services.activities import processing_activity_create
from egide.registry.services.taxonomy import data_categories_ensure, data_subject_categories_ensure


def processing_activity_instantiate_template(
    *,
    actor: Actor | User,
    organisation: Organisation,
    template_code: str,
    clock: Clock = SYSTEM_CLOCK,
    name: str = "",
    reference: str = "",
    **fields: Any,
) -> ProcessingActivity:
    """A draft activity of ``organisation`` pre-filled from the template: purposes and bases, data
    subjects, data categories with retention, recipients, security measures. ``fields`` (owner, review
    date...) are set on the activity as ``processing_activity_create`` takes them."""
    try:
        template = processing_template(template_code)
    except KeyError:
        raise ValidationError(
            _("Unknown processing template %(code)s.") % {"code": template_code}, code="template"
        ) from None
    activity_fields = {
        "description": str(template.description),
        "record_kind": template.record_kind,
        "large_scale": template.large_scale,
        "vulnerable_subjects": template.vulnerable_subjects,
        **fields,
    }
    with transaction.atomic():
        categories = data_categories_ensure(organisation=organisation, actor=actor, clock=clock)
        subjects = data_subject_categories_ensure(
            organisation=organisation, actor=actor, clock=clock
        )
        activity = processing_activity_create(
            actor=actor,
            organisation=organisation,
            name=name or str(template.name),
            reference=reference,
            template_code=template.code,
            clock=clock,
            **activity_fields,
        )
        Purpose.objects.bulk_create(
            Purpose(
                organisation=organisation,
                activity=activity,
                description=str(spec.description),
                is_main=spec.is_main,
                legal_basis=spec.legal_basis,
                legal_basis_reference=spec.basis_reference,
                special_category_condition=spec.condition,
                portability_promised=spec.portability,
                position=position,
            )
            for position, spec in enumerate(template.purposes)
        )
        data = []
        for spec in template.data:
            duration, unit, start = spec.retention()
            data.append(
                ActivityDataCategory(
                    organisation=organisation,
                    activity=activity,
                    category=categories[spec.category],
                    retention_duration=duration,
                    retention_unit=unit,
                    retention_start=start,
                    retention_criteria=str(spec.criteria),
                    retention_rule=spec.rule,
                    source=spec.source,
                )
            )
        ActivityDataCategory.objects.bulk_create(data)
        activity.data_subjects.set([subjects[code] for code in template.data_subjects])
        Recipient.objects.bulk_create(
            Recipient(
                organisation=organisation,
                activity=activity,
                kind=r.kind,
                name=str(r.name),
                detail=str(r.detail),
            )
            for r in template.recipients
        )
        ActivitySecurityMeasure.objects.bulk_create(
            ActivitySecurityMeasure(organisation=organisation, activity=activity, measure=code)
            for code in template.security
        )
        audit_record(
            actor=actor,
            organisation=organisation,
            action="processing_activity.instantiate_template",
            obj=activity,
            after={"template": template.code, **processing_activity_content(activity=activity)},
            clock=clock,
        )
    return activity
