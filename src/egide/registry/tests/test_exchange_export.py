"""Exporting the register: one tabular model in every format, stable ids with translated headers, text
never turned into formulas, a bounded number of queries, an audit event, nothing of other organisations."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry.exchange import register_export
from egide.registry.exchange.columns import LANGUAGES, TABLES, _names, sheet_title
from egide.registry.exchange.formats import READERS
from egide.registry.tests.exchange_register import ACTOR
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db
FORMULA = '=HYPERLINK("http://evil.example")'


@pytest.fixture
def clock():
    return FrozenClock()


def export(organisation, file_format, clock, **options):
    return register_export(
        actor=ACTOR, organisation=organisation, format=file_format, clock=clock, **options
    )


def small_register(organisation, count=2, start=0):
    for n in range(start, start + count):
        activity = ProcessingActivityFactory(
            organisation=organisation, reference=f"T-{n:03d}", review_on=date(2026, 5, n + 1)
        )
        PurposeFactory(activity=activity, is_main=True)
        ActivityDataCategoryFactory(activity=activity)
        TransferFactory(activity=activity, recipient=RecipientFactory(activity=activity))
    return activity


def test_column_names_never_collide_within_a_table():
    for table in TABLES:
        seen: dict[str, str] = {}
        for column in table.columns:
            label = column.label if column.label is not None else table.header(column)
            for name in _names(column.id, label, sheet=False):
                assert seen.setdefault(name, column.id) == column.id, (table.id, name)


@pytest.mark.parametrize("language", LANGUAGES)
def test_xlsx_has_a_sheet_per_table_with_translated_headers(organisation, clock, language):
    small_register(organisation)

    exported = export(organisation, "xlsx", clock, language=language)

    workbook = load_workbook(io.BytesIO(exported.content))
    with translation.override(language):
        titles = [sheet_title(str(t.label)) for t in TABLES]
        headers = {t.id: [t.header(c) for c in t.columns] for t in TABLES}
    assert workbook.sheetnames == titles
    for table, sheet in zip(TABLES, workbook.worksheets, strict=True):
        assert [c.value for c in sheet[1]] == headers[table.id]
    activities = workbook.worksheets[0]
    assert [row[0] for row in activities.iter_rows(min_row=2, values_only=True)] == [
        "T-000", "T-001"
    ]  # fmt: skip
    assert exported.filename == "chu-test-register-2026-01-15.xlsx"


def test_text_that_looks_like_a_formula_stays_text(organisation, clock):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name=FORMULA)

    xlsx = load_workbook(io.BytesIO(export(organisation, "xlsx", clock).content))
    cell = xlsx.worksheets[0]["B2"]
    assert (cell.value, cell.data_type) == (FORMULA, "s")

    archive = zipfile.ZipFile(io.BytesIO(export(organisation, "csv", clock, language="en").content))
    rows = list(csv.reader(io.StringIO(archive.read("activities.csv").decode("utf-8-sig"))))
    assert rows[1][1] == "'" + FORMULA
    (sheet,) = [s for s in READERS["csv"].read(archive.read("activities.csv"))]
    assert list(sheet.rows)[0][1][1] == FORMULA


def test_csv_is_a_zip_of_one_file_per_table_separated_as_the_language_expects(organisation, clock):
    small_register(organisation)

    english = zipfile.ZipFile(io.BytesIO(export(organisation, "csv", clock, language="en").content))
    french = zipfile.ZipFile(io.BytesIO(export(organisation, "csv", clock, language="fr").content))

    assert sorted(english.namelist()) == sorted(f"{t.id}.csv" for t in TABLES)
    assert english.read("activities.csv").startswith("\ufeff".encode())
    assert english.read("purposes.csv").decode("utf-8-sig").count(",") > 2
    assert french.read("purposes.csv").decode("utf-8-sig").split("\r\n")[0].count(";") == 7


def test_one_table_as_a_plain_csv(organisation, clock):
    small_register(organisation)

    exported = export(organisation, "csv", clock, table="transfers", language="en")

    assert exported.filename.endswith("-transfers-2026-01-15.csv")
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("T-000,US,")
    with pytest.raises(ValueError, match="CSV only"):
        export(organisation, "xlsx", clock, table="transfers")


def test_json_nests_each_activity_with_its_lists_and_a_format_version(organisation, clock):
    small_register(organisation)

    document = json.loads(export(organisation, "json", clock).content)

    assert (document["format"], document["version"]) == ("egide.register", 1)
    assert document["organisation"] == {"slug": "chu-test", "legal_name": "CHU de Test"}
    first = document["activities"][0]
    assert (first["reference"], first["review_on"], first["status"]) == (
        "T-000", "2026-05-01", "draft"
    )  # fmt: skip
    assert first["transfers"][0]["recipient"].startswith("Service")
    assert first["purposes"][0]["legal_basis"] == "public_task"
    assert first["systems"] == []
    assert "activity" not in first["purposes"][0]


def test_the_export_is_audited_and_reads_a_fixed_number_of_queries(organisation, clock):
    small_register(organisation, count=1)
    export(organisation, "json", clock)  # the organisation's audit chain now exists
    with CaptureQueriesContext(connection) as one:
        export(organisation, "xlsx", clock)
    small_register(organisation, count=5, start=1)
    with CaptureQueriesContext(connection) as many:
        export(organisation, "xlsx", clock)

    assert len(many) == len(one)
    event = AuditEvent.objects.filter(organisation=organisation, action="registry.export").last()
    assert event.after == {"format": "xlsx", "language": "en", "table": "", "activities": 6}


def test_an_export_holds_nothing_of_another_organisation(organisation, other_organisation, clock):
    small_register(organisation)
    ProcessingActivityFactory(organisation=other_organisation, name="Secret elsewhere")

    for file_format in ("json", "csv", "xlsx"):
        content = export(organisation, file_format, clock).content
        sheets = READERS[file_format].read(content)
        cells = [str(v) for s in sheets for _n, row in s.rows for v in row]
        assert cells
        assert not any("Secret elsewhere" in cell for cell in cells)
    assert not AuditEvent.objects.filter(organisation=other_organisation).exists()


def test_unknown_formats_and_languages_are_refused(organisation, clock):
    with pytest.raises(ValueError, match="format"):
        export(organisation, "docx", clock)
    with pytest.raises(ValueError, match="language"):
        export(organisation, "json", clock, language="de")
