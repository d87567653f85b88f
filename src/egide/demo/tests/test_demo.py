"""The demo group: loaded through the services, idempotent, reset-able outside production; docs in step."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from egide.accounts.models import Membership, Organisation, OrganisationGroup, TotpDevice, User
from egide.accounts.roles import MFA_REQUIRED_ROLES, ROLE_PERMISSIONS, Perm, Role
from egide.accounts.services import membership_revoke
from egide.accounts.tests.factories import OrganisationFactory
from egide.accounts.validators import validate_finess, validate_siren, validate_siret
from egide.cli import main
from egide.core.audit import audit_verify
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.demo import data, loader
from egide.demo.loader import DemoContext, demo_load, register_demo_step

REPO = Path(__file__).resolve().parents[4]


def _counts() -> dict[str, int]:
    return {
        "groups": OrganisationGroup.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "devices": TotpDevice.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Eleven demo users: Argon2 would make each load take seconds when EGIDE_ENV is not "test"."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock():
    return FrozenClock()


def test_load_creates_the_group_four_organisations_and_every_role(db, clock):
    demo_load(clock=clock)

    group = OrganisationGroup.objects.get(name=data.GROUP_NAME)
    assert set(Organisation.objects.values_list("slug", flat=True)) == {
        data.HOSPITAL,
        data.CLINIC,
        data.NURSING_HOME,
        data.LABORATORY,
    }
    assert set(group.organisations.values_list("slug", flat=True)) == {
        data.HOSPITAL,
        data.NURSING_HOME,
    }
    hospital = Organisation.objects.get(slug=data.HOSPITAL)
    assert hospital.is_group_support
    assert hospital.bed_count == 900
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    dpo = User.objects.get(email="claire.delorme@demo.egide.local")
    assert dpo.memberships.filter(role=Role.DPO).count() == 4
    assert dpo.check_password(data.DEMO_PASSWORD)
    assert all(u.email.endswith("@demo.egide.local") for u in User.objects.all())
    auditor = Membership.objects.get(role=Role.AUDITOR, organisation=hospital)
    assert auditor.expires_at == clock.now() + timedelta(days=60)
    # Some people hold different roles in different organisations.
    assert any(len(user.roles) > 1 for user in data.USERS)


def test_demo_users_with_mfa_roles_have_a_confirmed_device_with_their_known_secret(db, clock):
    demo_load(clock=clock)

    for demo_user in data.USERS:
        user = User.objects.get(email=demo_user.email)
        needs_mfa = Membership.objects.filter(user=user, role__in=MFA_REQUIRED_ROLES).exists()
        assert demo_user.needs_mfa == needs_mfa
        device = TotpDevice.objects.filter(user=user).first()
        if needs_mfa:
            assert device is not None
            assert device.confirmed_at is not None
            assert device.secret == data.demo_totp_secret(demo_user.email)
        else:
            assert device is None


def test_load_writes_a_real_audit_trail_as_the_demo_system_actor(db, clock):
    demo_load(clock=clock)

    assert AuditEvent.objects.filter(action="organisation.create").count() == 4
    assert (
        AuditEvent.objects.filter(action="membership.grant").count() == Membership.objects.count()
    )
    # Portal requests of the demo are filed through the portal's services, which write as the portal.
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) == {
        "system:demo",
        "system:portal",
    }
    assert audit_verify(all_chains=True) == []


def test_loading_twice_changes_nothing_and_writes_no_audit_event(db, clock):
    demo_load(clock=clock)
    first = _counts()

    clock.advance(timedelta(days=1))
    context = demo_load(clock=clock)

    assert _counts() == first
    assert not context.created


def test_reloading_keeps_profile_edits_but_restores_the_printed_logins(db, clock):
    demo_load(clock=clock)
    hospital = Organisation.objects.get(slug=data.HOSPITAL)
    Organisation.objects.filter(pk=hospital.pk).update(city="Montaurèle-Centre")
    membership = Membership.objects.get(user__email="sophie.nguyen@demo.egide.local")
    membership_revoke(actor=loader.DEMO_ACTOR, membership=membership, clock=clock)

    context = demo_load(clock=clock)

    assert Organisation.objects.get(pk=hospital.pk).city == "Montaurèle-Centre"
    membership.refresh_from_db()
    assert membership.revoked_at is None
    assert sum(context.created.values()) == 1


def test_the_printed_logins_work_password_then_the_code_from_egide_otp(db, client):
    call_command("demo", stdout=io.StringIO())
    email = "claire.delorme@demo.egide.local"

    answer = client.post(
        reverse("accounts:login"), {"email": email, "password": data.DEMO_PASSWORD}
    )
    assert answer.status_code == 302
    assert answer.url == reverse("accounts:login_verify")
    code = io.StringIO()
    call_command("otp", email, stdout=code)
    answer = client.post(reverse("accounts:login_verify"), {"code": code.getvalue().strip()})

    assert answer.status_code == 302
    portfolio = client.get(reverse("accounts:portfolio"))
    assert portfolio.status_code == 200
    for demo in data.ORGANISATIONS:
        assert demo.fields["legal_name"] in portfolio.content.decode()


def test_every_demo_identifier_passes_the_model_validators(db):
    for demo in data.ORGANISATIONS:
        fields = demo.fields
        validate_siren(fields["siren"])
        validate_siret(fields["siret"])
        validate_finess(fields["finess"])
        assert fields["siret"].startswith(fields["siren"])
        assert fields["finess"][:2] == fields["postal_code"][:2]  # the department of the address
        Organisation(**fields).full_clean()


def test_command_prints_the_logins_password_and_how_to_get_a_code(db):
    out = io.StringIO()
    with translation.override("en"):
        call_command("demo", stdout=out)

    printed = out.getvalue()
    assert data.DEMO_PASSWORD in printed
    assert "egide otp EMAIL" in printed
    for demo_user in data.USERS:
        row = next(line for line in printed.splitlines() if demo_user.email in line)
        assert ("yes" if demo_user.needs_mfa else "no") in row.split()
    assert "Demo data loaded" in printed
    portal = next(line for line in printed.splitlines() if "rights portal" in line).split()[-1]
    assert portal.endswith(f"/p/{data.HOSPITAL}/")


# Real transactions: --reset flushes the database (TRUNCATE), which PostgreSQL refuses inside the test's
# transaction while the rows just loaded still have deferred foreign-key checks pending.
@pytest.mark.django_db(transaction=True)
def test_reset_wipes_the_database_and_loads_the_demo_again():
    call_command("demo", stdout=io.StringIO())
    fresh = _counts()
    OrganisationFactory(slug="not-in-the-demo")

    call_command("demo", "--reset", stdout=io.StringIO())

    assert not Organisation.objects.filter(slug="not-in-the-demo").exists()
    assert _counts() == fresh
    assert audit_verify(all_chains=True) == []


# Real transactions: the command line closes its database connections on exit, as a process does; inside
# the test's transaction that would leave the test on a closed connection (PostgreSQL).
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("args", [["demo"], ["demo", "--reset"]])
def test_demo_is_refused_in_production_and_touches_nothing(settings, args):
    settings.EGIDE_ENV = "production"
    kept = OrganisationFactory(slug="real-hospital")

    with pytest.raises(CommandError) as refused:
        call_command(*args, stdout=io.StringIO())
    assert refused.value.returncode == 2
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2

    assert list(Organisation.objects.values_list("slug", flat=True)) == [kept.slug]
    assert not User.objects.exists()


def test_registered_steps_run_in_order_after_organisations_and_users(db, clock, monkeypatch):
    # Import the apps' demo modules first: imported for the first time inside demo_load, they would
    # register their own steps into the emptied registry below (when this test runs before any load).
    loader.demo_steps()
    monkeypatch.setattr(loader, "_STEPS", {})
    seen: list[tuple[str, int, int]] = []

    def second(context: DemoContext) -> None:
        seen.append(("second", len(context.organisations), len(context.users)))

    def first(context: DemoContext) -> None:
        seen.append(("first", len(context.organisations), len(context.users)))
        context.count_created("processing activities", 3)

    register_demo_step("second", second, order=20)
    register_demo_step("first", first, order=10)
    register_demo_step("first", first, order=10)  # registering again is harmless
    with pytest.raises(ValueError, match="already registered"):
        register_demo_step("first", second)

    context = demo_load(clock=clock)

    everyone = len(data.USERS)
    assert seen == [("first", 4, everyone), ("second", 4, everyone)]
    assert context.created["processing activities"] == 3


def roles_table() -> str:
    """docs/roles.md's table, generated from ROLE_PERMISSIONS and MFA_REQUIRED_ROLES."""
    roles = list(Role)
    lines = [
        "| Permission | " + " | ".join(f"`{role.value}`" for role in roles) + " |",
        "| --- | " + " | ".join(":---:" for _ in roles) + " |",
    ]
    for perm in Perm:
        cells = ["yes" if perm in ROLE_PERMISSIONS[role] else "-" for role in roles]
        lines.append(f"| `{perm.value}` | " + " | ".join(cells) + " |")
    mfa = ["yes" if role in MFA_REQUIRED_ROLES else "-" for role in roles]
    lines.append("| MFA required | " + " | ".join(mfa) + " |")
    return "\n".join(lines)


def test_docs_roles_table_matches_the_code():
    text = (REPO / "docs" / "roles.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- roles-table:start -->\n(.*?)\n<!-- roles-table:end -->", text, re.S)
    assert found, "docs/roles.md lost its roles-table markers"
    expected = roles_table()
    assert found.group(1) == expected, f"update docs/roles.md with:\n{expected}"


def test_install_doc_lists_every_environment_variable_of_the_settings():
    settings_source = (REPO / "src" / "egide" / "config" / "settings.py").read_text(
        encoding="utf-8"
    )
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_source))
    install = (REPO / "docs" / "install.md").read_text(encoding="utf-8")
    assert names, "no environment variable found in settings.py"
    assert sorted(n for n in names if f"`{n}`" not in install) == []
