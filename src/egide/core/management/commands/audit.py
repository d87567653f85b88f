"""``egide audit verify [--org SLUG]``: walk the hash chains of the audit trail.

Exit status: 0 every verified chain is intact, 1 a chain is broken (its first broken event is printed),
2 unknown organisation.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from egide.core.audit import ChainReport, audit_verify_all, audit_verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify [--org SLUG]` checks the hash chains (all by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = subcommands.add_parser(
            "verify", help="Check that no event was altered, removed or reordered."
        )
        verify.add_argument(
            "--org",
            metavar="SLUG",
            help="Verify this organisation's chain only (default: every chain).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(options.get("org"))

    def verify(self, slug: str | None) -> None:
        from egide.accounts.models import Organisation

        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise CommandError(f"Unknown organisation {slug!r}.", returncode=2)
            reports = [audit_verify_chain(organisation=organisation)]
        else:
            reports = audit_verify_all()
        for report in reports:
            self.stdout.write(self.describe(report))
        broken = [report for report in reports if not report.intact]
        if broken:
            raise CommandError(
                f"Audit trail broken: {len(broken)} of {len(reports)} chain(s).", returncode=1
            )

    def describe(self, report: ChainReport) -> str:
        name = f"{report.label} ({report.chain_key})"
        if report.first_break is None:
            return self.style.SUCCESS(f"{name}: intact ({report.events} events)")
        found = report.first_break
        where = f"event id {found.event_id}" if found.event_id is not None else "end of chain"
        return self.style.ERROR(
            f"{name}: BROKEN at {where}, sequence {found.sequence}: {found.reason}"
        )
