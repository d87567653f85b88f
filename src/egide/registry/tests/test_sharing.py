"""Group (GHT) sharing: each member gets its own copy, follows the source, keeps its local overrides."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egide.accounts.tests.factories import OrganisationFactory, OrganisationGroupFactory
from egide.core.audit import Actor, audit_verify
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import services
from egide.registry.choices import LegalBasis
from egide.registry.models import ProcessingActivity, Purpose
from egide.registry.selectors import processing_activity_content, processing_activity_group_copies
from egide.registry.services.sharing import SHARED_FIELDS, SHARED_LISTS
from egide.registry.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

ACTOR = Actor.system("test")
LOCAL = {
    "reference",
    "owner",
    "status",
    "data_subject_count",
    "template_code",
    "shared_from",
    "overridden_fields",
    "systems",
}


@pytest.fixture
def group():
    group = OrganisationGroupFactory(name="GHT Test")
    return {
        "support": OrganisationFactory(slug="ch-support", group=group, is_group_support=True),
        "member": OrganisationFactory(slug="ehpad-member", group=group),
        "other_member": OrganisationFactory(slug="ch-local", group=group),
        "outside": OrganisationFactory(slug="clinique-hors-ght"),
    }


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def source(group, clock):
    return services.processing_activity_instantiate_template(
        actor=ACTOR, organisation=group["support"], template_code="it_user_accounts", clock=clock
    )


def shared_content(activity):
    return {
        k: v for k, v in processing_activity_content(activity=activity).items() if k not in LOCAL
    }


def copy_in(organisation, source):
    return ProcessingActivity.objects.for_organisation(organisation).get(shared_from=source)


def test_sharing_gives_every_other_member_its_own_copy(group, source, clock):
    copies = services.processing_activity_share_with_group(
        actor=ACTOR, activity=source, clock=clock
    )

    assert {c.organisation for c in copies} == {group["member"], group["other_member"]}
    assert not ProcessingActivity.objects.for_organisation(group["outside"]).exists()
    for copy in copies:
        assert shared_content(copy) == shared_content(source)
        assert copy.reference == "T-001"
        assert copy.shared_from == source
        assert copy.overridden_fields == []
        # Everything the copy links to belongs to the member.
        for name in SHARED_LISTS:
            for row in getattr(copy, name).all():
                assert row.organisation_id == copy.organisation_id
        for row in copy.data_categories.select_related("category"):
            assert row.category.organisation_id == copy.organisation_id
        (event,) = AuditEvent.objects.filter(
            organisation=copy.organisation, action="processing_activity.create_from_group"
        )
        assert event.after["name"] == source.name
        assert audit_verify(organisation=copy.organisation) == []
    assert AuditEvent.objects.filter(
        organisation=group["support"], action="processing_activity.share"
    ).exists()
    assert [c.organisation for c in processing_activity_group_copies(activity=source)] == sorted(
        [group["member"].legal_name, group["other_member"].legal_name]
    )


def test_sharing_again_is_idempotent(group, source, clock):
    services.processing_activity_share_with_group(actor=ACTOR, activity=source, clock=clock)
    services.processing_activity_share_with_group(actor=ACTOR, activity=source, clock=clock)
    assert ProcessingActivity.objects.for_organisation(group["member"]).count() == 1
    assert not AuditEvent.objects.filter(
        organisation=group["member"], action="processing_activity.sync"
    ).exists()


def test_copies_follow_changes_of_the_source(group, source, clock):
    services.processing_activity_share_with_group(actor=ACTOR, activity=source, clock=clock)
    services.processing_activity_update(
        actor=ACTOR, activity=source, name="GHT accounts", large_scale=True
    )
    services.purpose_create(
        actor=ACTOR,
        activity=source,
        description="Single sign-on across the GHT",
        legal_basis=LegalBasis.PUBLIC_TASK,
    )

    copy = copy_in(group["member"], source)
    assert copy.name == "GHT accounts"
    assert copy.large_scale
    assert shared_content(copy) == shared_content(source)
    syncs = AuditEvent.objects.filter(
        organisation=group["member"], action="processing_activity.sync"
    )
    assert syncs.count() == 2
    assert syncs.first().before["name"] == "Information system accounts and access traces"
    assert syncs.first().after["name"] == "GHT accounts"


def test_local_overrides_survive_resyncs_and_can_be_dropped(group, source, clock):
    services.processing_activity_share_with_group(actor=ACTOR, activity=source, clock=clock)
    copy = copy_in(group["member"], source)
    services.processing_activity_update(
        actor=ACTOR, activity=copy, name="EHPAD accounts", data_subject_count=90
    )
    assert copy.overridden_fields == ["name"]  # the subject count is the site's own anyway
    purpose = copy.purposes.first()
    services.purpose_update(actor=ACTOR, purpose=purpose, description="Local wording")
    copy.refresh_from_db()
    assert copy.overridden_fields == ["name", "purposes"]

    services.processing_activity_update(
        actor=ACTOR, activity=source, name="Source renamed", description="New shared description"
    )
    main = Purpose.objects.filter(activity=source, is_main=True).get()
    services.purpose_update(actor=ACTOR, purpose=main, description="Source wording")

    copy.refresh_from_db()
    assert copy.name == "EHPAD accounts"
    assert copy.description == "New shared description"
    assert "Local wording" in [p.description for p in copy.purposes.all()]
    other = copy_in(group["other_member"], source)
    assert other.name == "Source renamed"
    assert "Source wording" in [p.description for p in other.purposes.all()]

    services.processing_activity_follow_source(
        actor=ACTOR, activity=copy, parts=["purposes"], clock=clock
    )
    copy.refresh_from_db()
    assert copy.overridden_fields == ["name"]
    assert (
        processing_activity_content(activity=copy)["purposes"]
        == processing_activity_content(activity=source)["purposes"]
    )
    services.processing_activity_follow_source(actor=ACTOR, activity=copy, clock=clock)
    copy.refresh_from_db()
    assert copy.name == "Source renamed"
    assert copy.overridden_fields == []
    actions = set(
        AuditEvent.objects.filter(organisation=group["member"]).values_list("action", flat=True)
    )
    assert {
        "processing_activity.override",
        "processing_activity.follow_source",
        "processing_activity.sync",
    } <= actions
    assert audit_verify(organisation=group["member"]) == []


def test_custom_categories_are_recreated_and_vendors_matched_by_name(group, source, clock):
    support, member = group["support"], group["member"]
    categories = services.data_categories_ensure(organisation=support)
    custom = services.data_category_create(
        actor=ACTOR,
        organisation=support,
        code="health.dialysis",
        label="Dialysis",
        parent=categories["health"],
        is_special_category=True,
        is_health=True,
    )
    services.activity_data_category_add(
        actor=ACTOR, activity=source, category=custom, retention_criteria="Stay"
    )
    shared_vendor = VendorFactory(organisation=support, name="Identity provider")
    VendorFactory(organisation=member, name="Identity provider")
    services.recipient_add(
        actor=ACTOR, activity=source, kind="processor", name="IdP", vendor=shared_vendor
    )
    only_support = VendorFactory(organisation=support, name="Support-only vendor")
    services.recipient_add(
        actor=ACTOR, activity=source, kind="processor", name="Other", vendor=only_support
    )

    services.processing_activity_share_with_group(actor=ACTOR, activity=source, clock=clock)

    copy = copy_in(member, source)
    row = copy.data_categories.select_related("category").get(category__code="health.dialysis")
    assert row.category.organisation == member
    assert row.category.is_health
    assert not row.category.builtin
    assert row.category.parent.organisation == member
    recipients = {r.name: r.vendor for r in copy.recipients.select_related("vendor")}
    assert recipients["IdP"].organisation == member
    assert recipients["Other"] is None


def test_only_the_support_organisation_shares_its_own_live_activities(group, source, clock):
    member_activity = services.processing_activity_create(
        actor=ACTOR, organisation=group["member"], name="Local"
    )
    with pytest.raises(ValidationError):
        services.processing_activity_share_with_group(actor=ACTOR, activity=member_activity)
    outside = services.processing_activity_create(
        actor=ACTOR, organisation=group["outside"], name="Alone"
    )
    with pytest.raises(ValidationError):
        services.processing_activity_share_with_group(actor=ACTOR, activity=outside)
    services.processing_activity_archive(actor=ACTOR, activity=source)
    with pytest.raises(ValidationError):
        services.processing_activity_share_with_group(actor=ACTOR, activity=source)
    assert (
        not ProcessingActivity.objects.for_organisation(group["member"])
        .exclude(pk=member_activity.pk)
        .exists()
    )
    with pytest.raises(ValidationError):
        services.processing_activity_follow_source(actor=ACTOR, activity=member_activity)


def test_shared_fields_are_the_record_content_not_the_site_bookkeeping():
    assert "status" not in SHARED_FIELDS
    assert "owner" not in SHARED_FIELDS
    assert "reference" not in SHARED_FIELDS
    assert "systems" not in SHARED_LISTS
