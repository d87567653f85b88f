"""Portfolio, organisation switcher, dashboard and organisation profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from egide.accounts.choices import OrganisationKind
from egide.accounts.models import Organisation, TotpDevice
from egide.accounts.open_items import auditor_accesses_ending_count, members_without_mfa_count
from egide.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    OrganisationGroupFactory,
    UserFactory,
)
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.core.portfolio import open_item_counters, register_open_items, unregister_open_items

pytestmark = pytest.mark.django_db

PORTFOLIO = "/portfolio/"


def _enrol(user):
    TotpDevice.objects.create(user=user, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())


def _counts(response, slug):
    row = next(r for r in response.context["rows"] if r.membership.organisation.slug == slug)
    return {item.counter.key: item.value for item in row.open_items}


ACCOUNTS_COUNTERS = ("auditor_access_ending", "members_without_mfa")


def _accounts_counts(response, slug):
    """The accounts area's counters only: other apps (the register...) register their own."""
    counts = _counts(response, slug)
    return {key: counts[key] for key in ACCOUNTS_COUNTERS}


# Portfolio


def test_portfolio_lists_only_the_users_live_organisations(
    login, dpo, organisation, other_organisation
):
    group = OrganisationGroupFactory(name="GHT Rhône Centre")
    second = OrganisationFactory(legal_name="Clinique du Parc", group=group, city="Villeurbanne")
    MembershipFactory(user=dpo, organisation=second, role="contributor")
    MembershipFactory(
        user=dpo, organisation=OrganisationFactory(), role="dpo", revoked_at=timezone.now()
    )
    MembershipFactory(
        user=dpo,
        organisation=OrganisationFactory(),
        role="auditor",
        expires_at=timezone.now() - timedelta(days=1),
    )
    response = login(dpo).get(PORTFOLIO)
    assert response.status_code == 200
    slugs = [row.membership.organisation.slug for row in response.context["rows"]]
    assert slugs == [organisation.slug, second.slug]  # by legal name; not other_organisation
    content = response.content.decode()
    assert "GHT Rhône Centre" in content
    assert "Villeurbanne" in content
    assert other_organisation.legal_name not in content


def test_portfolio_counts_open_items_per_organisation(login, dpo, organisation, member_factory):
    _enrol(dpo)
    member_factory("dpo_assistant")  # not enrolled
    soon = MembershipFactory(
        organisation=organisation, role="auditor", expires_at=timezone.now() + timedelta(days=5)
    )
    MembershipFactory(  # ends later: not counted
        organisation=organisation, role="auditor", expires_at=timezone.now() + timedelta(days=40)
    )
    quiet = OrganisationFactory(legal_name="Zeta")
    MembershipFactory(user=dpo, organisation=quiet, role="dpo")
    response = login(dpo).get(PORTFOLIO)
    assert _accounts_counts(response, organisation.slug) == {
        "auditor_access_ending": 1,
        "members_without_mfa": 1,
    }
    assert _accounts_counts(response, quiet.slug) == {
        "auditor_access_ending": 0,
        "members_without_mfa": 0,
    }
    assert soon.user.email not in response.content.decode()


def test_portfolio_query_count_does_not_grow_with_organisations(
    login, dpo, django_assert_max_num_queries
):
    client = login(dpo)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PORTFOLIO).status_code == 200
        return len(captured)

    for _ in range(2):
        MembershipFactory(user=dpo, role="dpo")
    few = queries()
    for _ in range(15):
        MembershipFactory(user=dpo, role="manager")
    assert queries() == few
    with django_assert_max_num_queries(6 + len(open_item_counters())):
        client.get(PORTFOLIO)


