"""`egide breach assess`: one JSON object or a short text, exit 2 naming the field at fault. It needs no
database: these tests have no ``django_db`` mark, so any query would fail them."""

from __future__ import annotations

import json
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from egide.breaches.management.commands.breach import Command
from egide.cli import EGIDE_COMMANDS, main

LOST_LAPTOP = {
    "nature": ["confidentiality"],
    "data_categories": ["identity", "contact", "health"],
    "subjects_count": 350,
    "records_count": 350,
    "vulnerable_subjects": False,
    "ease_of_identification": "maximum",
    "encryption": {"encrypted": False},
    "malicious": False,
    "recipients": "unknown",
    "exfiltration": "none",
    "aware_at": "2026-03-29T01:30:00+01:00",
}


def egide(*args: str) -> int:
    """Run the command line as a user would; its exit status."""
    with mock.patch.object(connections, "close_all"):
        try:
            main(["breach", *args])
        except SystemExit as exit:
            return int(exit.code or 0)
    return 0


@pytest.fixture
def breach_file(tmp_path):
    def write(document: object, text: str | None = None) -> str:
        path = tmp_path / "breach.json"
        path.write_text(json.dumps(document) if text is None else text, encoding="utf-8")
        return str(path)

    return write


def test_json_prints_the_assessment(capsys, breach_file):
    assert egide("assess", "--json", breach_file(LOST_LAPTOP)) == 0

    document = json.loads(capsys.readouterr().out)
    assert {key: document["severity"][key] for key in ("score", "level", "dpc", "ei", "cb")} == {
        "score": 4.5,
        "level": "very_high",
        "dpc": 4,
        "ei": 1.0,
        "cb": 0.5,
    }
    assert document["notify_authority"] is True
    assert document["notify_subjects"] is True
    assert document["deadlines"]["cnil_due_utc"] == "2026-04-01T00:30:00+00:00"
    assert document["deadlines"]["cnil_due_europe_paris"] == "2026-04-01T02:30:00+02:00"
    codes = [reason["code"] for reason in document["reasons"]]
    assert "subjects_high_severity" in codes
    assert all(set(reason) >= {"code", "text", "source"} for reason in document["reasons"])


def test_public_communication_in_json():
    description = {
        "nature": ["availability"],
        "data_categories": ["identity", "contact", "health"],
        "backup": {"available": False},
        "aware_at": "2026-05-04T09:00:00+02:00",
    }
    out = StringIO()

    call_command(
        "breach", "assess", "--json", "-", stdin=StringIO(json.dumps(description)), stdout=out
    )

    assert json.loads(out.getvalue())["notify_subjects"] == "public_communication"


def test_reads_standard_input(breach_file):
    out = StringIO()

    call_command(
        "breach", "assess", "--json", "-", stdin=StringIO(json.dumps(LOST_LAPTOP)), stdout=out
    )

    assert json.loads(out.getvalue())["severity"]["level"] == "very_high"


def test_text_output_in_english(breach_file):
    out = StringIO()

    call_command("breach", "assess", breach_file(LOST_LAPTOP), "--language", "en", stdout=out)

    text = out.getvalue()
    assert "Severity: very high (SE 4.5 = DPC 4 x EI 1 + CB 0.5, ENISA 2013)" in text
    assert "Notify the CNIL (GDPR Art. 33): yes" in text
    assert (
        "CNIL deadline (72 hours after awareness): 2026-04-01T02:30:00+02:00 (Europe/Paris)" in text
    )
    assert "Tell the people (GDPR Art. 34): yes" in text
    assert "[ENISA 2013]" in text
    assert "the DPO decides" in text


@pytest.mark.parametrize(
    ("document", "text", "message"),
    [
        (None, "{not json", "not valid JSON"),
        (None, "", "not valid JSON"),
        ([1, 2], None, "(description): expected a JSON object"),
        (LOST_LAPTOP | {"colour": "red"}, None, "colour: unknown field"),
        (LOST_LAPTOP | {"subjects_count": "many"}, None, "subjects_count: expected a whole number"),
        (LOST_LAPTOP | {"recipients": "everyone"}, None, "recipients: 'everyone' is not one of"),
        (
            LOST_LAPTOP | {"encryption": {"encrypted": "yes"}},
            None,
            "encryption.encrypted: expected",
        ),
        (LOST_LAPTOP | {"aware_at": "2026-03-29T01:30:00"}, None, "aware_at: needs a UTC offset"),
        (LOST_LAPTOP | {"dpc": 3}, None, "dpc_reason: required when dpc is set"),
    ],
)
def test_bad_input_exits_2_naming_the_field(capsys, breach_file, document, text, message):
    assert egide("assess", "--json", breach_file(document, text)) == 2

    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_a_missing_file_exits_2(capsys, tmp_path):
    assert egide("assess", "--json", str(tmp_path / "nowhere.json")) == 2

    assert "cannot read the file" in capsys.readouterr().err


def test_bad_input_through_call_command_raises_with_returncode_2(breach_file):
    with pytest.raises(CommandError, match="nature\\[0\\]: 'theft' is not one of") as raised:
        call_command("breach", "assess", breach_file(LOST_LAPTOP | {"nature": ["theft"]}))

    assert raised.value.returncode == 2


@pytest.mark.parametrize("args", [("assess",), (), ("nothing",)])
def test_argument_errors_exit_2(capsys, args):
    assert egide(*args) == 2
    assert "error:" in capsys.readouterr().err


def test_needs_no_system_checks():
    assert Command.requires_system_checks == []


def test_listed_in_egide_help(capsys):
    main(["--help"])

    assert "egide breach assess --json FILE" in capsys.readouterr().out
    assert "breach" in EGIDE_COMMANDS
