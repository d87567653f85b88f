"""Load the fictional group through the services, so the demo's audit trail is the real thing.

Loading is idempotent: what exists is left alone, what is missing is created. Organisations and users are
created once (edits made in the demo are kept); memberships and MFA devices are restored when they differ
from ``data.py``, so the printed logins always work.

Domain apps add their own demo content with a step that runs after organisations and users exist::

    # egide/<app>/demo.py (imported automatically, like admin.py elsewhere)
    from egide.demo.loader import DemoContext, register_demo_step

    def load_registry(context: DemoContext) -> None:
        hospital = context.organisations[data.HOSPITAL]
        ...  # call the app's services with actor=context.actor, clock=context.clock; skip what exists

    register_demo_step("registry", load_registry, order=10)

Steps run in ``order`` (then name) inside the loading transaction, and must be idempotent themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, Organisation, OrganisationGroup, User
from egide.accounts.selectors import totp_device_confirmed_get
from egide.accounts.services import (
    membership_grant,
    mfa_device_enrol_confirmed,
    organisation_create,
    organisation_group_get_or_create,
    user_create,
)
from egide.core.audit import Actor
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.demo import data

DEMO_ACTOR = Actor.system("demo")


@dataclass
class DemoContext:
    """What a demo step receives: who writes, the time, and the objects already loaded."""

    actor: Actor
    clock: Clock
    group: OrganisationGroup
    organisations: dict[str, Organisation] = field(default_factory=dict)  # by slug
    users: dict[str, User] = field(default_factory=dict)  # by email
    created: Counter[str] = field(default_factory=Counter)  # what this run added, for the summary

    def count_created(self, what: str, number: int = 1) -> None:
        self.created[what] += number


DemoStepFunction = Callable[[DemoContext], None]


@dataclass(frozen=True)
class DemoStep:
    name: str
    function: DemoStepFunction
    order: int


_STEPS: dict[str, DemoStep] = {}


def register_demo_step(name: str, function: DemoStepFunction, *, order: int = 100) -> None:
    """Add a step to the demo load. Registering the same function again is harmless; another function
    under a name already taken is a mistake and raises."""
    existing = _STEPS.get(name)
    if existing is not None and existing.function is not function:
        raise ValueError(f"demo step {name!r} is already registered by {existing.function!r}")
    _STEPS[name] = DemoStep(name=name, function=function, order=order)


def demo_steps() -> list[DemoStep]:
    """Every registered step, in running order (each installed app's ``demo`` module is imported first)."""
    autodiscover_modules("demo")
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


def demo_load(*, clock: Clock = SYSTEM_CLOCK) -> DemoContext:
    """Load the demo group, its organisations and users, then every registered step, in one transaction."""
    with transaction.atomic():
        before = OrganisationGroup.objects.filter(name=data.GROUP_NAME).exists()
        group = organisation_group_get_or_create(actor=DEMO_ACTOR, name=data.GROUP_NAME)
        context = DemoContext(actor=DEMO_ACTOR, clock=clock, group=group)
        if not before:
            context.count_created(_("group"))
        for organisation in data.ORGANISATIONS:
            context.organisations[organisation.slug] = _organisation_ensure(context, organisation)
        for user in data.USERS:
            context.users[user.email] = _user_ensure(context, user)
        for step in demo_steps():
            step.function(context)
    return context


def _organisation_ensure(context: DemoContext, demo: data.DemoOrganisation) -> Organisation:
    existing = Organisation.objects.filter(slug=demo.slug).first()
    if existing is not None:
        return existing
    fields = dict(demo.fields)
    if demo.in_group:
        fields["group"] = context.group
    context.count_created(_("organisations"))
    return organisation_create(actor=context.actor, clock=context.clock, **fields)


def _user_ensure(context: DemoContext, demo: data.DemoUser) -> User:
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = user_create(
            actor=context.actor,
            email=demo.email,
            password=data.DEMO_PASSWORD,
            full_name=demo.full_name,
            is_staff=demo.is_staff,
        )
        context.count_created(_("users"))
    for membership in demo.memberships:
        _membership_ensure(context, user, membership)
    if demo.needs_mfa and totp_device_confirmed_get(user=user) is None:
        mfa_device_enrol_confirmed(
            actor=context.actor,
            user=user,
            secret=data.demo_totp_secret(demo.email),
            clock=context.clock,
        )
        context.count_created(_("MFA devices"))
    return user


def _membership_ensure(context: DemoContext, user: User, demo: data.DemoMembership) -> None:
    organisation = context.organisations[demo.organisation]
    now = context.clock.now()
    current = Membership.objects.filter(user=user, organisation=organisation).first()
    if (
        current is not None
        and current.role == demo.role
        and current.revoked_at is None
        and (current.expires_at is None) == (demo.access_days is None)
        and (current.expires_at is None or current.expires_at > now)
    ):
        return
    expires_at = now + timedelta(days=demo.access_days) if demo.access_days is not None else None
    membership_grant(
        actor=context.actor,
        organisation=organisation,
        user=user,
        role=demo.role,
        expires_at=expires_at,
        clock=context.clock,
    )
    context.count_created(_("memberships"))
