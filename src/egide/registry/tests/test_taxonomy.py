"""The built-in taxonomy and retention rules as data, and their seeding per organisation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import retention, taxonomy
from egide.registry.choices import (
    ART_28_CLAUSE_CODES,
    HDS_ACTIVITY_CODES,
    RetentionStart,
    RetentionUnit,
)
from egide.registry.models import DataCategory, DataSubjectCategory
from egide.registry.services import (
    data_categories_ensure,
    data_category_create,
    data_category_update,
    data_subject_categories_ensure,
    data_subject_category_create,
)


@pytest.mark.parametrize(
    "definitions",
    [taxonomy.DATA_CATEGORIES, taxonomy.DATA_SUBJECT_CATEGORIES, taxonomy.SECURITY_MEASURES],
)
def test_codes_are_unique_and_parents_come_first(definitions):
    seen: set[str] = set()
    for definition in definitions:
        assert definition.code not in seen
        parent = getattr(definition, "parent", None)
        assert parent is None or parent in seen, (
            f"{definition.code}: parent {parent} must come first"
        )
        seen.add(definition.code)


def test_health_categories_are_special_categories_with_a_legal_source():
    health = [c for c in taxonomy.DATA_CATEGORIES if c.health]
    assert {
        "health.medical_record",
        "health.imaging",
        "health.biology",
        "health.prescriptions",
        "health.genetic",
        "health.mental_health",
    } <= {c.code for c in health}
    for category in health:
        assert category.special_category
        assert category.source.startswith("GDPR Art. 4")
    for category in taxonomy.DATA_CATEGORIES:
        if category.special_category:
            assert "9(1)" in category.source


def test_the_taxonomy_covers_the_cnil_template_and_national_identifiers():
    codes = {c.code for c in taxonomy.DATA_CATEGORIES}
    assert {
        "identity",
        "contact",
        "social",
        "economic",
        "connection",
        "location",
        "internet",
        "images.cctv",
        "professional",
        "personal_life",
    } <= codes
    identifiers = {c.code for c in taxonomy.DATA_CATEGORIES if c.national_identifier}
    assert {"national_id.nir", "national_id.ins"} <= identifiers


def test_security_catalogue_covers_the_cnil_headings():
    codes = {m.code for m in taxonomy.SECURITY_MEASURES}
    assert {
        "access_control",
        "traceability",
        "encryption_at_rest",
        "encryption_in_transit",
        "backup",
        "pseudonymisation",
        "mfa",
        "processor_control",
        "software_protection",
        "physical_security",
    } <= codes
    assert {m.family for m in taxonomy.SECURITY_MEASURES} == set(taxonomy.SECURITY_FAMILIES)


def test_closed_lists_of_article_28_clauses_and_hds_activities():
    assert ART_28_CLAUSE_CODES == ("a", "b", "c", "d", "e", "f", "g", "h")
    assert len(HDS_ACTIVITY_CODES) == 6


def test_retention_rules_are_well_formed():
    assert len({r.code for r in retention.RULES}) == len(retention.RULES)
    for rule in retention.RULES:
        assert rule.duration > 0
        assert rule.unit in RetentionUnit.values
        assert rule.start_event in RetentionStart.values
        assert rule.source


def test_medical_record_rule_carries_its_special_cases_as_structured_fields():
    rule = retention.retention_rule("medical_record_hospital")
    assert (rule.duration, rule.unit, rule.start_event) == (20, "years", "last_stay")
    assert rule.source == "CSP R.1112-7"
    assert rule.minimum
    assert (rule.keep_until_age, rule.death_within_years, rule.years_after_death) == (28, 10, 10)
    assert rule.suspended_by_liability_claim
    assert rule.restarts_on_new_event
    assert retention.retention_rule("transfusion_record").duration == 30
    assert retention.retention_rule("clinical_trial_master_file").duration == 25
    practice = retention.retention_rule("private_practice_record")
    assert practice.verify
    assert (practice.active_years, practice.archive_years) == (5, 15)
    with pytest.raises(KeyError, match="no_such_rule"):
        retention.retention_rule("no_such_rule")


@pytest.mark.django_db
def test_seeding_is_idempotent_and_audited_once(organisation, other_organisation):
    clock = FrozenClock()
    categories = data_categories_ensure(organisation=organisation, clock=clock)
    subjects = data_subject_categories_ensure(organisation=organisation, clock=clock)
    assert set(categories) == {c.code for c in taxonomy.DATA_CATEGORIES}
    assert set(subjects) == {c.code for c in taxonomy.DATA_SUBJECT_CATEGORIES}
    assert categories["health.imaging"].parent == categories["health"]
    assert categories["health.imaging"].is_health
    assert categories["health.imaging"].builtin
    events = AuditEvent.objects.filter(organisation=organisation).count()

    again = data_categories_ensure(organisation=organisation, clock=clock)
    data_subject_categories_ensure(organisation=organisation, clock=clock)

    assert {c.pk for c in again.values()} == {c.pk for c in categories.values()}
    assert DataCategory.objects.for_organisation(organisation).count() == len(
        taxonomy.DATA_CATEGORIES
    )
    assert AuditEvent.objects.filter(organisation=organisation).count() == events
    assert (
        AuditEvent.objects.filter(organisation=organisation, action="data_category.seed").count()
        == 1
    )
    assert not DataCategory.objects.for_organisation(other_organisation).exists()
    assert not DataSubjectCategory.objects.for_organisation(other_organisation).exists()


@pytest.mark.django_db
def test_seeding_restores_only_missing_builtins_and_keeps_custom_ones(organisation, dpo):
    categories = data_categories_ensure(organisation=organisation)
    custom = data_category_create(
        actor=dpo,
        organisation=organisation,
        code="health.dialysis",
        label="Dialysis sessions",
        parent=categories["health"],
        is_special_category=True,
        is_health=True,
    )
    categories["location"].delete()
    after = data_categories_ensure(organisation=organisation)
    assert after["health.dialysis"] == custom
    assert not custom.builtin
    assert after["location"].builtin


@pytest.mark.django_db
def test_organisations_extend_the_taxonomy_without_code(organisation, other_organisation, dpo):
    data_subject_categories_ensure(organisation=organisation)
    subjects = data_subject_category_create(
        actor=dpo, organisation=organisation, code="volunteers", label="Hospital volunteers"
    )
    assert subjects.organisation == organisation
    event = AuditEvent.objects.get(organisation=organisation, action="data_subject_category.create")
    assert event.after["code"] == "volunteers"
    with pytest.raises(ValidationError):
        data_subject_category_create(
            actor=dpo, organisation=organisation, code="volunteers", label="Twice"
        )
    foreign_parent = data_categories_ensure(organisation=other_organisation)["health"]
    with pytest.raises(ValidationError):
        data_category_create(
            actor=dpo,
            organisation=organisation,
            code="health.other",
            label="x",
            parent=foreign_parent,
        )
    assert (
        not DataCategory.objects.for_organisation(organisation).filter(code="health.other").exists()
    )


@pytest.mark.django_db
def test_builtin_categories_may_only_be_reworded(organisation, dpo):
    categories = data_categories_ensure(organisation=organisation)
    with pytest.raises(ValueError, match="is_health"):
        data_category_update(actor=dpo, category=categories["health"], is_health=False)
    updated = data_category_update(actor=dpo, category=categories["contact"], label="Coordonnées")
    assert updated.label == "Coordonnées"
    event = AuditEvent.objects.get(organisation=organisation, action="data_category.update")
    assert event.before["label"] == "Contact details"
    assert event.after["label"] == "Coordonnées"
