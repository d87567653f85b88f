"""``egide otp EMAIL``: print a user's current authenticator code (demo and development only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egide.accounts import mfa
from egide.accounts.models import User
from egide.accounts.selectors import totp_device_confirmed_get
from egide.core.clock import SYSTEM_CLOCK


class Command(BaseCommand):
    help = "Print the current TOTP code of a user (refused in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.EGIDE_ENV == "production":
            raise CommandError(
                "egide otp is disabled in production: codes come from the person's own device.",
                returncode=2,
            )
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No user with the email address {email}.", returncode=2)
        device = totp_device_confirmed_get(user=user)
        if device is None:
            raise CommandError(f"{email} has no confirmed authenticator.", returncode=2)
        self.stdout.write(mfa.current_code(device.secret, SYSTEM_CLOCK.now()))
