"""JSON: the register as one nested document with a format version.

    {"format": "egide.register", "version": 1, "exported_at": "...", "language": "fr",
     "organisation": {"slug": "...", "legal_name": "..."},
     "activities": [{"reference": "T-001", "name": "...", ..., "data_subjects": ["patients"],
                     "purposes": [{"description": "...", "legal_basis": "public_task", ...}],
                     "data_categories": [...], "recipients": [...], "transfers": [...],
                     "security_measures": [...], "joint_controllers": [...],
                     "controllers_served": [...], "systems": ["PACS"]}]}

Keys are the column and table ids of :mod:`egide.registry.exchange.columns`; dates are ISO 8601 strings.
On import, a key left out of an activity keeps what the register holds (a list key left out keeps the
list); positions in error messages count from 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.utils.translation import get_language

from egide.registry.exchange.columns import ACTIVITY_KEY, CHILD_TABLES, TABLE_BY_ID, Table
from egide.registry.exchange.export import RegisterTables
from egide.registry.exchange.formats import ABSENT, FileFormatError, RawSheet

FORMAT_NAME = "egide.register"
VERSION = 1


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


class JsonFormat:
    extension = "json"
    content_type = "application/json"

    def write(self, data: RegisterTables, *, now: datetime) -> bytes:
        activities_table = TABLE_BY_ID["activities"]
        children = {t.id: data.by_activity(t.id) for t in CHILD_TABLES}
        activities = []
        for row in data.rows.get("activities", []):
            item = {c.id: _plain(v) for c, v in zip(activities_table.columns, row, strict=True)}
            for table in CHILD_TABLES:
                rows = children[table.id].get(item["reference"], [])
                if table.id == "systems":
                    item["systems"] = [r[1] for r in rows]
                    continue
                item[table.id] = [
                    {c.id: _plain(v) for c, v in zip(table.columns[1:], r[1:], strict=True)}
                    for r in rows
                ]
            activities.append(item)
        document = {
            "format": FORMAT_NAME,
            "version": VERSION,
            "exported_at": now.isoformat(),
            "language": get_language(),
            "organisation": {
                "slug": data.organisation.slug,
                "legal_name": data.organisation.legal_name,
            },
            "activities": activities,
        }
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")

    def read(self, content: bytes, *, table: str = "") -> Iterator[RawSheet]:
        try:
            document = json.loads(content.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise FileFormatError(f"not a JSON document: {exc}") from exc
        if not isinstance(document, dict) or not isinstance(document.get("activities"), list):
            raise FileFormatError('expected an object with an "activities" list')
        if document.get("format", FORMAT_NAME) != FORMAT_NAME:
            raise FileFormatError(f"not an Egide register (format {document.get('format')!r})")
        version = document.get("version", VERSION)
        if not isinstance(version, int) or version > VERSION:
            raise FileFormatError(f"format version {version!r} is newer than this Egide reads")
        items = document["activities"]
        for position, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise FileFormatError(f"activities[{position}] is not an object")
        yield _sheet("activities", TABLE_BY_ID["activities"], items, {})
        for position, item in enumerate(items, start=1):
            reference = item.get("reference")
            if not isinstance(reference, str) or not reference.strip():
                continue  # reported on the activities sheet
            for child in CHILD_TABLES:
                if child.id not in item:
                    continue
                rows = item[child.id]
                if not isinstance(rows, list):
                    raise FileFormatError(f"activities[{position}].{child.id} is not a list")
                if child.id == "systems":
                    rows = [{"system": r} if not isinstance(r, dict) else r for r in rows]
                yield _sheet(
                    f"activities[{position}].{child.id}",
                    child,
                    rows,
                    {ACTIVITY_KEY: reference.strip()},
                    activities=frozenset({reference.strip()}),
                )


def _sheet(
    name: str,
    table: Table,
    items: list[Any],
    fixed: dict[str, str],
    activities: frozenset[str] | None = None,
) -> RawSheet:
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise FileFormatError(f"{name}[{position}] is not an object")
    lists = {t.id for t in CHILD_TABLES} if not table.is_child else set()
    keys: list[str] = list(fixed)
    for item in items:
        keys += [k for k in item if k not in keys and k not in lists]
    rows = [
        (position, [fixed[k] if k in fixed else item.get(k, ABSENT) for k in keys])
        for position, item in enumerate(items, start=1)
    ]
    return RawSheet(name, keys, rows, table_id=table.id, activities=activities)


FORMAT = JsonFormat()
