"""The sweep's world and the URL kwargs of the platform and accounts routes.

Domain apps register their own kwargs in ``src/egide/<app>/tests/sweep.py`` (``SWEEP_FIXTURES``, found by
``egide.core.testing.discover_sweep_fixtures``). A fixture receives the :class:`SweepWorld` and returns the
value to put in the URL: a real object of ``world.organisation``, made once for the whole sweep.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from egide.accounts.models import ApiToken, User
from egide.accounts.roles import Role
from egide.accounts.services import api_token_create, api_token_touch
from egide.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from egide.core.clock import SYSTEM_CLOCK
from egide.core.jobs import worker_heartbeat_beat
from egide.core.models import AuditEvent
from egide.core.testing import PerMember, SweepFixture, SweepKey, SweepWorld

ROLES: tuple[str, ...] = tuple(Role.values)
PASSWORD_RESET_ROUTE = "accounts:password_reset_confirm"


def build_world() -> SweepWorld:
    """Organisation A with one user per role (each with an API token of that role), the DPO of B,
    and a platform operator who belongs to no organisation."""
    organisation = OrganisationFactory(slug="sweep-a", legal_name="CHU Sweep A")
    other = OrganisationFactory(slug="sweep-b", legal_name="Clinique Sweep B")
    members = {role: MembershipFactory(role=role, organisation=organisation).user for role in ROLES}
    outsider = MembershipFactory(role=Role.DPO, organisation=other).user
    staff = UserFactory(is_staff=True)
    holders = [(role, user, organisation, role) for role, user in members.items()]
    holders.append(("outsider", outsider, other, Role.DPO))
    token_keys: dict[str, str] = {}
    token_ids: dict[str, int] = {}
    for holder, user, org, role in holders:
        token, key = api_token_create(
            actor=user, organisation=org, name=f"sweep {holder}", role=role
        )
        token_keys[holder], token_ids[holder] = key, token.pk
    return SweepWorld(
        organisation=organisation,
        other_organisation=other,
        members=members,
        outsider=outsider,
        staff=staff,
        token_keys=token_keys,
        token_ids=token_ids,
    )


def _colleague_membership(world: SweepWorld) -> Any:
    """A contributor of A whom the visitors may edit or revoke (not one of the visitors)."""
    return MembershipFactory(role=Role.CONTRIBUTOR, organisation=world.organisation).pk


def _audit_event_of_a(world: SweepWorld) -> Any:
    """An event of A's chain (building the world wrote some: the tokens' creation)."""
    return (
        AuditEvent.objects.filter(organisation=world.organisation).order_by("sequence").first().pk
    )


def _own_token(world: SweepWorld, role: str) -> Any:
    """A token of ``role``'s member: a member revokes their own tokens, nobody else's."""
    token, _key = api_token_create(
        actor=world.members[role], organisation=world.organisation, name="sweep target", role=role
    )
    return token.pk


def keep_alive(world: SweepWorld) -> None:
    """Before each visit: the deployment is live (a worker beat just now) and every visitor's token was
    just used, so its once-a-minute last-use stamp is not a change made by the visit."""
    now = SYSTEM_CLOCK.now()
    worker_heartbeat_beat(worker_id="sweep-worker", started_at=now, now=now)
    for token in ApiToken.objects.filter(pk__in=world.token_ids.values()):
        api_token_touch(token=token, now=now)


def _reset_user(world: SweepWorld) -> User:
    """A member of A who asked for a password reset; never signed in by the sweep, so the token holds."""
    existing = User.objects.filter(email="sweep-reset@example.org").first()
    if existing is not None:
        return existing
    user = UserFactory(email="sweep-reset@example.org")
    MembershipFactory(user=user, role=Role.CONTRIBUTOR, organisation=world.organisation)
    return user


def _reset_uid(world: SweepWorld) -> str:
    return urlsafe_base64_encode(force_bytes(_reset_user(world).pk))


def _reset_token(world: SweepWorld) -> str:
    return default_token_generator.make_token(_reset_user(world))


SWEEP_FIXTURES: dict[SweepKey, SweepFixture] = {
    "membership_id": _colleague_membership,
    "token_id": PerMember(_own_token),
    (PASSWORD_RESET_ROUTE, "uidb64"): _reset_uid,
    (PASSWORD_RESET_ROUTE, "token"): _reset_token,
    ("api:member-detail", "pk"): _colleague_membership,
    ("api:audit-event-detail", "pk"): _audit_event_of_a,
    "format": lambda world: "json",
}
