"""Files for the import tests, built on the fly, and what the tests assert with."""

from __future__ import annotations

import io
import json
import zipfile

from openpyxl import Workbook

from egide.core.models import AuditEvent
from egide.registry.exchange import register_import
from egide.registry.tests.exchange_register import ACTOR, register_state


def run(organisation, content, file_format, clock, **options):
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    elif isinstance(content, str):
        content = content.encode()
    return register_import(
        actor=ACTOR,
        organisation=organisation,
        content=content,
        format=file_format,
        clock=clock,
        **options,
    )


def csv_zip(**tables: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in tables.items():
            archive.writestr(f"{name}.csv", text)
    return buffer.getvalue()


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def untouched(organisation, before_state, before_events):
    assert register_state(organisation) == before_state
    assert AuditEvent.objects.filter(organisation=organisation).count() == before_events


def snapshot(organisation):
    return register_state(organisation), AuditEvent.objects.filter(
        organisation=organisation
    ).count()


def located(report):
    return {(p.sheet, p.row, p.column) for p in report.problems}
