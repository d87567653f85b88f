"""Importing a malformed register: every problem reported with sheet, row, column and reason, and then
nothing written (wrong types, unknown categories, missing mandatory fields, unknown references, 10,000 rows
with one bad row, unreadable files)."""

from __future__ import annotations

import json

import pytest

from egide.core.clock import FrozenClock
from egide.registry.exchange.columns import ACTIVITIES
from egide.registry.models import ProcessingActivity
from egide.registry.tests.exchange_files import csv_zip, located, run, snapshot, untouched, xlsx
from egide.registry.tests.factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    return FrozenClock()


def test_wrong_types_are_each_reported_and_nothing_is_written(organisation, clock):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Kept")
    before = snapshot(organisation)
    content = xlsx(
        {
            "Processing activities": [
                ["Reference", "Name", "Large scale", "Data subjects (estimate)", "Next review"],
                ["T-001", "Renamed", "maybe", 12, "2026-02-01"],
                ["T-002", "New", True, "many", "31/02/2026"],
            ],
            "Purposes": [
                ["Activity reference", "Purpose", "Legal basis (GDPR Art. 6(1))", "Order"],
                ["T-002", "Care", "magic", 1.5],
            ],
        }
    )

    report = run(organisation, content, "xlsx", clock)

    assert located(report) == {
        ("Processing activities", 2, "Large scale"),
        ("Processing activities", 3, "Data subjects (estimate)"),
        ("Processing activities", 3, "Next review"),
        ("Purposes", 2, "Legal basis (GDPR Art. 6(1))"),
        ("Purposes", 2, "Order"),
    }
    basis = next(p for p in report.problems if p.column.startswith("Legal basis"))
    assert "magic" in basis.message
    assert "public_task" in basis.message
    assert not report.written
    untouched(organisation, *before)


def test_unknown_data_categories_are_refused_but_built_in_codes_are_seeded(organisation, clock):
    document = {
        "activities": [
            {
                "reference": "T-001",
                "name": "Care",
                "data_categories": [
                    {"category": "health.imaging", "retention_criteria": "While useful"},
                    {"category": "no.such.category"},
                ],
            }
        ]
    }
    before = snapshot(organisation)

    report = run(organisation, document, "json", clock)

    (problem,) = report.problems
    assert (problem.sheet, problem.row, problem.column) == (
        "activities[1].data_categories", 2, "category"
    )  # fmt: skip
    assert "no.such.category" in problem.message
    untouched(organisation, *before)

    document["activities"][0]["data_categories"].pop()
    assert run(organisation, document, "json", clock).written
    activity = ProcessingActivity.objects.for_organisation(organisation).get()
    assert [d.category.code for d in activity.data_categories.all()] == ["health.imaging"]


def test_missing_mandatory_fields_and_columns(organisation, clock):
    before = snapshot(organisation)
    content = csv_zip(
        activities="reference,name\nT-001,\n,Nameless reference\n",
        purposes="activity,description,legal_basis\nT-001,,public_task\nT-001,Care,\n",
        recipients="name,kind\nNo activity column,processor\n",
    )

    report = run(organisation, content, "csv", clock)

    assert located(report) == {
        ("activities", 2, "name"),
        ("activities", 3, "reference"),
        ("purposes", 2, "description"),
        ("purposes", 3, "legal_basis"),
        ("recipients", 1, "Activity reference"),
    }
    untouched(organisation, *before)


def test_duplicates_unknown_references_sheets_and_columns(organisation, other_organisation, clock):
    ProcessingActivityFactory(organisation=other_organisation, reference="T-009")
    before = snapshot(organisation)
    content = csv_zip(
        activities="reference,name,colour\nT-001,One,red\nT-001,Twice,blue\n",
        security_measures="activity,measure\nT-001,mfa\nT-001,mfa\nT-009,backup\nT-001,telepathy\n",
        notes="anything\n1\n",
    )

    report = run(organisation, content, "csv", clock)

    assert located(report) == {
        ("activities", 1, "colour"),
        ("activities", 3, "reference"),
        ("security_measures", 2, "measure"),
        ("security_measures", 3, "measure"),
        ("security_measures", 4, "activity"),  # another organisation's activity is unknown here
        ("security_measures", 5, "measure"),
        ("notes", None, ""),
    }
    untouched(organisation, *before)


def test_references_to_vendors_systems_recipients_and_members_must_exist(organisation, clock):
    before = snapshot(organisation)
    document = {
        "activities": [
            {
                "reference": "T-001",
                "name": "Hosting",
                "owner": "nobody@example.org",
                "data_subjects": ["patients", "martians"],
                "recipients": [{"kind": "processor", "name": "Host", "vendor": "Ghost SAS"}],
                "transfers": [{"country": "US", "recipient": "Elsewhere", "tool": "scc_2"}],
                "systems": ["Nowhere"],
            }
        ]
    }

    report = run(organisation, document, "json", clock)

    assert located(report) == {
        ("activities", 1, "owner"),
        ("activities", 1, "data_subjects"),
        ("activities[1].recipients", 1, "vendor"),
        ("activities[1].transfers", 1, "recipient"),
        ("activities[1].systems", 1, "system"),
    }
    untouched(organisation, *before)


def test_ten_thousand_rows_with_one_bad_row_report_that_row_and_write_nothing(organisation, clock):
    ProcessingActivityFactory(organisation=organisation, reference="KEEP", name="Kept")
    before = snapshot(organisation)
    header = [ACTIVITIES.header(ACTIVITIES.column(c)) for c in ("reference", "name", "large_scale")]
    rows = [[f"R-{n:05d}", f"Activity {n}", n % 2 == 0] for n in range(10_000)]
    rows[7_321][2] = "perhaps"
    content = xlsx({"Processing activities": [header, *rows]})

    report = run(organisation, content, "xlsx", clock)

    assert [(p.sheet, p.row, p.column) for p in report.problems] == [
        ("Processing activities", 7_323, header[2])
    ]
    untouched(organisation, *before)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{not json", "not a JSON document"),
        (json.dumps({"format": "egide.register", "version": 99, "activities": []}), "newer"),
        (json.dumps({"format": "something.else", "activities": []}), "not an Egide register"),
        (json.dumps({"activities": [1]}), "activities[1] is not an object"),
    ],
)
def test_an_unreadable_json_file_is_refused(organisation, clock, content, reason):
    report = run(organisation, content, "json", clock)

    (problem,) = report.problems
    assert reason in problem.message
    assert not report.written


def test_an_unreadable_spreadsheet_is_refused(organisation, clock):
    for file_format in ("xlsx", "ods"):
        (problem,) = run(organisation, b"not a zip", file_format, clock).problems
        assert problem.sheet == ""
        assert problem.row is None
