"""`egide registry export|import|check`: files written, exit 0 on success, exit 2 with every problem listed
and nothing written on bad input, findings as JSON."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.db import connections

from egide.cli import main
from egide.core.models import AuditEvent
from egide.registry.models import ProcessingActivity
from egide.registry.tests.factories import ProcessingActivityFactory, PurposeFactory

pytestmark = pytest.mark.django_db


def egide(*args: str) -> int:
    """Run the command line as a user would; its exit status. ``run_from_argv`` closes every database
    connection on the way out, as a process exit would; inside the test's transaction that would leave
    the test on a closed connection (PostgreSQL), so closing is held back here."""
    with mock.patch.object(connections, "close_all"):
        try:
            main(["registry", *args])
        except SystemExit as exit:
            return int(exit.code or 0)
    return 0


def activities(organisation):
    return list(
        ProcessingActivity.objects.for_organisation(organisation).values_list("reference", "name")
    )


@pytest.mark.parametrize("file_format", ["xlsx", "ods", "csv", "json", "pdf"])
def test_export_writes_the_file(organisation, tmp_path, capsys, file_format):
    PurposeFactory(activity__organisation=organisation, activity__name="Payroll")
    target = tmp_path / f"register.{file_format}"

    status = egide(
        "export",
        "--org",
        "chu-test",
        "--format",
        file_format,
        "-o",
        str(target),
        "--language",
        "en",
    )

    assert status == 0
    assert target.stat().st_size > 100
    assert f"1 activities exported to {target}" in capsys.readouterr().out
    event = AuditEvent.objects.filter(organisation=organisation, action="registry.export").get()
    assert (event.actor_label, event.after["format"]) == ("system:cli", file_format)


def test_export_then_import_into_another_organisation(organisation, other_organisation, tmp_path):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Payroll")
    target = tmp_path / "register.json"
    assert egide("export", "--org", "chu-test", "--format", "json", "-o", str(target)) == 0

    assert egide("import", "--org", "clinique-autre", str(target), "--dry-run") == 0
    assert activities(other_organisation) == []
    assert egide("import", "--org", "clinique-autre", str(target)) == 0

    assert activities(other_organisation) == [("T-001", "Payroll")]
    event = AuditEvent.objects.filter(organisation=other_organisation, action="registry.import")
    assert event.get().actor_label == "system:cli"


def test_an_invalid_file_exits_2_lists_every_problem_and_writes_nothing(
    organisation, tmp_path, capsys
):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Kept")
    bad = tmp_path / "activities.csv"
    bad.write_text("reference,name,large_scale\nT-001,Renamed,perhaps\nT-002,,no\n")
    events = AuditEvent.objects.filter(organisation=organisation).count()

    status = egide("import", "--org", "chu-test", str(bad), "--language", "en")

    assert status == 2
    err = capsys.readouterr().err
    assert "activities, row 2, column “large_scale”" in err
    assert "activities, row 3, column “name”" in err
    assert "2 problem(s); nothing was written" in err
    assert activities(organisation) == [("T-001", "Kept")]
    assert AuditEvent.objects.filter(organisation=organisation).count() == events


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--org", "nowhere", "register.json"),
        ("import", "--org", "chu-test", "register.docx"),
        ("import", "--org", "chu-test", "missing.json"),
        ("export", "--org", "nowhere", "--format", "json"),
        ("export", "--org", "chu-test", "--format", "json", "--table", "purposes"),
        ("check", "--org", "nowhere"),
    ],
)
def test_bad_input_exits_2(organisation, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)

    assert egide(*args) == 2
    assert not list(tmp_path.iterdir())


def test_dry_run_says_what_would_change(organisation, tmp_path, capsys):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Same")
    source = tmp_path / "activities.csv"
    source.write_text("reference,name\nT-001,Same\nT-002,New one\n")

    assert egide("import", "--org", "chu-test", str(source), "--dry-run", "--language", "en") == 0

    out = capsys.readouterr().out
    assert "create T-002 New one" in out
    assert "1 to create, 0 to update, 1 unchanged" in out
    assert "Nothing was written" in out
    assert activities(organisation) == [("T-001", "Same")]


def test_check_lists_findings_as_json(organisation, capsys):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="No purpose")

    assert egide("check", "--org", "chu-test", "--json", "--language", "en") == 0

    document = json.loads(capsys.readouterr().out)
    assert document["organisation"] == "chu-test"
    finding = next(f for f in document["findings"] if f["rule_id"] == "PURPOSE_MISSING")
    assert finding["activity"] == "T-001"
    assert finding["severity"] == "high"
    assert {"activity", "rule_id", "severity", "article", "message"} <= set(finding)


def test_check_fails_on_findings_at_the_given_severity(organisation, capsys):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="No purpose")

    assert egide("check", "--org", "chu-test", "--fail-on", "high") == 1
    assert "T-001\thigh\tPURPOSE_MISSING" in capsys.readouterr().out
