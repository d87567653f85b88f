"""``egide rights``: tools for patients' rights requests.

    egide rights deadline --received YYYY-MM-DD [--calendar fr|fr-alsace-moselle]
                          [--medical-record [--older-than-5-years]] [--json] [--language fr|en]

``deadline`` prints the legal deadlines of a request received on that day (GDPR Art. 12(3), counted per
Regulation 1182/71 Art. 3; CSP L.1111-7 for the medical record): see ``egide.rights.deadlines`` and
docs/rights-deadlines.md. It needs no database. ``--json`` prints one JSON object: ``received``, ``due``,
``extended_due`` and, with ``--medical-record``, ``medical_record_not_before``, ``medical_record_due`` and
``governing_due`` (ISO dates).

Exit status: 0 done; 2 bad input (a date that is not YYYY-MM-DD, ``--older-than-5-years`` without
``--medical-record``), with the reason on standard error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, translation
from django.utils.translation import gettext as _

from egide.rights.deadlines import Calendar, RequestDeadlines, compute_deadlines


class Command(BaseCommand):
    help = "Patients' rights requests: legal deadlines of a request."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        deadline = sub.add_parser(
            "deadline", help="The legal deadlines of a request received on a given day."
        )
        deadline.add_argument(
            "--received", required=True, metavar="YYYY-MM-DD", help="The day the request came in."
        )
        deadline.add_argument(
            "--calendar",
            choices=[c.value for c in Calendar],
            default=Calendar.FR.value,
            help="Public holidays: France, or France with Alsace-Moselle's (default: fr).",
        )
        deadline.add_argument(
            "--medical-record",
            action="store_true",
            help="A request for the medical record (CSP L.1111-7): 48 hours, 8 days.",
        )
        deadline.add_argument(
            "--older-than-5-years",
            action="store_true",
            help="With --medical-record: the information is over five years old (two months).",
        )
        deadline.add_argument("--json", action="store_true", help="One JSON object.")
        deadline.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the text.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handlers: dict[str, Callable[[dict[str, Any]], None]] = {
            "deadline": self.handle_deadline,
        }
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            handlers[options["subcommand"]](options)

    def handle_deadline(self, options: dict[str, Any]) -> None:
        try:
            received = date.fromisoformat(options["received"])
        except ValueError as exc:
            raise CommandError(
                _("--received: %(value)r is not a date (YYYY-MM-DD).")
                % {"value": options["received"]},
                returncode=2,
            ) from exc
        if options["older_than_5_years"] and not options["medical_record"]:
            raise CommandError(_("--older-than-5-years goes with --medical-record."), returncode=2)
        deadlines = compute_deadlines(
            received=received,
            calendar=Calendar(options["calendar"]),
            medical_record=options["medical_record"],
            older_than_5_years=options["older_than_5_years"],
        )
        if options["json"]:
            document = deadlines.as_json()
            document.pop("paused_days")  # no pause on the command line
            self.stdout.write(json.dumps(document))
        else:
            self._describe(deadlines, Calendar(options["calendar"]))

    def _describe(self, deadlines: RequestDeadlines, calendar: Calendar) -> None:
        def day(value: date | None) -> str:
            if value is None:
                return "-"
            return f"{value.isoformat()} ({formats.date_format(value, 'l')})"

        labels = {
            Calendar.FR: _("France"),
            Calendar.FR_ALSACE_MOSELLE: _("France, Alsace-Moselle"),
        }
        lines = [
            _("Received: %(day)s") % {"day": day(deadlines.received)},
            _("Public holidays: %(calendar)s") % {"calendar": labels[calendar]},
            _("GDPR deadline (Art. 12(3), one month): %(day)s") % {"day": day(deadlines.due)},
            _("Extended deadline (three months from receipt): %(day)s")
            % {"day": day(deadlines.extended_due)},
        ]
        if deadlines.medical_record_due is not None:
            lines += [
                _("Medical record (CSP L.1111-7): not before %(day)s")
                % {"day": day(deadlines.medical_record_not_before)},
                _("Medical record (CSP L.1111-7): at the latest %(day)s")
                % {"day": day(deadlines.medical_record_due)},
                _("Governing deadline (the earlier): %(day)s")
                % {"day": day(deadlines.governing_due)},
            ]
        for line in lines:
            self.stdout.write(line)
