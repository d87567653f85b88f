"""Lockout after repeated failures (password or second factor), per account and per client address."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from egide.accounts import lockout, mfa
from egide.accounts.models import LoginFailure
from egide.accounts.services import mfa_device_enrol_confirmed
from egide.accounts.tests.factories import TEST_PASSWORD
from egide.core.audit import Actor
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent

LOGIN = reverse("accounts:login")
NOW = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(NOW)
    monkeypatch.setattr(lockout, "CLOCK", frozen)
    return frozen


@pytest.fixture
def three_tries(settings):
    settings.EGIDE_LOGIN_MAX_FAILURES = 3
    settings.EGIDE_LOGIN_LOCKOUT_MINUTES = 15


@pytest.fixture
def contributor(member_factory):
    return member_factory("contributor")


def sign_in(client, email, password=TEST_PASSWORD):
    return client.post(LOGIN, {"email": email, "password": password})


def errors(response):
    return list(response.context["form"].non_field_errors())


def test_service_locks_after_max_failures_and_unlocks_after_the_window(contributor, three_tries):
    clock = FrozenClock(NOW)
    results = [
        lockout.login_failure_record(
            email=contributor.email, ip_address="10.0.0.1", step="password", clock=clock
        )
        for _ in range(3)
    ]

    assert results == [False, False, True]
    contributor.refresh_from_db()
    assert contributor.locked_until == NOW + timedelta(minutes=15)
    assert lockout.sign_in_blocked(email=contributor.email, ip_address="10.0.0.1", now=NOW)
    later = NOW + timedelta(minutes=15, seconds=1)
    assert not lockout.sign_in_blocked(email=contributor.email, ip_address="10.0.0.1", now=later)
    lock = AuditEvent.objects.get(action="auth.lockout")
    assert lock.organisation is None
    assert lock.object_id == str(contributor.pk)


def test_lockout_through_the_sign_in_page(client, contributor, clock, three_tries):
    for _ in range(2):
        assert "incorrect" in errors(sign_in(client, contributor.email, "wrong-password"))[0]
    locked = errors(sign_in(client, contributor.email, "wrong-password"))
    assert "suspended for 15 minutes" in locked[0]

    right_password = sign_in(client, contributor.email)
    assert right_password.status_code == 200
    assert errors(right_password) == locked
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.count() == 3, "refused attempts do not test the password"

    clock.advance(timedelta(minutes=15, seconds=1))
    response = sign_in(client, contributor.email)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(contributor.pk)
    contributor.refresh_from_db()
    assert contributor.failed_login_count == 0
    assert contributor.locked_until is None


def test_unknown_email_locks_the_same_way(client, contributor, clock, three_tries):
    for _ in range(3):
        sign_in(client, contributor.email, "wrong-password")
        unknown = sign_in(client, "ghost@example.org", "wrong-password")
    assert errors(unknown) == errors(sign_in(client, contributor.email))
    clock.advance(timedelta(minutes=16))
    after = errors(sign_in(client, "ghost@example.org", "wrong-password"))
    assert "incorrect" in after[0]


def test_success_resets_the_count(client, contributor, clock, three_tries):
    sign_in(client, contributor.email, "wrong-password")
    sign_in(client, contributor.email, "wrong-password")
    assert sign_in(client, contributor.email).status_code == 302
    client.post(reverse("accounts:logout"))
    contributor.refresh_from_db()
    assert contributor.failed_login_count == 0
    sign_in(client, contributor.email, "wrong-password")
    sign_in(client, contributor.email, "wrong-password")
    assert sign_in(client, contributor.email).status_code == 302


def test_client_address_is_throttled_across_accounts(client, contributor, clock, three_tries):
    LoginFailure.objects.bulk_create(
        LoginFailure(email=f"user{n}@example.org", ip_address="127.0.0.1", occurred_at=NOW)
        for n in range(3 * lockout.ADDRESS_FAILURES_FACTOR)
    )
    response = sign_in(client, contributor.email)
    assert response.status_code == 200
    assert "suspended" in errors(response)[0]
    assert "_auth_user_id" not in client.session

    other_address = client.post(
        LOGIN, {"email": contributor.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert other_address.status_code == 302

    clock.advance(timedelta(minutes=15, seconds=1))
    assert not lockout.address_throttled(ip_address="127.0.0.1", now=clock.now())


def test_wrong_second_factor_codes_count_and_lock(client, dpo, clock, three_tries):
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=dpo, secret=SECRET)
    step = mfa.time_step(clock.now())
    wrong = next(
        f"{n:06d}"
        for n in range(1_000_000)
        if f"{n:06d}" not in {mfa.code_at_step(SECRET, step + d) for d in (-1, 0, 1)}
    )
    assert sign_in(client, dpo.email).url == reverse("accounts:login_verify")
    for _ in range(2):
        response = client.post(reverse("accounts:login_verify"), {"code": wrong})
        assert response.status_code == 200

    response = client.post(reverse("accounts:login_verify"), {"code": wrong})

    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    dpo.refresh_from_db()
    assert dpo.locked_until == NOW + timedelta(minutes=15)
    right_code = mfa.code_at_step(SECRET, step)
    assert client.post(reverse("accounts:login_verify"), {"code": right_code}).url == LOGIN
    steps = AuditEvent.objects.filter(action="auth.login_failed").values_list("after", flat=True)
    assert [after["step"] for after in steps] == ["mfa", "mfa", "mfa"]


def test_locked_account_cannot_finish_a_pending_sign_in(client, dpo, clock, three_tries):
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=dpo, secret=SECRET)
    sign_in(client, dpo.email)
    dpo.locked_until = NOW + timedelta(minutes=5)
    dpo.save()

    response = client.post(
        reverse("accounts:login_verify"), {"code": mfa.current_code(SECRET, clock.now())}
    )

    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
