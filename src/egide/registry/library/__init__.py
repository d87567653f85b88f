"""The library of health-sector processing templates.

A template is plain data (see :mod:`egide.registry.library.base`): purposes with their Art. 6(1) basis and
Art. 9(2) condition, data subjects, data categories with retention citing the rule, usual recipients and
security measures. ``processing_activity_instantiate_template`` turns one into an editable draft activity.
"""

from __future__ import annotations

from egide.registry.library import care, clinical, patients, premises, research, staff
from egide.registry.library.base import DataSpec, ProcessingTemplate, PurposeSpec, RecipientSpec

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    *care.TEMPLATES,
    *clinical.TEMPLATES,
    *patients.TEMPLATES,
    *research.TEMPLATES,
    *staff.TEMPLATES,
    *premises.TEMPLATES,
)
TEMPLATE_BY_CODE: dict[str, ProcessingTemplate] = {t.code: t for t in TEMPLATES}


def processing_template(code: str) -> ProcessingTemplate:
    """The template with ``code``; ``KeyError`` names the unknown code."""
    try:
        return TEMPLATE_BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown processing template {code!r}") from None


def templates_for(kind: str) -> list[ProcessingTemplate]:
    """The templates that usually fit an organisation of ``kind`` (OrganisationKind)."""
    return [t for t in TEMPLATES if kind in t.suits]


__all__ = [
    "TEMPLATES",
    "TEMPLATE_BY_CODE",
    "DataSpec",
    "ProcessingTemplate",
    "PurposeSpec",
    "RecipientSpec",
    "processing_template",
    "templates_for",
]
