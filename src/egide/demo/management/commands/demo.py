"""``egide demo [--reset]``: load the fictional hospital group and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from egide.demo import data
from egide.demo.loader import DemoContext, demo_load


def roles_text(user: data.DemoUser) -> str:
    """``dpo: every demo organisation`` or ``manager: ehpad-les-glycines; contributor: ch-montaurele``."""
    if not user.memberships:
        return _("platform operator, no organisation") if user.is_staff else "-"
    by_role: dict[str, list[str]] = {}
    for membership in user.memberships:
        by_role.setdefault(membership.role, []).append(membership.organisation)
    parts = []
    for role, slugs in by_role.items():
        where = (
            _("every demo organisation")
            if len(slugs) == len(data.ORGANISATIONS)
            else ", ".join(slugs)
        )
        parts.append(f"{role}: {where}")
    return "; ".join(parts)


def logins_table() -> list[str]:
    """The login table, one row per demo user and their job on the line below."""
    width = max(len(user.email) for user in data.USERS) + 2
    yes, no = _("yes"), _("no")
    mfa_width = max(len(yes), len(no), len(_("MFA"))) + 2
    lines = [f"  {_('Email').ljust(width)}{_('MFA').ljust(mfa_width)}{_('Roles')}"]
    for user in data.USERS:
        mfa = yes if user.needs_mfa else no
        lines.append(f"  {user.email.ljust(width)}{mfa.ljust(mfa_width)}{roles_text(user)}")
        lines.append(f"  {' ' * (width + mfa_width)}{user.title}")
    return lines


class Command(BaseCommand):
    help = _(
        "Load the fictional hospital group (idempotent: running it again changes nothing). "
        "--reset wipes the database first. Refused in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Delete every row of the database, then load the demo again."),
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if settings.EGIDE_ENV == "production":
            # Demo accounts share a published password and MFA seeds: never in production.
            raise CommandError(
                _("egide demo is refused in production (EGIDE_ENV=production)."), returncode=2
            )
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            self.stdout.write(_("Database wiped."))
        context = demo_load()
        self.stdout.write(self.summary(context))
        self.print_logins()

    def summary(self, context: DemoContext) -> str:
        if not context.created:
            return _("Demo data already loaded: nothing changed.")
        done = ", ".join(f"{number} {what}" for what, number in context.created.items())
        return _("Demo data loaded: %(done)s.") % {"done": done}

    def print_logins(self) -> None:
        rule = "=" * 78
        out = self.stdout
        out.write("")
        out.write(rule)
        out.write(_("  Egide demo: sign in with one of these accounts"))
        out.write(
            _("  Password for every account: %(password)s") % {"password": data.DEMO_PASSWORD}
        )
        out.write(rule)
        for line in logins_table():
            out.write(line)
        out.write("")
        out.write(_("  MFA yes: after the password, Egide asks for a six-digit code."))
        commands = (
            (_("Current code of an account:"), ".venv/bin/egide otp EMAIL"),
            (_("Show this table again:"), ".venv/bin/egide demo"),
            (_("Start over from scratch:"), ".venv/bin/egide demo --reset"),
        )
        width = max(len(label) for label, _command in commands) + 2
        for label, command in commands:
            out.write(f"  {label.ljust(width)}{command}")
        portal = settings.EGIDE_PUBLIC_URL.rstrip("/") + reverse(
            "rights_portal:start", kwargs={"org": data.HOSPITAL}
        )
        out.write("")
        out.write(_("  Patients' rights portal (no sign-in): %(url)s") % {"url": portal})
        out.write(rule)
