"""The demo register: realistic volume, the deliberate gaps in place, idempotent, audited as the demo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from egide.accounts.models import Organisation
from egide.core.audit import audit_verify
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.demo import data
from egide.demo.loader import demo_load
from egide.registry.choices import RecipientKind, RecordKind
from egide.registry.demo_data import ACTIVITIES
from egide.registry.models import (
    ActivityDataCategory,
    DpoDesignation,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
    Vendor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def clock():
    return FrozenClock()


@pytest.fixture
def loaded(clock):
    demo_load(clock=clock)
    return {o.slug: o for o in Organisation.objects.all()}


def activities(organisation):
    return ProcessingActivity.objects.for_organisation(organisation)


def test_every_demo_organisation_has_a_register(loaded):
    hospital = loaded[data.HOSPITAL]
    assert 38 <= activities(hospital).count() <= 45
    for slug in (data.CLINIC, data.NURSING_HOME, data.LABORATORY):
        assert 4 <= activities(loaded[slug]).count() <= 10
    assert activities(loaded[data.LABORATORY]).filter(record_kind=RecordKind.PROCESSOR).count() == 1
    for organisation in loaded.values():
        assert (
            DpoDesignation.objects.for_organisation(organisation)
            .filter(ended_on__isnull=True)
            .exists()
        )
    assert {a.status for a in activities(hospital)} == {"draft", "in_review", "validated"}


def test_the_nursing_home_follows_two_shared_activities_one_with_a_local_override(loaded):
    copies = activities(loaded[data.NURSING_HOME]).filter(shared_from__isnull=False)
    assert copies.count() == 2
    assert {c.shared_from.organisation.slug for c in copies} == {data.HOSPITAL}
    assert [c.overridden_fields for c in copies.filter(template_code="recruitment")] == [
        ["description"]
    ]


def test_the_deliberate_gaps_are_there(loaded, clock):
    hospital = loaded[data.HOSPITAL]
    today = clock.now().date()
    special_without_condition = [
        a
        for a in activities(hospital)
        if ActivityDataCategory.objects.filter(
            activity=a, category__is_special_category=True
        ).exists()
        and not Purpose.objects.filter(activity=a).exclude(special_category_condition="").exists()
    ]
    assert [a.name for a in special_without_condition] == ["Téléconsultation en diabétologie"]
    no_retention = ActivityDataCategory.objects.for_organisation(hospital).filter(
        retention_duration__isnull=True, retention_criteria=""
    )
    assert no_retention.count() == 1
    (transfer,) = Transfer.objects.for_organisation(hospital)
    assert transfer.country == "US"
    assert transfer.tool == ""
    processors = Recipient.objects.for_organisation(hospital).filter(kind=RecipientKind.PROCESSOR)
    without_contract = {
        r.vendor.name
        for r in processors.select_related("vendor")
        if r.vendor and not r.vendor.has_contract
    }
    assert without_contract == {"Courrier Express"}
    assert [a.template_code for a in activities(hospital).filter(review_on__lt=today)] == ["cctv"]
    expired = [
        v.name
        for v in Vendor.objects.for_organisation(hospital)
        if v.hds_certificate_number and not v.hds_valid_on(today)
    ]
    assert expired == ["Nuagis Cloud"]
    uncertified = Vendor.objects.for_organisation(hospital).filter(
        hosts_health_data=True, hds_certificate_number=""
    )
    assert [v.name for v in uncertified] == ["ClinData EDC Inc."]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_processor_of_the_demo_is_a_vendor_with_a_contract_but_one(clock, language):
    """The templates' placeholder processors ("PACS vendor"...) are matched by their name in the
    language the demo is loaded in (French for ``egide demo``) and linked to the demo vendors."""
    with translation.override(language):
        demo_load(clock=clock)
    processors = [
        recipient
        for organisation in Organisation.objects.all()
        for recipient in Recipient.objects.for_organisation(organisation)
        .filter(kind=RecipientKind.PROCESSOR)
        .select_related("vendor")
    ]
    assert len(processors) == sum(len(a.processors) for specs in ACTIVITIES.values() for a in specs)
    assert [r.name for r in processors if r.vendor is None] == []
    assert all(r.name == r.vendor.name for r in processors)
    assert {r.vendor.name for r in processors if not r.vendor.has_contract} == {"Courrier Express"}
    assert {r.vendor.name for r in processors if r.vendor.missing_art28_clauses} == {
        "Courrier Express"
    }


def test_loading_again_adds_nothing_and_the_chains_hold(loaded, clock):
    before = AuditEvent.objects.count()
    clock.advance(timedelta(days=1))
    demo_load(clock=clock)
    assert AuditEvent.objects.count() == before
    # The demo's portal requests are filed through the portal's services, which write as the portal.
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) == {
        "system:demo",
        "system:portal",
    }
    assert audit_verify(all_chains=True) == []
