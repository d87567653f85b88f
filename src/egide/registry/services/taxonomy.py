"""Each organisation's data categories and data subject categories: seeded from the built-in taxonomy,
extended by the organisation without code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import transaction

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry import taxonomy
from egide.registry.models import DataCategory, DataSubjectCategory
from egide.registry.services._common import (
    REGISTRY_SYSTEM_ACTOR,
    apply_fields,
    child_snapshot,
    refuse_other_organisation,
    refuse_unknown_fields,
    validated_copy,
)
from egide.registry.tasks import compliance_schedule

DATA_CATEGORY_FIELDS = (
    "code",
    "label",
    "parent",
    "is_special_category",
    "is_health",
    "is_national_identifier",
    "legal_source",
)
DATA_SUBJECT_FIELDS = ("code", "label", "parent", "is_vulnerable")

T = TypeVar("T", DataCategory, DataSubjectCategory)


def _seed(
    model: type[T],
    *,
    organisation: Organisation,
    definitions: Sequence[Any],
    flags: Callable[[Any], dict[str, Any]],
    action: str,
    actor: Actor | User,
    clock: Clock,
) -> dict[str, T]:
    """Create the built-in ``definitions`` the organisation lacks, parents before children, one insert
    per level of the tree; one audit event names what was created."""
    with transaction.atomic():
        existing = {c.code: c for c in model.objects.for_organisation(organisation)}
        missing = [d for d in definitions if d.code not in existing]
        created: list[str] = []
        while missing:
            ready = [d for d in missing if d.parent is None or d.parent in existing]
            if not ready:
                raise ValueError(
                    f"{model.__name__}: unknown parents {sorted({d.parent for d in missing})}"
                )
            rows = model.objects.bulk_create(
                model(
                    organisation=organisation,
                    code=d.code,
                    label=str(d.label),
                    parent=existing.get(d.parent) if d.parent else None,
                    builtin=True,
                    **flags(d),
                )
                for d in ready
            )
            existing.update((row.code, row) for row in rows)
            created += [row.code for row in rows]
            missing = [d for d in missing if d.code not in existing]
        if created:
            audit_record(
                actor=actor,
                organisation=organisation,
                action=action,
                object_type=model._meta.label_lower,
                object_repr=f"built-in {model._meta.verbose_name_plural}",
                after={"created": created},
                clock=clock,
            )
    return existing


def data_categories_ensure(
    *,
    organisation: Organisation,
    actor: Actor | User = REGISTRY_SYSTEM_ACTOR,
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, DataCategory]:
    """Give ``organisation`` every built-in data category it lacks (idempotent); return all of its
    categories by code."""
    return _seed(
        DataCategory,
        organisation=organisation,
        definitions=taxonomy.DATA_CATEGORIES,
        flags=lambda d: {
            "is_special_category": d.special_category,
            "is_health": d.health,
            "is_national_identifier": d.national_identifier,
            "legal_source": d.source,
        },
        action="data_category.seed",
        actor=actor,
        clock=clock,
    )


def data_subject_categories_ensure(
    *,
    organisation: Organisation,
    actor: Actor | User = REGISTRY_SYSTEM_ACTOR,
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, DataSubjectCategory]:
    """Give ``organisation`` every built-in data subject category it lacks (idempotent)."""
    return _seed(
        DataSubjectCategory,
        organisation=organisation,
        definitions=taxonomy.DATA_SUBJECT_CATEGORIES,
        flags=lambda d: {"is_vulnerable": d.vulnerable},
        action="data_subject_category.seed",
        actor=actor,
        clock=clock,
    )


def data_category_create(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> DataCategory:
    """Add an organisation's own data category (``code`` and ``label`` required)."""
    refuse_unknown_fields(fields, DATA_CATEGORY_FIELDS, "data category")
    refuse_other_organisation(organisation, fields.get("parent"))
    category = DataCategory(organisation=organisation, builtin=False, **fields)
    category.full_clean()
    with transaction.atomic():
        category.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="data_category.create",
            obj=category,
            after=child_snapshot(category),
            clock=clock,
        )
    return category


def data_category_update(
    *, actor: Actor | User, category: DataCategory, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> DataCategory:
    """Change an organisation's category. Built-in categories keep their code and flags: only the label
    may be reworded."""
    allowed = ("label",) if category.builtin else DATA_CATEGORY_FIELDS
    refuse_unknown_fields(fields, allowed, "data category")
    refuse_other_organisation(category.organisation, fields.get("parent"))
    before = child_snapshot(category)
    validated_copy(category, fields)
    with transaction.atomic():
        apply_fields(category, fields)
        category.save()
        audit_record(
            actor=actor,
            organisation=category.organisation,
            action="data_category.update",
            obj=category,
            before=before,
            after=child_snapshot(category),
            clock=clock,
        )
        compliance_schedule(category.organisation)
    return category


def data_subject_category_create(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> DataSubjectCategory:
    """Add an organisation's own data subject category (``code`` and ``label`` required)."""
    refuse_unknown_fields(fields, DATA_SUBJECT_FIELDS, "data subject category")
    refuse_other_organisation(organisation, fields.get("parent"))
    category = DataSubjectCategory(organisation=organisation, builtin=False, **fields)
    category.full_clean()
    with transaction.atomic():
        category.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="data_subject_category.create",
            obj=category,
            after=child_snapshot(category),
            clock=clock,
        )
    return category
