"""``egide createuser EMAIL``: create a user, optionally with a role in an organisation."""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from egide.accounts.models import Organisation, User
from egide.accounts.roles import Role
from egide.accounts.services import membership_grant, user_create
from egide.core.audit import Actor
from egide.core.clock import PARIS


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _messages(exc: ValidationError) -> str:
    return " ".join(str(message) for message in exc.messages)


class Command(BaseCommand):
    help = (
        "Create a user. Without a password the person chooses one through the "
        "'Forgot your password?' link. With --org and --role, give them a role there."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        secret = parser.add_mutually_exclusive_group()
        secret.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        secret.add_argument("--password", help="The password (visible in the process list).")
        parser.add_argument("--name", default="", help="Full name.")
        parser.add_argument("--staff", action="store_true", help="Platform operator.")
        parser.add_argument("--org", help="Slug of the organisation to join.")
        parser.add_argument("--role", help=f"Role in --org: {', '.join(Role.values)}.")
        parser.add_argument(
            "--expires", help="Last day of access, YYYY-MM-DD (required for auditors)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        password = self._password(options)
        organisation, role, expires_at = self._membership(options)
        if User.objects.filter(email=email).exists():
            raise _fail(f"A user with the email address {email} already exists.")
        candidate = User(email=email, full_name=options["name"])
        if password is not None:
            try:
                validate_password(password, user=candidate)
            except ValidationError as exc:
                raise _fail(f"Password refused: {_messages(exc)}") from exc
        actor = Actor.system("cli")
        try:
            with transaction.atomic():
                user = user_create(
                    actor=actor,
                    email=email,
                    password=password,
                    full_name=options["name"],
                    is_staff=options["staff"],
                )
                if organisation is not None and role is not None:
                    membership_grant(
                        actor=actor,
                        organisation=organisation,
                        user=user,
                        role=role,
                        expires_at=expires_at,
                    )
        except ValidationError as exc:
            raise _fail(_messages(exc)) from exc
        where = f" ({role} in {organisation.slug})" if organisation is not None else ""
        self.stdout.write(self.style.SUCCESS(f"Created {user.email}{where}."))
        if password is None:
            self.stdout.write("No password set: use 'Forgot your password?' on the sign-in page.")

    def _password(self, options: dict[str, Any]) -> str | None:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise _fail("No password on standard input.")
            return password
        password = options["password"]
        if password is not None and not password:
            raise _fail("The password is empty.")
        return password

    def _membership(
        self, options: dict[str, Any]
    ) -> tuple[Organisation | None, str | None, datetime | None]:
        slug, role, expires = options["org"], options["role"], options["expires"]
        if not slug:
            if role or expires:
                raise _fail("--role and --expires need --org.")
            return None, None, None
        if not role:
            raise _fail("--org needs --role.")
        if role not in Role.values:
            raise _fail(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise _fail(f"No organisation with the short name {slug!r}.")
        expires_at = None
        if expires:
            try:
                day = date.fromisoformat(expires)
            except ValueError as exc:
                raise _fail(f"--expires must be a date YYYY-MM-DD, got {expires!r}.") from exc
            expires_at = datetime.combine(day, time(23, 59, 59), tzinfo=PARIS)
        return organisation, role, expires_at
