"""Two-factor authentication: the TOTP and recovery-code rules, enrolment, sign-in with a code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from egide.accounts import lockout, mfa
from egide.accounts.middleware import MFA_SESSION_KEY
from egide.accounts.models import RecoveryCode, TotpDevice
from egide.accounts.services import mfa_device_enrol_confirmed, mfa_recovery_code_use
from egide.accounts.tests.factories import TEST_PASSWORD
from egide.core.audit import Actor
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = datetime(2026, 1, 15, 9, 0, 10, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    frozen = FrozenClock(NOW)
    monkeypatch.setattr(lockout, "CLOCK", frozen)
    return frozen


def code_now(clock, secret=SECRET, offset_steps=0):
    return mfa.code_at_step(secret, mfa.time_step(clock.now()) + offset_steps)


def enrolled(user):
    return mfa_device_enrol_confirmed(actor=Actor.system("test"), user=user, secret=SECRET)


# Rules, no database.


def test_codes_of_the_current_step_and_its_neighbours_are_accepted():
    step = mfa.time_step(NOW)
    for offset in (-1, 0, 1):
        code = mfa.code_at_step(SECRET, step + offset)
        assert mfa.matching_step(SECRET, code, now=NOW) == step + offset
    for offset in (-2, 2):
        assert mfa.matching_step(SECRET, mfa.code_at_step(SECRET, step + offset), now=NOW) is None


def test_a_used_step_or_an_earlier_one_is_refused():
    step = mfa.time_step(NOW)
    code = mfa.code_at_step(SECRET, step)
    assert mfa.matching_step(SECRET, code, now=NOW, after_step=step) is None
    assert mfa.matching_step(SECRET, code, now=NOW, after_step=step - 1) == step


def test_code_shapes():
    code = mfa.current_code(SECRET, NOW)
    assert mfa.matching_step(SECRET, f"{code[:3]} {code[3:]}", now=NOW) is not None
    assert mfa.matching_step(SECRET, "abcdef", now=NOW) is None
    assert not mfa.looks_like_totp("12345")
    assert mfa.time_step(datetime(1970, 1, 1, 0, 1, tzinfo=UTC)) == 2
    with pytest.raises(ValueError, match="timezone-aware"):
        mfa.time_step(datetime(2026, 1, 1))  # noqa: DTZ001


def test_recovery_codes_are_random_and_hashed_with_salt():
    codes = mfa.new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    first, second = mfa.hash_recovery_code(codes[0]), mfa.hash_recovery_code(codes[0])
    assert first != second
    assert codes[0] not in first
    assert mfa.recovery_code_matches(codes[0].upper().replace("-", " "), first)
    assert not mfa.recovery_code_matches(codes[1], first)
    assert not mfa.recovery_code_matches(codes[0], "md5$x$y")
    assert not mfa.recovery_code_matches(codes[0], "garbage")


def test_secrets_and_qr_code():
    assert mfa.secret_is_valid(mfa.new_secret())
    assert not mfa.secret_is_valid("not base32!")
    assert not mfa.secret_is_valid("JBSWY3DP")  # too short
    uri = mfa.provisioning_uri(SECRET, "dpo@example.org")
    assert uri.startswith("otpauth://totp/Egide:dpo%40example.org?")
    assert "issuer=Egide" in uri
    svg = mfa.qr_code_svg(uri)
    assert svg.startswith("<svg")
    assert "style=" not in svg
    assert "<script" not in svg


# Enrolment.


def test_dpo_without_authenticator_is_sent_to_enrolment(client, dpo, member_factory):
    client.force_login(dpo)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_enrol")
    contributor = member_factory("contributor")
    client.force_login(contributor)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_enrolment_happy_path(client, dpo, clock):
    client.force_login(dpo)
    page = client.get(reverse("accounts:mfa_enrol"))
    assert page.status_code == 200
    device = TotpDevice.objects.get(user=dpo)
    assert device.confirmed_at is None
    assert "<svg" in page.content.decode()
    assert device.secret[:4] in page.content.decode()
    assert client.get(reverse("accounts:mfa_enrol")).context["secret"].replace(" ", "") == (
        device.secret
    ), "a reload keeps the secret already scanned"

    response = client.post(reverse("accounts:mfa_enrol"), {"code": code_now(clock, device.secret)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert codes[0] in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at == clock.now()
    stored = list(RecoveryCode.objects.filter(user=dpo).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert client.session[MFA_SESSION_KEY] is True
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert AuditEvent.objects.filter(action="mfa.enrol", object_id=str(device.pk)).exists()
    assert "style=" not in page.content.decode()


def test_enrolment_with_a_wrong_code_confirms_nothing(client, dpo, clock):
    client.force_login(dpo)
    client.get(reverse("accounts:mfa_enrol"))
    device = TotpDevice.objects.get(user=dpo)
    wrong = f"{(int(code_now(clock, device.secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:mfa_enrol"), {"code": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors
    device.refresh_from_db()
    assert device.confirmed_at is None
    assert not RecoveryCode.objects.filter(user=dpo).exists()
    assert MFA_SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action="mfa.enrol").exists()


def test_session_without_second_factor_confirms_an_existing_authenticator(client, dpo, clock):
    enrolled(dpo)
    client.force_login(dpo)
    assert client.get(reverse("accounts:profile")).url == reverse("accounts:mfa_enrol")
    page = client.get(reverse("accounts:mfa_enrol"))
    assert page.context["mode"] == "verify"
    assert "<svg" not in page.content.decode()

    response = client.post(reverse("accounts:mfa_enrol"), {"code": code_now(clock)})

    assert response.status_code == 302
    assert client.session[MFA_SESSION_KEY] is True
    assert client.get(reverse("accounts:mfa_enrol")).context["mode"] == "enabled"


# Sign-in with a second factor.


def password_step(client, user, next_url=""):
    data = {"email": user.email, "password": TEST_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def test_login_with_totp(client, dpo, clock):
    enrolled(dpo)
    response = password_step(client, dpo, next_url="/accounts/profile/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session, "not signed in before the second factor"
    assert client.get(reverse("accounts:profile")).status_code == 302

    response = client.post(reverse("accounts:login_verify"), {"code": code_now(clock)})

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert client.session["_auth_user_id"] == str(dpo.pk)
    assert client.session[MFA_SESSION_KEY] is True
    assert client.get(reverse("accounts:profile")).status_code == 200
    event = AuditEvent.objects.filter(action="auth.login").get()
    assert event.after == {"method": "totp"}
    assert event.organisation is None


def test_a_code_cannot_be_replayed(client, dpo, clock):
    enrolled(dpo)
    code = code_now(clock)
    password_step(client, dpo)
    assert client.post(reverse("accounts:login_verify"), {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    password_step(client, dpo)
    replay = client.post(reverse("accounts:login_verify"), {"code": code})

    assert replay.status_code == 200
    assert replay.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session
    clock.advance(timedelta(seconds=30))
    assert (
        client.post(reverse("accounts:login_verify"), {"code": code_now(clock)}).status_code == 302
    )


def test_recovery_code_works_once(client, dpo, clock, login):
    enrolled(dpo)
    login(dpo)
    shown = client.post(reverse("accounts:mfa_recovery_codes"), {"code": code_now(clock)})
    recovery = shown.context["codes"][3]
    client.post(reverse("accounts:logout"))

    password_step(client, dpo)
    response = client.post(reverse("accounts:login_verify"), {"code": recovery.upper()})
    assert response.status_code == 302
    assert client.session[MFA_SESSION_KEY] is True
    assert RecoveryCode.objects.filter(user=dpo, used_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="mfa.recovery_code_use").count() == 1
    client.post(reverse("accounts:logout"))

    password_step(client, dpo)
    again = client.post(reverse("accounts:login_verify"), {"code": recovery})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_pending_sign_in_expires_after_five_minutes(client, dpo, clock):
    enrolled(dpo)
    password_step(client, dpo)
    clock.advance(timedelta(minutes=5, seconds=1))

    response = client.post(reverse("accounts:login_verify"), {"code": code_now(clock)})

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    device = TotpDevice.objects.get(user=dpo)
    assert device.last_used_step == 0, "the code was not even checked"


def test_verify_page_without_password_step_goes_back_to_login(client):
    response = client.get(reverse("accounts:login_verify"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:login")


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(client, dpo, clock, login):
    enrolled(dpo)
    login(dpo)
    page = client.get(reverse("accounts:mfa_recovery_codes"))
    assert page.status_code == 200
    assert page.context["remaining"] == 0

    refused = client.post(reverse("accounts:mfa_recovery_codes"), {"code": "000000"})
    assert refused.status_code == 200
    assert refused.context["codes"] is None
    assert not RecoveryCode.objects.filter(user=dpo).exists()

    first = client.post(reverse("accounts:mfa_recovery_codes"), {"code": code_now(clock)})
    clock.advance(timedelta(seconds=30))
    second = client.post(reverse("accounts:mfa_recovery_codes"), {"code": code_now(clock)})

    old, new = first.context["codes"], second.context["codes"]
    assert len(new) == 10
    assert RecoveryCode.objects.filter(user=dpo).count() == 10
    assert not mfa_recovery_code_use(user=dpo, code=old[0], clock=clock)
    assert mfa_recovery_code_use(user=dpo, code=new[0], clock=clock)
    assert AuditEvent.objects.filter(action="mfa.recovery_codes_regenerate").count() == 2


def test_recovery_codes_page_without_authenticator_goes_to_enrolment(client, member_factory, login):
    login(member_factory("contributor"))
    response = client.get(reverse("accounts:mfa_recovery_codes"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_enrol")


def test_enrol_confirmed_service_is_idempotent(dpo):
    clock = FrozenClock(NOW)
    device = mfa_device_enrol_confirmed(
        actor=Actor.system("demo"), user=dpo, secret=SECRET, clock=clock
    )
    clock.advance(timedelta(days=1))
    again = mfa_device_enrol_confirmed(
        actor=Actor.system("demo"), user=dpo, secret=SECRET, clock=clock
    )

    assert again.pk == device.pk
    assert again.confirmed_at == NOW
    assert AuditEvent.objects.filter(action="mfa.enrol").count() == 1
    other = mfa.new_secret()
    changed = mfa_device_enrol_confirmed(
        actor=Actor.system("demo"), user=dpo, secret=other, clock=clock
    )
    assert changed.pk == device.pk
    assert changed.secret == other
    assert AuditEvent.objects.filter(action="mfa.enrol").count() == 2
    with pytest.raises(ValidationError):
        mfa_device_enrol_confirmed(actor=Actor.system("demo"), user=dpo, secret="nope")


def test_secret_is_encrypted_at_rest(dpo):
    from django.db import connection

    device = enrolled(dpo)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_totpdevice WHERE id = %s", [device.pk])
        (raw,) = cursor.fetchone()
    assert SECRET not in raw


def test_profile_shows_two_factor_status(client, dpo, clock, login):
    login(dpo)
    assert client.get(reverse("accounts:profile")).context["device"] is None
    enrolled(dpo)
    page = client.get(reverse("accounts:profile"))
    assert page.context["device"] is not None
    assert reverse("accounts:mfa_recovery_codes") in page.content.decode()