def test_portfolio_filters_by_name_and_kind(login, dpo, organisation):
    clinic = OrganisationFactory(legal_name="Clinique Saint-Joseph", kind=OrganisationKind.CLINIC)
    MembershipFactory(user=dpo, organisation=clinic)
    client = login(dpo)

    def slugs(query):
        return [
            r.membership.organisation.slug for r in client.get(PORTFOLIO, query).context["rows"]
        ]

    assert slugs({"q": "joseph"}) == [clinic.slug]
    assert slugs({"kind": "clinic"}) == [clinic.slug]
    assert slugs({"kind": "hospital"}) == [organisation.slug]
    assert slugs({"q": "joseph", "kind": "hospital"}) == []


def test_portfolio_invalid_kind_answers_400(login, dpo):
    response = login(dpo).get(PORTFOLIO, {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors


def test_portfolio_htmx_answers_the_table_only(login, dpo, organisation):
    response = login(dpo).get(PORTFOLIO, {"q": "test"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="portfolio-table"')
    assert organisation.legal_name in content
    assert "HX-Request" in response["Vary"]


def test_portfolio_needs_sign_in(client):
    response = client.get(PORTFOLIO)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_switcher_goes_to_a_member_organisation(login, dpo, organisation):
    response = login(dpo).get(PORTFOLIO, {"go": organisation.slug})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard", kwargs={"org": organisation.slug})


def test_switcher_answers_404_for_other_organisations(login, dpo, other_organisation):
    client = login(dpo)
    assert client.get(PORTFOLIO, {"go": other_organisation.slug}).status_code == 404
    assert client.get(PORTFOLIO, {"go": "does-not-exist"}).status_code == 404


@pytest.fixture
def extra_counter():
    register_open_items("test_counter", "Test items", lambda ids: dict.fromkeys(ids, 7))
    yield
    unregister_open_items("test_counter")


def test_registered_counters_appear_on_portfolio_and_dashboard(
    login, dpo, organisation, extra_counter
):
    client = login(dpo)
    assert _counts(client.get(PORTFOLIO), organisation.slug)["test_counter"] == 7
    dashboard = client.get(reverse("accounts:dashboard", kwargs={"org": organisation.slug}))
    assert {i.counter.key: i.value for i in dashboard.context["open_items"]}["test_counter"] == 7


def test_accounts_counters_answer_for_many_organisations_in_one_query(
    organisation, other_organisation, django_assert_num_queries
):
    now = timezone.now()
    MembershipFactory(
        organisation=organisation, role="auditor", expires_at=now + timedelta(days=13)
    )
    MembershipFactory(organisation=other_organisation, role="manager")
    MembershipFactory(organisation=other_organisation, role="contributor")  # MFA not required
    ids = [organisation.pk, other_organisation.pk]
    clock = FrozenClock(now)
    with django_assert_num_queries(1):
        assert auditor_accesses_ending_count(ids, clock=clock) == {organisation.pk: 1}
    with django_assert_num_queries(1):
        assert members_without_mfa_count(ids, clock=clock) == {other_organisation.pk: 1}
    earlier = FrozenClock(now - timedelta(days=2))  # 15 days before the end: not yet
    assert auditor_accesses_ending_count(ids, clock=earlier) == {}
    ended = FrozenClock(now + timedelta(days=14))  # the access has ended: nothing left to extend
    assert auditor_accesses_ending_count(ids, clock=ended) == {}


# Dashboard


def test_dashboard_shows_profile_members_and_recent_activity(
    login, dpo, organisation, member_factory
):
    from egide.accounts.services import organisation_update

    member_factory("contributor")
    for n in range(12):
        organisation_update(actor=dpo, organisation=organisation, city=f"Lyon {n}")
    response = login(dpo).get(reverse("accounts:dashboard", kwargs={"org": organisation.slug}))
    assert response.status_code == 200
    assert response.context["members_count"] == 2
    recent = response.context["recent_events"]
    assert len(recent) == 10
    assert recent[0].after == {"city": "Lyon 11"}
    assert organisation.legal_name in response.content.decode()


def test_dashboard_hides_the_trail_from_roles_without_audit_access(
    login, member_factory, organisation
):
    response = login(member_factory("contributor")).get(
        reverse("accounts:dashboard", kwargs={"org": organisation.slug})
    )
    assert response.status_code == 200
    assert response.context["recent_events"] == []
    assert (
        reverse("core:audit_log", kwargs={"org": organisation.slug})
        not in (response.content.decode().split('<main id="main"')[1])
    )


def test_dashboard_of_another_organisation_is_404(login, dpo, other_organisation):
    url = reverse("accounts:dashboard", kwargs={"org": other_organisation.slug})
    assert login(dpo).get(url).status_code == 404


# Organisation profile

EDIT = "accounts:organisation_edit"


def _profile(organisation, **changes):
    data = {
        "legal_name": organisation.legal_name,
        "kind": organisation.kind,
        "legal_status": organisation.legal_status,
        "siren": "",
        "siret": "",
        "finess": "",
        "address_line": "",
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "staff_count": "",
        "patient_volume": "",
        "bed_count": "",
        "group": "",
    }
    data.update(changes)
    return data


def test_profile_is_read_only_without_manage_permission(login, member_factory, organisation):
    response = login(member_factory("manager")).get(
        reverse(EDIT, kwargs={"org": organisation.slug})
    )
    assert response.status_code == 200
    assert response.context["form"] is None
    assert organisation.legal_name in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_profile_post_is_refused_without_manage_permission(
    login, member_factory, organisation, role
):
    url = reverse(EDIT, kwargs={"org": organisation.slug})
    response = login(member_factory(role)).post(url, _profile(organisation, legal_name="Pirate"))
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.legal_name == "CHU de Test"
    assert not AuditEvent.objects.for_organisation(organisation).exists()


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant"])
def test_profile_update_is_saved_and_audited(login, member_factory, organisation, role):
    group = OrganisationGroupFactory(name="GHT Alsace")
    url = reverse(EDIT, kwargs={"org": organisation.slug})
    data = _profile(
        organisation,
        legal_name="CHU de Test (Strasbourg)",
        siren="732 829 320",
        siret="73282932000074",
        finess="670000001",
        bed_count="1200",
        group=str(group.pk),
        uses_alsace_moselle_calendar="on",
    )
    response = login(member_factory(role)).post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.siren == "732829320"
    assert (organisation.bed_count, organisation.group) == (1200, group)
    assert organisation.uses_alsace_moselle_calendar
    event = AuditEvent.objects.for_organisation(organisation).get(action="organisation.update")
    assert event.before["legal_name"] == "CHU de Test"
    assert event.after["legal_name"] == "CHU de Test (Strasbourg)"
    assert event.after["group"] == group.pk
    assert "city" not in event.after  # only what changed


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siren", "123456789"),
        ("siret", "73282932000075"),
        ("finess", "999999999"),
        ("kind", "castle"),
        ("legal_name", ""),
        ("bed_count", "-3"),
    ],
)
def test_profile_rejects_invalid_values(login, dpo, organisation, field, value):
    url = reverse(EDIT, kwargs={"org": organisation.slug})
    response = login(dpo).post(url, _profile(organisation, **{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Organisation.objects.get(pk=organisation.pk).legal_name == "CHU de Test"
    assert not AuditEvent.objects.for_organisation(organisation).exists()


def test_profile_siret_must_extend_the_siren(login, dpo, organisation):
    url = reverse(EDIT, kwargs={"org": organisation.slug})
    data = _profile(organisation, siren="732829320", siret="55208131766522")
    response = login(dpo).post(url, data)
    assert response.status_code == 400
    assert "siret" in response.context["form"].errors


def test_switcher_lists_the_users_organisations_on_organisation_pages(login, dpo, organisation):
    other = OrganisationFactory(legal_name="Hôpital voisin")
    MembershipFactory(user=dpo, organisation=other)
    MembershipFactory(user=UserFactory(), organisation=OrganisationFactory(legal_name="Ailleurs"))
    content = login(dpo).get(reverse("accounts:dashboard", kwargs={"org": organisation.slug}))
    text = content.content.decode()
    assert "Hôpital voisin" in text
    assert "Ailleurs" not in text
