"""The template library: well-formed data, and instantiation into complete, editable activities."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egide.core.audit import Actor
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import retention, taxonomy
from egide.registry.choices import ActivityStatus, LegalBasis
from egide.registry.library import TEMPLATES, processing_template, templates_for
from egide.registry.models import ProcessingActivity
from egide.registry.selectors import processing_activity_content
from egide.registry.services import (
    processing_activity_instantiate_template,
    processing_activity_update,
)

# The templates the issue names, plus the ones a hospital register usually holds.
REQUIRED = {
    "patient_administration",
    "electronic_patient_record",
    "imaging_pacs",
    "laboratory_information_system",
    "pharmacy",
    "billing",
    "appointment_booking",
    "telemedicine",
    "patient_portal",
    "research_cohort",
    "health_data_warehouse",
    "cctv",
    "hr_management",
    "payroll",
    "visitor_access",
    "satisfaction_surveys",
}
TEMPLATE_IDS = [t.code for t in TEMPLATES]
ACTOR = Actor.system("test")


def test_the_library_holds_the_standard_hospital_templates():
    assert REQUIRED <= set(TEMPLATE_IDS)
    assert len(TEMPLATES) >= 20
    assert len(set(TEMPLATE_IDS)) == len(TEMPLATES)
    assert {t.code for t in templates_for("medico_social")} >= {"resident_record", "hr_management"}
    with pytest.raises(KeyError, match="nope"):
        processing_template("nope")


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_template_is_complete_and_points_at_known_data(template):
    assert str(template.name)
    assert str(template.description)
    assert sum(p.is_main for p in template.purposes) == 1
    for purpose in template.purposes:
        assert purpose.legal_basis in LegalBasis.values
        # Health templates are written for public bodies too, where legitimate interest is excluded.
        assert purpose.legal_basis != LegalBasis.LEGITIMATE_INTERESTS
    assert template.data_subjects
    assert all(c in taxonomy.DATA_SUBJECT_BY_CODE for c in template.data_subjects)
    assert template.security
    assert all(m in taxonomy.SECURITY_MEASURE_BY_CODE for m in template.security)
    assert template.recipients
    codes = [d.category for d in template.data]
    assert len(codes) == len(set(codes))
    assert all(c in taxonomy.DATA_CATEGORY_BY_CODE for c in codes)
    for data in template.data:
        duration, unit, start = data.retention()
        assert (duration and duration > 0 and unit and start) or str(data.criteria), data.category
        assert not data.rule or data.rule in retention.RULE_BY_CODE
        assert data.source, data.category


@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_special_category_data_comes_with_an_article_9_condition(template):
    special = [
        d for d in template.data if taxonomy.DATA_CATEGORY_BY_CODE[d.category].special_category
    ]
    if special:
        assert any(p.condition for p in template.purposes), template.code


def test_hospital_medical_data_follows_the_medical_record_rule():
    record = processing_template("electronic_patient_record")
    rules = {d.category: d.rule for d in record.data}
    assert rules["health.medical_record"] == "medical_record_hospital"
    transfusion = processing_template("transfusion_traceability")
    assert {d.rule for d in transfusion.data} == {"transfusion_record"}


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES, ids=TEMPLATE_IDS)
def test_instantiation_produces_a_complete_draft_activity(template, organisation):
    clock = FrozenClock()
    activity = processing_activity_instantiate_template(
        actor=ACTOR, organisation=organisation, template_code=template.code, clock=clock
    )

    assert activity.status == ActivityStatus.DRAFT
    assert activity.template_code == template.code
    assert activity.name == str(template.name)
    content = processing_activity_content(activity=activity)
    assert len(content["purposes"]) == len(template.purposes)
    assert sorted(content["data_subjects"]) == sorted(template.data_subjects)
    assert sorted(row[0] for row in content["security_measures"]) == sorted(template.security)
    assert len(content["recipients"]) == len(template.recipients)
    rows = {row.category.code: row for row in activity.data_categories.select_related("category")}
    assert set(rows) == {d.category for d in template.data}
    for spec in template.data:
        row = rows[spec.category]
        assert row.has_retention
        assert row.retention_rule == spec.rule
        assert row.source == spec.source
        assert row.category.organisation_id == organisation.pk
        row.full_clean()
    event = AuditEvent.objects.get(
        organisation=organisation, action="processing_activity.instantiate_template"
    )
    assert event.after["template"] == template.code
    assert event.after["purposes"] == content["purposes"]


@pytest.mark.django_db
def test_instantiated_activities_are_independent_and_editable(organisation, dpo):
    first = processing_activity_instantiate_template(
        actor=dpo, organisation=organisation, template_code="imaging_pacs", owner=dpo
    )
    assert first.owner == dpo
    second = processing_activity_instantiate_template(
        actor=dpo,
        organisation=organisation,
        template_code="imaging_pacs",
        name="Nuclear medicine imaging",
    )
    assert (first.reference, second.reference) == ("T-001", "T-002")
    processing_activity_update(actor=dpo, activity=second, description="PET-CT and scintigraphy")
    first.refresh_from_db()
    assert first.description == str(processing_template("imaging_pacs").description)
    assert ProcessingActivity.objects.for_organisation(organisation).count() == 2


@pytest.mark.django_db
def test_unknown_template_is_refused_and_creates_nothing(organisation, dpo):
    with pytest.raises(ValidationError):
        processing_activity_instantiate_template(
            actor=dpo, organisation=organisation, template_code="nope"
        )
    assert not ProcessingActivity.objects.for_organisation(organisation).exists()
