"""``egide createuser`` and ``egide otp``."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime, time

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from egide.accounts import mfa
from egide.accounts.models import Membership, User
from egide.accounts.services import mfa_device_enrol_confirmed
from egide.accounts.tests.factories import UserFactory
from egide.core.audit import Actor
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.core.models import AuditEvent

PASSWORD = "long-enough-passphrase-for-egide"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def refused(*args):
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


def test_createuser_with_password_name_and_staff(db):
    out = run("createuser", "Ines@Example.org", "--password", PASSWORD, "--name", "Inès", "--staff")
    user = User.objects.get(email="ines@example.org")
    assert user.check_password(PASSWORD)
    assert user.full_name == "Inès"
    assert user.is_staff
    assert "Created ines@example.org" in out
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor_label == "system:cli"
    assert event.organisation is None


def test_createuser_reads_the_password_from_stdin(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    run("createuser", "stdin@example.org", "--password-stdin")
    assert User.objects.get(email="stdin@example.org").check_password(PASSWORD)


def test_createuser_without_password_sets_an_unusable_one(db):
    out = run("createuser", "nopass@example.org")
    assert not User.objects.get(email="nopass@example.org").has_usable_password()
    assert "Forgot your password" in out


def test_createuser_with_a_role(organisation):
    run(
        "createuser",
        "dpo@example.org",
        "--password",
        PASSWORD,
        "--org",
        organisation.slug,
        "--role",
        "dpo",
    )
    membership = Membership.objects.get(user__email="dpo@example.org")
    assert (membership.organisation, membership.role, membership.expires_at) == (
        organisation,
        "dpo",
        None,
    )
    assert AuditEvent.objects.filter(action="membership.grant", organisation=organisation).exists()


def test_createuser_auditor_with_end_date(organisation):
    run(
        "createuser",
        "audit@example.org",
        "--org",
        organisation.slug,
        "--role",
        "auditor",
        "--expires",
        "2099-06-30",
    )
    membership = Membership.objects.get(user__email="audit@example.org")
    assert membership.expires_at == datetime.combine(
        date(2099, 6, 30), time(23, 59, 59), tzinfo=PARIS
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x@example.org", "--org", "nowhere", "--role", "dpo"], "No organisation"),
        (["x@example.org", "--org", "chu-test", "--role", "boss"], "Unknown role"),
        (["x@example.org", "--org", "chu-test"], "needs --role"),
        (["x@example.org", "--role", "dpo"], "need --org"),
        (
            ["x@example.org", "--org", "chu-test", "--role", "auditor", "--expires", "30/06/2099"],
            "YYYY-MM-DD",
        ),
        (["x@example.org", "--org", "chu-test", "--role", "auditor"], "end date"),
        (
            ["x@example.org", "--org", "chu-test", "--role", "dpo", "--expires", "2001-01-01"],
            "future",
        ),
        (["x@example.org", "--password", "short"], "Password refused"),
        (["x@example.org", "--password", "x@example.org-x"], "Password refused"),
        (["x@example.org", "--password", ""], "empty"),
    ],
)
def test_createuser_bad_input_exits_2_and_creates_nothing(organisation, args, message):
    # Some messages come from the services, translated into the active language: read them in English.
    with translation.override("en"):
        assert message in refused("createuser", *args)
    assert not User.objects.filter(email="x@example.org").exists()
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_createuser_duplicate_email(db):
    UserFactory(email="taken@example.org")
    assert "already exists" in refused("createuser", "TAKEN@example.org", "--password", PASSWORD)


def test_createuser_empty_stdin(db, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert "standard input" in refused("createuser", "x@example.org", "--password-stdin")


def test_otp_prints_the_current_code(dpo):
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=dpo, secret=SECRET)
    before = mfa.current_code(SECRET, SYSTEM_CLOCK.now())
    printed = run("otp", dpo.email.upper()).strip()
    after = mfa.current_code(SECRET, SYSTEM_CLOCK.now())
    assert printed in {before, after}


def test_otp_refusals(dpo, settings):
    assert "No user" in refused("otp", "ghost@example.org")
    assert "no confirmed authenticator" in refused("otp", dpo.email)
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=dpo, secret=SECRET)
    settings.EGIDE_ENV = "production"
    assert "disabled in production" in refused("otp", dpo.email)
