"""Reading cells: the types spreadsheets, CSV and JSON give, and the mistakes people make in them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from egide.registry.exchange.cells import CellError, convert
from egide.registry.exchange.columns import ACTIVITIES, PURPOSES, TRANSFERS

BOOL = ACTIVITIES.column("large_scale")
INT = ACTIVITIES.column("data_subject_count")
DATE = ACTIVITIES.column("review_on")
CODES = ACTIVITIES.column("data_subjects")
CHOICE = PURPOSES.column("legal_basis")
TEXT = ACTIVITIES.column("name")
REFERENCE = ACTIVITIES.column("reference")
COUNTRY = TRANSFERS.column("country")


@pytest.mark.parametrize(
    ("column", "raw", "expected"),
    [
        (BOOL, True, True),
        (BOOL, "Oui", True),
        (BOOL, "no", False),
        (BOOL, 0, False),
        (BOOL, None, False),
        (INT, 12.0, 12),
        (INT, " 1200 ", 1200),
        (INT, "", None),
        (DATE, datetime(2026, 3, 4, 0, 0, tzinfo=UTC), date(2026, 3, 4)),
        (DATE, "2026-03-04", date(2026, 3, 4)),
        (DATE, "04/03/2026", date(2026, 3, 4)),
        (CODES, "patients; staff\nvisitors", ["patients", "staff", "visitors"]),
        (CODES, ["patients"], ["patients"]),
        (CHOICE, "public_task", "public_task"),
        (CHOICE, " PUBLIC_TASK ", "public_task"),
        (CHOICE, "Consent (GDPR Art. 6(1)(a))", "consent"),
        (CHOICE, "", ""),
        (TEXT, 2024, "2024"),
        (TEXT, "  kept as written ", "  kept as written "),
        (REFERENCE, " T-001 ", "T-001"),
        (COUNTRY, "us", "US"),
    ],
)
def test_cells_are_read_as_their_column_says(column, raw, expected):
    assert convert(column, raw) == expected


@pytest.mark.parametrize(
    ("column", "raw", "words"),
    [
        (BOOL, "perhaps", "yes or no"),
        (BOOL, 2, "yes or no"),
        (INT, "many", "whole number"),
        (INT, 1.5, "whole number"),
        (INT, True, "whole number"),
        (DATE, "31/02/2026", "date"),
        (DATE, "next week", "date"),
        (CODES, [1, 2], "list of codes"),
        (CHOICE, "magic", "public_task"),
        (TEXT, ["a"], "text"),
    ],
)
def test_unreadable_cells_say_what_was_expected(column, raw, words):
    with pytest.raises(CellError, match=words):
        convert(column, raw)
