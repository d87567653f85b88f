"""`egide rights deadline`: one JSON object or a short text, exit 2 with the reason on bad input. It needs no
database: these tests have no ``django_db`` mark, so any query would fail them."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import translation

from egide.cli import EGIDE_COMMANDS, main


def egide(*args: str) -> int:
    """Run the command line as a user would; its exit status (``run_from_argv`` would close the database
    connections on the way out, as in registry's test_cli)."""
    with mock.patch.object(connections, "close_all"):
        try:
            main(["rights", *args])
        except SystemExit as exit:
            return int(exit.code or 0)
    return 0


def test_json_prints_one_object_with_the_deadlines(capsys):
    assert egide("deadline", "--received", "2026-04-30", "--json") == 0

    assert json.loads(capsys.readouterr().out) == {
        "received": "2026-04-30",
        "due": "2026-06-01",
        "extended_due": "2026-07-30",
    }


def test_json_with_the_medical_record(capsys):
    status = egide(
        "deadline", "--received", "2026-04-30", "--medical-record", "--older-than-5-years", "--json"
    )

    assert status == 0
    assert json.loads(capsys.readouterr().out) == {
        "received": "2026-04-30",
        "due": "2026-06-01",
        "extended_due": "2026-07-30",
        "medical_record_not_before": "2026-05-02",
        "medical_record_due": "2026-06-30",
        "governing_due": "2026-06-01",
    }


@pytest.mark.parametrize(
    ("calendar", "due"), [("fr", "2026-04-03"), ("fr-alsace-moselle", "2026-04-07")]
)
def test_calendar_option(calendar, due):
    out = StringIO()

    call_command(
        "rights",
        "deadline",
        "--received",
        "2026-03-03",
        "--calendar",
        calendar,
        "--json",
        stdout=out,
    )

    assert json.loads(out.getvalue())["due"] == due


def test_text_output_in_english():
    out = StringIO()

    call_command(
        "rights",
        "deadline",
        "--received",
        "2026-04-30",
        "--medical-record",
        "--language",
        "en",
        stdout=out,
    )

    text = out.getvalue()
    assert "Received: 2026-04-30 (Thursday)" in text
    assert "GDPR deadline (Art. 12(3), one month): 2026-06-01 (Monday)" in text
    assert "Extended deadline (three months from receipt): 2026-07-30 (Thursday)" in text
    assert "not before 2026-05-02 (Saturday)" in text
    assert "at the latest 2026-05-11 (Monday)" in text
    assert "Governing deadline (the earlier): 2026-05-11 (Monday)" in text


def test_text_output_follows_the_language():
    out = StringIO()

    call_command("rights", "deadline", "--received", "2026-04-30", "--language", "fr", stdout=out)

    assert "2026-06-01 (lundi)" in out.getvalue()
    assert translation.get_language() == "en"  # the override does not leak


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--received", "2026-02-30"), "'2026-02-30' is not a date (YYYY-MM-DD)"),
        (("--received", "30/04/2026"), "'30/04/2026' is not a date (YYYY-MM-DD)"),
        (("--received", "2026-04-30", "--older-than-5-years"), "goes with --medical-record"),
    ],
)
def test_bad_input_exits_2_with_the_reason_on_stderr(capsys, args, message):
    assert egide("deadline", *args, "--json") == 2

    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ("deadline",),
        ("deadline", "--received", "2026-04-30", "--calendar", "fr-xx"),
        (),
        ("nothing",),
    ],
)
def test_argument_errors_exit_2(capsys, args):
    assert egide(*args) == 2
    assert "error:" in capsys.readouterr().err


def test_bad_date_through_call_command_raises_with_returncode_2():
    with pytest.raises(CommandError, match="is not a date") as raised:
        call_command("rights", "deadline", "--received", "tomorrow")

    assert raised.value.returncode == 2


def test_listed_in_egide_help(capsys):
    main(["--help"])

    assert "egide rights deadline --received YYYY-MM-DD" in capsys.readouterr().out
    assert "rights" in EGIDE_COMMANDS
