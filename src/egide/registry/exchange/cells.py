"""Turning a cell as a file stores it (text, number, boolean, date, JSON value) into the register's value
for its column, or a :class:`CellError` saying why not."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import override

from egide.registry.exchange.columns import LANGUAGES, Column, Kind, normalise_name

TRUE = frozenset({"true", "yes", "y", "1", "x", "oui", "o", "vrai"})
FALSE = frozenset({"false", "no", "n", "0", "non", "faux"})
# Codes and references: compared without surrounding spaces.
STRIPPED = frozenset(
    {"reference", "activity", "owner", "category", "measure", "country", "retention_rule"}
    | {"template_code", "vendor", "recipient", "system"}
)
_FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_LIST_SPLIT = re.compile(r"[;,\n]")


class CellError(ValueError):
    """A cell that cannot be read as its column's type; the message is translated."""


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.isoformat()
    if isinstance(raw, list | dict):
        raise CellError(_("Expected text."))
    return str(raw)


_CHOICE_LOOKUP: dict[type[models.TextChoices], dict[str, str]] = {}


def _choice_lookup(choices: type[models.TextChoices]) -> dict[str, str]:
    """Codes and labels (English and French) of a list of choices -> code."""
    if choices not in _CHOICE_LOOKUP:
        lookup = {normalise_name(value): value for value in choices.values}
        for language in LANGUAGES:
            with override(language):
                for value, label in choices.choices:
                    lookup.setdefault(normalise_name(label), value)
        _CHOICE_LOOKUP[choices] = lookup
    return _CHOICE_LOOKUP[choices]


def _choice(column: Column, raw: Any) -> str:
    if _blank(raw):
        return ""
    assert column.choices is not None
    code = _choice_lookup(column.choices).get(normalise_name(_text(raw)))
    if code is None:
        raise CellError(
            _("Unknown value “%(value)s”: expected one of %(codes)s.")
            % {"value": _text(raw), "codes": ", ".join(column.choices.values)}
        )
    return code


def _bool(raw: Any) -> bool:
    if _blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = normalise_name(_text(raw))
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise CellError(_("Expected yes or no (true/false), not “%(value)s”.") % {"value": raw})


def _int(raw: Any) -> int | None:
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(_("Expected a whole number, not “%(value)s”.") % {"value": raw})
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = _text(raw).strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise CellError(_("Expected a whole number, not “%(value)s”.") % {"value": raw})


def _date(raw: Any) -> date | None:
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = _text(raw).strip()
    try:
        if match := _FRENCH_DATE.match(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text[:10] if "T" in text else text)
    except ValueError:
        raise CellError(
            _("Expected a date (YYYY-MM-DD or DD/MM/YYYY), not “%(value)s”.") % {"value": raw}
        ) from None


def _codes(raw: Any) -> list[str]:
    if _blank(raw):
        return []
    if isinstance(raw, list):
        if not all(isinstance(item, str) for item in raw):
            raise CellError(_("Expected a list of codes."))
        items = raw
    else:
        items = _LIST_SPLIT.split(_text(raw))
    return [item.strip() for item in items if item.strip()]


def convert(column: Column, raw: Any) -> Any:
    """The value of ``raw`` for ``column``; raises :class:`CellError`."""
    if column.kind == Kind.CHOICE:
        return _choice(column, raw)
    if column.kind == Kind.BOOL:
        return _bool(raw)
    if column.kind == Kind.INT:
        return _int(raw)
    if column.kind == Kind.DATE:
        return _date(raw)
    if column.kind == Kind.CODES:
        return _codes(raw)
    text = _text(raw)
    if column.id in STRIPPED:
        text = text.strip()
    if column.id == "country":
        text = text.upper()
    return text
