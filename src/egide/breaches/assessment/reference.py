"""Egide's choices for the assessment, loaded from ``reference/assessment.json`` (data, not code).

The file maps each data category to an ENISA 2013 data type and holds the thresholds Egide uses to turn
ENISA's and the EDPB's qualitative criteria into rules. Every entry carries its source in the file. A test or
an organisation can pass its own :class:`AssessmentReference` to :func:`egide.breaches.assessment.assess`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType

from egide.breaches.assessment.input import DataCategory


class EnisaDataType(StrEnum):
    """ENISA 2013's four data types, by increasing data processing context base score."""

    SIMPLE = "simple"
    BEHAVIOURAL = "behavioural"
    FINANCIAL = "financial"
    SENSITIVE = "sensitive"


@dataclass(frozen=True)
class CategoryRule:
    enisa_type: EnisaDataType
    minors: bool = False  # the category tells that the people are minors (a vulnerable group)


@dataclass(frozen=True)
class Thresholds:
    profiling_records_per_subject: float
    quick_recovery_hours: float
    care_delay_hours: float


@dataclass(frozen=True)
class AssessmentReference:
    categories: Mapping[DataCategory, CategoryRule]
    thresholds: Thresholds

    def __post_init__(self) -> None:
        missing = set(DataCategory) - set(self.categories)
        if missing:
            raise ValueError(f"No ENISA data type for: {', '.join(sorted(missing))}.")


def _threshold(document: Mapping[str, object], name: str) -> float:
    entry = document[name]
    if not isinstance(entry, Mapping) or not isinstance(entry.get("value"), int | float):
        raise ValueError(f"thresholds.{name}.value must be a number.")
    value = float(entry["value"])
    if value < 0:
        raise ValueError(f"thresholds.{name}.value must not be negative.")
    return value


def parse_reference(document: Mapping[str, object]) -> AssessmentReference:
    """The reference of a decoded ``assessment.json`` document; ``ValueError`` if it is malformed."""
    categories_doc = document["data_categories"]
    thresholds_doc = document["thresholds"]
    if not isinstance(categories_doc, Mapping) or not isinstance(thresholds_doc, Mapping):
        raise ValueError("data_categories and thresholds must be objects.")
    categories: dict[DataCategory, CategoryRule] = {}
    for key, entry in categories_doc.items():
        if key.startswith("_"):
            continue
        if not isinstance(entry, Mapping):
            raise ValueError(f"data_categories.{key} must be an object.")
        categories[DataCategory(key)] = CategoryRule(
            enisa_type=EnisaDataType(entry["enisa_type"]), minors=entry.get("minors") is True
        )
    return AssessmentReference(
        categories=MappingProxyType(categories),
        thresholds=Thresholds(
            profiling_records_per_subject=_threshold(
                thresholds_doc, "profiling_records_per_subject"
            ),
            quick_recovery_hours=_threshold(thresholds_doc, "quick_recovery_hours"),
            care_delay_hours=_threshold(thresholds_doc, "care_delay_hours"),
        ),
    )


@cache
def load_reference() -> AssessmentReference:
    """The reference shipped with Egide (``egide/breaches/reference/assessment.json``), read once."""
    text = (
        resources.files("egide.breaches")
        .joinpath("reference", "assessment.json")
        .read_text(encoding="utf-8")
    )
    document = json.loads(text)
    if not isinstance(document, Mapping):
        raise ValueError("assessment.json must hold one JSON object.")
    return parse_reference(document)
