"""``egide breach``: tools for personal data breaches.

    egide breach assess [--json] [--language fr|en] FILE

``assess`` reads one breach description (a JSON object, ``-`` for standard input; the fields are in
docs/breach-assessment.md) and prints its assessment: the ENISA 2013 severity, whether to notify the CNIL
(GDPR Art. 33) and the people (Art. 34), the reasons, and the CNIL deadline. ``--json`` prints one JSON
object: ``severity`` (``score``, ``level``, ``dpc``, ``ei``, ``cb`` and their details), ``notify_authority``,
``notify_subjects`` (true, false or ``"public_communication"``), ``reasons`` and ``deadlines``. It needs no
database: it calls :func:`egide.breaches.assessment.assess`.

Exit status: 0 done; 2 bad input (unreadable file, invalid JSON, unknown field, wrong type or value), with the
field at fault on standard error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from egide.breaches.assessment import (
    PUBLIC_COMMUNICATION,
    Assessment,
    BreachInputError,
    assess,
    parse_description,
)


class Command(BaseCommand):
    help = "Personal data breaches: assess a breach (severity, what to notify)."
    requires_system_checks: list[str] = []  # no database, no settings to check
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        assess_parser = sub.add_parser(
            "assess", help="Severity (ENISA 2013) and what to notify (GDPR Art. 33-34)."
        )
        assess_parser.add_argument(
            "file",
            metavar="FILE",
            help="The breach description, a JSON object ('-': standard input).",
        )
        assess_parser.add_argument("--json", action="store_true", help="One JSON object.")
        assess_parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the text (the JSON reasons are in English, with their codes).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {"assess": self.handle_assess}
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            handlers[options["subcommand"]](options)

    def handle_assess(self, options: dict[str, Any]) -> None:
        text = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(file)s: not valid JSON (%(error)s).")
                % {"file": options["file"], "error": exc},
                returncode=2,
            ) from exc
        try:
            assessment = assess(parse_description(document))
        except BreachInputError as exc:
            raise CommandError(
                _("%(field)s: %(message)s") % {"field": exc.field, "message": exc.message},
                returncode=2,
            ) from exc
        if options["json"]:
            self.stdout.write(json.dumps(assessment.as_json(), ensure_ascii=False))
        else:
            self._describe(assessment)

    def _read(self, path: str, stdin: TextIO) -> str:
        if path == "-":
            return stdin.read()
        try:
            with open(path, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                _("%(file)s: cannot read the file (%(error)s).") % {"file": path, "error": exc},
                returncode=2,
            ) from exc

    def _describe(self, assessment: Assessment) -> None:
        severity = assessment.severity
        yes_no = {True: _("yes"), False: _("no"), PUBLIC_COMMUNICATION: _("public communication")}
        lines = [
            _(
                "Severity: %(level)s (SE %(score)g = DPC %(dpc)s x EI %(ei)g + CB %(cb)g, ENISA 2013)"
            )
            % {
                "level": severity.level.value.replace("_", " "),
                "score": severity.score,
                "dpc": severity.dpc,
                "ei": severity.ei,
                "cb": severity.cb,
            },
            _("Notify the CNIL (GDPR Art. 33): %(answer)s")
            % {"answer": yes_no[assessment.notify_authority]},
            _("CNIL deadline (72 hours after awareness): %(due)s (Europe/Paris)")
            % {"due": assessment.deadlines["cnil_due_europe_paris"]},
            _("Tell the people (GDPR Art. 34): %(answer)s")
            % {"answer": yes_no[assessment.notify_subjects]},
            _("Reasons:"),
        ]
        lines += [f"  - {reason.render(_)} [{reason.source}]" for reason in assessment.reasons]
        lines.append(_("Egide proposes; the DPO decides and records the decision and its reasons."))
        for line in lines:
            self.stdout.write(line)
