"""``egide registry``: export, import and check an organisation's record of processing activities.

    egide registry export --org SLUG --format xlsx|ods|csv|json|pdf [--language fr|en] [--table ID] [-o FILE]
    egide registry import --org SLUG FILE [--dry-run] [--format xlsx|ods|csv|json] [--table ID]
    egide registry check --org SLUG [--json] [--fail-on SEVERITY]

Exit status: 0 done; 2 bad input (unknown organisation, unreadable or invalid file: every problem is
listed and nothing is written); ``check --fail-on`` exits 1 when a finding is at least that severe.
Writes are audited as done by ``system:cli``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation
from egide.core.audit import Actor
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.registry.exchange import ImportReport, register_export, register_import
from egide.registry.exchange.columns import LANGUAGES, TABLE_BY_ID
from egide.registry.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS, format_of
from egide.registry.rule_engine import Severity

CLI_ACTOR = Actor.system("cli")


class Command(BaseCommand):
    help = "The record of processing activities: export, import (validated, all or nothing), check."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        export = sub.add_parser("export", help="Write the register to a file.")
        export.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        export.add_argument(
            "-o", "--output", metavar="FILE", help="File to write ('-': standard output)."
        )
        export.add_argument(
            "--table",
            choices=list(TABLE_BY_ID),
            help="CSV only: this table as a plain CSV file instead of a zip of every table.",
        )
        imported = sub.add_parser("import", help="Create and update activities from a file.")
        imported.add_argument("file", metavar="FILE")
        imported.add_argument(
            "--format", choices=IMPORT_FORMATS, help="Default: from the file's extension."
        )
        imported.add_argument(
            "--table",
            choices=list(TABLE_BY_ID),
            default="",
            help="The table a plain CSV file holds (default: activities).",
        )
        imported.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )
        check = sub.add_parser("check", help="List the compliance findings.")
        check.add_argument("--json", action="store_true", help="Findings as JSON.")
        check.add_argument(
            "--fail-on",
            choices=[s.value for s in Severity],
            help="Exit 1 when a finding is at least this severe.",
        )
        for command in (export, imported, check):
            command.add_argument("--org", required=True, metavar="SLUG")
            command.add_argument(
                "--language",
                choices=LANGUAGES,
                default=settings.LANGUAGE_CODE,
                help="Language of headers, labels and messages.",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"Unknown organisation {options['org']!r}.", returncode=2)
        with translation.override(options["language"]):
            getattr(self, f"handle_{options['subcommand']}")(organisation, options)

    def handle_export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        table = options.get("table") or ""
        if table and options["format"] != "csv":
            raise CommandError("--table goes with --format csv.", returncode=2)
        exported = register_export(
            actor=CLI_ACTOR,
            organisation=organisation,
            format=options["format"],
            language=options["language"],
            table=table,
        )
        output = options.get("output") or exported.filename
        if output == "-":
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        Path(output).write_bytes(exported.content)
        self.stdout.write(
            _("%(count)s activities exported to %(file)s.")
            % {"count": exported.activity_count, "file": output}
        )

    def handle_import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        file_format = options.get("format") or format_of(path.name)
        if not file_format:
            raise CommandError(
                f"Cannot tell the format of {path.name}: give --format "
                f"({', '.join(IMPORT_FORMATS)}).",
                returncode=2,
            )
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}", returncode=2) from exc
        report = register_import(
            actor=CLI_ACTOR,
            organisation=organisation,
            content=content,
            format=file_format,
            table=options["table"],
            dry_run=options["dry_run"],
        )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Import refused: %(count)s problem(s); nothing was written.")
                % {"count": len(report.problems)},
                returncode=2,
            )
        self._describe(report, dry_run=options["dry_run"])

    def _describe(self, report: ImportReport, *, dry_run: bool) -> None:
        verbs = {"create": _("create"), "update": _("update")}
        for change in report.changes:
            if change.action in verbs:
                details = f" ({', '.join(change.changes)})" if change.changes else ""
                self.stdout.write(
                    f"{verbs[change.action]} {change.reference} {change.name}{details}"
                )
        counts = report.counts()
        summary = _("%(create)s to create, %(update)s to update, %(unchanged)s unchanged.") % counts
        if dry_run:
            self.stdout.write(_("Dry run: %(summary)s Nothing was written.") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported: %(summary)s") % {"summary": summary}))

    def handle_check(self, organisation: Organisation, options: dict[str, Any]) -> None:
        from egide.registry.compliance import compliance_evaluate_now

        today = SYSTEM_CLOCK.now().astimezone(PARIS).date()
        findings = compliance_evaluate_now(organisation=organisation, today=today)
        if options["json"]:
            document = {
                "organisation": organisation.slug,
                "evaluated_on": today.isoformat(),
                "findings": [f.as_dict(_) for f in findings],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for f in findings:
                self.stdout.write(
                    f"{f.activity_ref or '-'}\t{f.severity.value}\t{f.rule_id}\t"
                    f"{f.legal_reference(_)}\t{f.message(_)}"
                )
            self.stdout.write(_("%(count)s finding(s).") % {"count": len(findings)})
        threshold = options.get("fail_on")
        if threshold and any(f.severity.rank >= Severity(threshold).rank for f in findings):
            raise CommandError(
                _("Findings at or above %(severity)s.") % {"severity": threshold}, returncode=1
            )
