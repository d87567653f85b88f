"""Helpers shared by the register's write services: field lists, validation, cross-organisation refusal."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation
from egide.core.audit import Actor, snapshot

M = TypeVar("M", bound=models.Model)

# A process that writes without a signed-in user (seeding, demo, imports) is named, never anonymous.
REGISTRY_SYSTEM_ACTOR = Actor.system("registry")

# What a caller may change through processing_activity_update (status has its own services).
ACTIVITY_EDITABLE_FIELDS = (
    "reference",
    "name",
    "description",
    "record_kind",
    "owner",
    "review_on",
    "representative",
    "large_scale",
    "vulnerable_subjects",
    "data_subject_count",
)


def refuse_unknown_fields(fields: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what} fields {sorted(unknown)!r}")


def refuse_other_organisation(organisation: Organisation, *objects: models.Model | None) -> None:
    """Raise when any of ``objects`` belongs to another organisation than ``organisation``."""
    for obj in objects:
        if obj is None:
            continue
        if getattr(obj, "organisation_id", None) != organisation.pk:
            raise ValidationError(
                _("%(object)s belongs to another organisation and cannot be linked here.")
                % {"object": obj._meta.verbose_name},
                code="other_organisation",
            )


def validated_copy(instance: M, fields: Mapping[str, Any], exclude: Iterable[str] = ()) -> M:
    """``instance`` with ``fields`` applied, validated; the caller's instance is left untouched."""
    candidate = copy.copy(instance)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.full_clean(exclude=list(exclude) or None)
    return candidate


def apply_fields(instance: models.Model, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def child_snapshot(instance: models.Model) -> dict[str, Any]:
    """Audit snapshot of a register object: every field but its id and organisation (the chain names it);
    files by their stored name."""
    fields = [f for f in instance._meta.concrete_fields if f.name not in {"id", "organisation"}]
    files = [f.name for f in fields if isinstance(f, models.FileField)]
    values = snapshot(instance, [f.name for f in fields if f.name not in files])
    for name in files:
        values[name] = getattr(instance, name).name or ""
    return values
