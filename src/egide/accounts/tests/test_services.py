"""Organisation and membership services: validation, audit, last-DPO protection, invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from egide.accounts.models import ApiToken, Membership, Organisation, OrganisationGroup, User
from egide.accounts.services import (
    membership_add,
    membership_grant,
    membership_revoke,
    organisation_create,
    organisation_update,
)
from egide.accounts.tests.factories import MembershipFactory, UserFactory
from egide.core.audit import Actor, audit_verify_chain
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
CLI = Actor.system("cli")


def _events(organisation, action):
    return list(AuditEvent.objects.for_organisation(organisation).filter(action=action))


def _dpo_of(organisation):
    return MembershipFactory(organisation=organisation, role="dpo")


# Organisations


def test_create_validates_audits_and_joins_a_group():
    organisation = organisation_create(
        actor=CLI,
        group_name="GHT Loire",
        slug="ch-roanne",
        legal_name="CH de Roanne",
        kind="hospital",
        legal_status="public",
        finess="420000001",
    )
    assert organisation.group == OrganisationGroup.objects.get(name="GHT Loire")
    (event,) = _events(organisation, "organisation.create")
    assert event.actor_label == "system:cli"
    assert event.after["finess"] == "420000001"
    assert event.after["group"] == organisation.group.pk
    assert AuditEvent.objects.filter(organisation=None, action="group.create").count() == 1
    # The same group is reused.
    second = organisation_create(
        actor=CLI,
        group_name="GHT Loire",
        slug="ch-feurs",
        legal_name="CH de Feurs",
        kind="hospital",
        legal_status="public",
    )
    assert second.group == organisation.group
    assert OrganisationGroup.objects.count() == 1


def test_create_refuses_invalid_fields_and_writes_nothing():
    with pytest.raises(ValidationError) as raised:
        organisation_create(
            actor=CLI,
            group_name="GHT Nouveau",
            slug="bad slug",
            legal_name="X",
            kind="castle",
            legal_status="public",
            siren="123456789",
        )
    assert {"slug", "kind", "siren"} <= set(raised.value.message_dict)
    assert not Organisation.objects.exists()
    assert not OrganisationGroup.objects.exists()
    assert not AuditEvent.objects.exists()


def test_update_records_only_what_changed(organisation, dpo):
    organisation_update(actor=dpo, organisation=organisation, city="Bron", bed_count=300)
    (event,) = _events(organisation, "organisation.update")
    assert event.before == {"city": "Lyon", "bed_count": None}
    assert event.after == {"city": "Bron", "bed_count": 300}


def test_update_without_change_records_nothing(organisation, dpo):
    organisation_update(actor=dpo, organisation=organisation, city=organisation.city)
    assert _events(organisation, "organisation.update") == []


def test_invalid_update_leaves_the_organisation_untouched(organisation, dpo):
    with pytest.raises(ValidationError):
        organisation_update(actor=dpo, organisation=organisation, siren="111111111", city="Bron")
    assert (organisation.siren, organisation.city) == ("", "Lyon")  # in memory too
    organisation.refresh_from_db()
    assert (organisation.siren, organisation.city) == ("", "Lyon")
    assert _events(organisation, "organisation.update") == []


def test_update_refuses_unknown_fields(organisation, dpo):
    with pytest.raises(ValueError, match="unknown organisation fields"):
        organisation_update(actor=dpo, organisation=organisation, created_at=NOW)


# Memberships


def test_an_auditor_grant_needs_a_future_end(organisation, dpo):
    user = UserFactory()
    clock = FrozenClock(NOW)
    with pytest.raises(ValidationError) as raised:
        membership_grant(
            actor=dpo, organisation=organisation, user=user, role="auditor", clock=clock
        )
    assert "expires_at" in raised.value.message_dict
    with pytest.raises(ValidationError):
        membership_grant(
            actor=dpo,
            organisation=organisation,
            user=user,
            role="auditor",
            expires_at=NOW - timedelta(seconds=1),
            clock=clock,
        )
    assert not Membership.objects.filter(user=user).exists()
    membership = membership_grant(
        actor=dpo,
        organisation=organisation,
        user=user,
        role="auditor",
        expires_at=NOW + timedelta(days=10),
        clock=clock,
    )
    assert membership.expires_at == NOW + timedelta(days=10)


def test_unchanged_grant_records_nothing(organisation, dpo, member_factory):
    colleague = member_factory("manager")
    membership_grant(actor=dpo, organisation=organisation, user=colleague, role="manager")
    assert _events(organisation, "membership.update") == []


def test_revoke_ends_access_and_the_tokens_it_carried(organisation, dpo, member_factory):
    colleague = member_factory("contributor")
    membership = Membership.objects.get(user=colleague)
    token = ApiToken.objects.create(
        user=colleague,
        organisation=organisation,
        role="contributor",
        name="t",
        prefix="abcdefgh",
        key_hash="0" * 64,
    )
    membership_revoke(actor=dpo, membership=membership, clock=FrozenClock(NOW))
    token.refresh_from_db()
    assert membership.revoked_at == NOW
    assert token.revoked_at == NOW
    membership_revoke(actor=dpo, membership=membership)  # already revoked: nothing more
    assert len(_events(organisation, "membership.revoke")) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"role": "dpo_assistant"},
        {"role": "auditor", "expires_at": NOW + timedelta(days=3)},
        {"role": "dpo", "expires_at": NOW + timedelta(days=3)},  # time-limiting the last DPO
    ],
)
def test_the_last_dpo_cannot_be_downgraded(organisation, dpo, change):
    clock = FrozenClock(NOW)
    with pytest.raises(ValidationError) as raised:
        membership_grant(actor=dpo, organisation=organisation, user=dpo, clock=clock, **change)
    assert raised.value.code == "last_dpo"
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    assert (membership.role, membership.expires_at) == ("dpo", None)


def test_the_last_dpo_cannot_be_revoked(organisation, dpo):
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    with pytest.raises(ValidationError):
        membership_revoke(actor=dpo, membership=membership)
    membership.refresh_from_db()
    assert membership.revoked_at is None
    assert _events(organisation, "membership.revoke") == []


def test_revoked_or_expired_dpos_do_not_count(organisation, dpo):
    MembershipFactory(organisation=organisation, role="dpo", revoked_at=NOW)
    MembershipFactory(organisation=organisation, role="dpo", expires_at=NOW - timedelta(days=1))
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    with pytest.raises(ValidationError):
        membership_revoke(actor=dpo, membership=membership, clock=FrozenClock(NOW))


def test_a_dpo_of_another_organisation_does_not_count(organisation, other_organisation, dpo):
    MembershipFactory(organisation=other_organisation, role="dpo")
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    with pytest.raises(ValidationError):
        membership_revoke(actor=dpo, membership=membership)


def test_another_live_dpo_allows_the_change(organisation, dpo):
    _dpo_of(organisation)
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    membership_revoke(actor=dpo, membership=membership)
    assert membership.revoked_at is not None


# Adding members by email


def test_add_creates_a_user_without_password_and_emails_after_commit(
    organisation, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        membership, invited = membership_add(
            actor=dpo,
            organisation=organisation,
            email="  Nouvelle@CHU-Test.fr ",
            role="manager",
            site_url="https://egide.example.org/",
        )
        assert mailoutbox == []  # nothing sent before the commit
    assert invited
    assert len(callbacks) == 1
    user = membership.user
    assert user.email == "nouvelle@chu-test.fr"
    assert not user.has_usable_password()
    (mail,) = mailoutbox
    assert "https://egide.example.org/accounts/password/reset/" in mail.body
    assert audit_verify_chain(organisation=organisation).intact


def test_add_with_an_invalid_role_leaves_no_user_behind(organisation, dpo):
    with pytest.raises(ValidationError):
        membership_add(
            actor=dpo,
            organisation=organisation,
            email="ghost@example.org",
            role="king",
            site_url="https://egide.example.org",
        )
    assert not User.objects.filter(email="ghost@example.org").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_add_an_existing_invited_user_sends_the_setup_email_again(
    organisation, other_organisation, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    pending = UserFactory(email="pending@example.org")
    pending.set_unusable_password()
    pending.save()
    with django_capture_on_commit_callbacks(execute=True):
        _, invited = membership_add(
            actor=dpo,
            organisation=organisation,
            email="pending@example.org",
            role="contributor",
            site_url="https://egide.example.org",
        )
    assert invited
    assert [m.to for m in mailoutbox] == [["pending@example.org"]]
