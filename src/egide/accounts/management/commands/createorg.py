"""``egide createorg SLUG --name NAME --kind KIND --status STATUS [...]``: create an organisation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egide.accounts.choices import LegalStatus, OrganisationKind
from egide.accounts.services import organisation_create
from egide.core.audit import Actor


class Command(BaseCommand):
    help = "Create an organisation (audited as done by the command line)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="Short name used in addresses, e.g. chu-lyon.")
        parser.add_argument("--name", required=True, help="Legal name.")
        parser.add_argument(
            "--kind", required=True, help=f"One of: {', '.join(OrganisationKind.values)}."
        )
        parser.add_argument(
            "--status",
            required=True,
            help=f"Legal status, one of: {', '.join(LegalStatus.values)}.",
        )
        parser.add_argument("--siren", default="", help="SIREN (9 digits).")
        parser.add_argument("--siret", default="", help="SIRET (14 digits).")
        parser.add_argument("--finess", default="", help="FINESS number (9 characters).")
        parser.add_argument("--city", default="", help="City.")
        parser.add_argument("--postal-code", default="", help="Postal code.")
        parser.add_argument("--group", default="", help="Group (GHT) name, created if new.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = organisation_create(
                actor=Actor.system("cli"),
                group_name=options["group"],
                slug=options["slug"],
                legal_name=options["name"],
                kind=options["kind"],
                legal_status=options["status"],
                siren=options["siren"].replace(" ", ""),
                siret=options["siret"].replace(" ", ""),
                finess=options["finess"].replace(" ", "").upper(),
                city=options["city"],
                postal_code=options["postal_code"],
            )
        except ValidationError as exc:
            raise CommandError(_describe(exc), returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created organisation {organisation.slug} ({organisation.legal_name})."
            )
        )


_OPTION_OF_FIELD = {
    "legal_name": "--name",
    "legal_status": "--status",
    "slug": "SLUG",
    "__all__": "error",
}


def _describe(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return "; ".join(exc.messages)
    lines = ["Invalid organisation:"]
    for field, errors in exc.message_dict.items():
        option = _OPTION_OF_FIELD.get(field, f"--{field.replace('_', '-')}")
        lines.extend(f"  {option}: {message}" for message in errors)
    return "\n".join(lines)
