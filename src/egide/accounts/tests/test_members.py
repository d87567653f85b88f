"""Member management pages: list, add (invite), change and revoke access."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone

from egide.accounts.models import Membership, TotpDevice, User
from egide.accounts.tests.factories import MembershipFactory, UserFactory
from egide.core.clock import PARIS
from egide.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _members_url(organisation):
    return reverse("accounts:members", kwargs={"org": organisation.slug})


def _edit_url(membership):
    return reverse(
        "accounts:membership_edit",
        kwargs={"org": membership.organisation.slug, "membership_id": membership.pk},
    )


def _revoke_url(membership):
    return reverse(
        "accounts:membership_revoke",
        kwargs={"org": membership.organisation.slug, "membership_id": membership.pk},
    )


def _audit(organisation, action):
    return list(AuditEvent.objects.for_organisation(organisation).filter(action=action))


def _in_a_month():
    return (timezone.now() + timedelta(days=30)).astimezone(PARIS).date()


def test_list_shows_role_mfa_and_access_end(login, dpo, organisation):
    TotpDevice.objects.create(user=dpo, secret="JBSWY3DPEHPK3PXP", confirmed_at=timezone.now())
    auditor = MembershipFactory(
        organisation=organisation,
        role="auditor",
        expires_at=datetime.combine(date(2030, 6, 30), time(23, 59, 59), tzinfo=PARIS),
    )
    MembershipFactory(organisation=organisation, role="manager", revoked_at=timezone.now())
    # Read in French on purpose: the access end date is shown in the reader's date format.
    response = login(dpo).get(_members_url(organisation), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    members = {m.user: m for m in response.context["members"]}
    assert set(members) == {dpo, auditor.user}  # revoked members are not listed
    assert members[dpo].mfa_enrolled
    assert not members[auditor.user].mfa_enrolled
    content = response.content.decode()
    assert "30/06/2030" in content
    assert response.context["form"] is not None


def test_members_without_manage_permission_see_the_list_without_the_form(
    login, member_factory, organisation
):
    response = login(member_factory("contributor")).get(_members_url(organisation))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'name="email"' not in response.content.decode()


def test_dpo_adds_an_existing_user(
    login, dpo, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="colleague@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(dpo).post(
            _members_url(organisation), {"email": "Colleague@Example.org", "role": "contributor"}
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user=colleague, organisation=organisation)
    assert (membership.role, membership.expires_at) == ("contributor", None)
    (event,) = _audit(organisation, "membership.grant")
    assert event.actor == dpo
    assert event.after["role"] == "contributor"
    assert mailoutbox == []  # they already have a password


def test_dpo_invites_a_new_person_who_gets_a_password_setup_email(
    login, dpo, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(dpo).post(
            _members_url(organisation), {"email": "new.dpo@chu-test.fr", "role": "dpo_assistant"}
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.dpo@chu-test.fr")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organisation=organisation).role == "dpo_assistant"
    (mail,) = mailoutbox
    assert mail.to == ["new.dpo@chu-test.fr"]
    assert organisation.legal_name in mail.subject
    link = next(line for line in mail.body.splitlines() if line.startswith("http://testserver/"))
    uidb64, token = link.rstrip("/").split("/")[-2:]
    assert link == "http://testserver" + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}
    )
    assert default_token_generator.check_token(user, token)
    assert AuditEvent.objects.filter(organisation=None, action="user.create").count() == 1


def test_an_auditor_needs_an_end_date(login, dpo, organisation, mailoutbox):
    response = login(dpo).post(
        _members_url(organisation), {"email": "auditor@cabinet.fr", "role": "auditor"}
    )
    assert response.status_code == 400
    assert "access_ends" in response.context["form"].errors
    assert not User.objects.filter(email="auditor@cabinet.fr").exists()
    assert _audit(organisation, "membership.grant") == []


def test_an_auditors_access_ends_at_the_end_of_the_chosen_day(login, dpo, organisation):
    day = _in_a_month()
    response = login(dpo).post(
        _members_url(organisation),
        {"email": "auditor@cabinet.fr", "role": "auditor", "access_ends": day.isoformat()},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="auditor@cabinet.fr")
    assert membership.expires_at == datetime.combine(day, time(23, 59, 59), tzinfo=PARIS)


def test_an_end_date_in_the_past_is_refused(login, dpo, organisation):
    response = login(dpo).post(
        _members_url(organisation),
        {"email": "late@example.org", "role": "auditor", "access_ends": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "access_ends" in response.context["form"].errors
    assert not User.objects.filter(email="late@example.org").exists()


def test_adding_a_current_member_again_is_refused(login, dpo, organisation, member_factory):
    colleague = member_factory("contributor")
    response = login(dpo).post(
        _members_url(organisation), {"email": colleague.email, "role": "dpo"}
    )
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert Membership.objects.get(user=colleague, organisation=organisation).role == "contributor"


def test_a_revoked_member_can_be_added_back(login, dpo, organisation):
    former = MembershipFactory(organisation=organisation, role="manager", revoked_at=timezone.now())
    response = login(dpo).post(
        _members_url(organisation), {"email": former.user.email, "role": "contributor"}
    )
    assert response.status_code == 302
    former.refresh_from_db()
    assert (former.role, former.revoked_at) == ("contributor", None)


@pytest.mark.parametrize("role", ["dpo_assistant", "manager", "contributor", "auditor"])
def test_only_the_dpo_adds_members(
    login, member_factory, organisation, role, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(member_factory(role))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _members_url(organisation), {"email": "intruder@example.org", "role": "dpo"}
        )
    assert response.status_code == 403
    assert not User.objects.filter(email="intruder@example.org").exists()
    assert _audit(organisation, "membership.grant") == []
    assert mailoutbox == []


def test_outsider_gets_404_and_nothing_is_written(login, outsider, organisation):
    response = login(outsider).post(
        _members_url(organisation), {"email": "intruder@example.org", "role": "dpo"}
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="intruder@example.org").exists()


# Changing and revoking access


def test_dpo_changes_a_members_role(login, dpo, organisation, member_factory):
    colleague = member_factory("contributor")
    membership = Membership.objects.get(user=colleague)
    client = login(dpo)
    assert client.get(_edit_url(membership)).status_code == 200
    response = client.post(_edit_url(membership), {"role": "manager"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "manager"
    (event,) = _audit(organisation, "membership.update")
    assert (event.before["role"], event.after["role"]) == ("contributor", "manager")


def test_extending_an_auditors_access(login, dpo, organisation):
    auditor = MembershipFactory(organisation=organisation, role="auditor")
    day = _in_a_month() + timedelta(days=60)
    form = login(dpo).get(_edit_url(auditor)).context["form"]
    assert form.initial["access_ends"] == auditor.expires_at.astimezone(PARIS).date()
    response = login(dpo).post(
        _edit_url(auditor), {"role": "auditor", "access_ends": day.isoformat()}
    )
    assert response.status_code == 302
    auditor.refresh_from_db()
    assert auditor.expires_at.astimezone(PARIS).date() == day


@pytest.mark.parametrize("role", ["dpo_assistant", "manager", "contributor", "auditor"])
def test_only_the_dpo_changes_or_revokes_access(login, member_factory, organisation, role):
    target = MembershipFactory(organisation=organisation, role="contributor")
    client = login(member_factory(role))
    assert client.get(_edit_url(target)).status_code == 403
    assert client.post(_edit_url(target), {"role": "dpo"}).status_code == 403
    assert client.post(_revoke_url(target)).status_code == 403
    target.refresh_from_db()
    assert (target.role, target.revoked_at) == ("contributor", None)
    assert _audit(organisation, "membership.update") == []
    assert _audit(organisation, "membership.revoke") == []


def test_a_membership_of_another_organisation_is_404(login, dpo, other_organisation, organisation):
    elsewhere = MembershipFactory(organisation=other_organisation, role="contributor")
    client = login(dpo)
    # Through this organisation's URL, and through the other organisation's URL (not a member there).
    for url in (
        reverse(
            "accounts:membership_edit",
            kwargs={"org": organisation.slug, "membership_id": elsewhere.pk},
        ),
        reverse(
            "accounts:membership_revoke",
            kwargs={"org": organisation.slug, "membership_id": elsewhere.pk},
        ),
        _edit_url(elsewhere),
    ):
        assert client.post(url, {"role": "dpo"}).status_code == 404
    elsewhere.refresh_from_db()
    assert (elsewhere.role, elsewhere.revoked_at) == ("contributor", None)


def test_revoke_is_post_only(login, dpo, organisation):
    target = MembershipFactory(organisation=organisation, role="contributor")
    assert login(dpo).get(_revoke_url(target)).status_code == 405
    target.refresh_from_db()
    assert target.revoked_at is None


def test_dpo_revokes_a_member(login, dpo, organisation):
    target = MembershipFactory(organisation=organisation, role="contributor")
    response = login(dpo).post(_revoke_url(target))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.revoked_at is not None
    assert len(_audit(organisation, "membership.revoke")) == 1
    # Revoked: no longer reachable for a second revoke.
    assert login(dpo).post(_revoke_url(target)).status_code == 404


def test_the_last_dpo_cannot_be_downgraded_or_revoked(login, dpo, organisation):
    own = Membership.objects.get(user=dpo, organisation=organisation)
    client = login(dpo)
    response = client.post(_edit_url(own), {"role": "contributor"})
    assert response.status_code == 400
    assert "last DPO" in str(response.context["form"].non_field_errors())
    response = client.post(_revoke_url(own))
    assert response.status_code == 400
    assert "last DPO" in response.content.decode()
    own.refresh_from_db()
    assert (own.role, own.revoked_at) == ("dpo", None)
    assert _audit(organisation, "membership.update") == []
    assert _audit(organisation, "membership.revoke") == []


def test_with_a_second_dpo_the_first_can_step_down(login, dpo, organisation, member_factory):
    member_factory("dpo")
    own = Membership.objects.get(user=dpo, organisation=organisation)
    response = login(dpo).post(_edit_url(own), {"role": "dpo_assistant"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.role == "dpo_assistant"
