"""Tenancy in one place.

Every organisation-owned model inherits :class:`TenantModel`: a non-null, indexed ``organisation`` key and a
manager whose querysets refuse to run until they are scoped to one organisation, by
``.for_organisation(org)``, by a filter on ``organisation``, or by a filter on a parent tenant object
(children are fetched through their parent). The escape hatch is :meth:`TenantQuerySet.all_organisations_unscoped`
whose name is meant to be grepped in review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from egide.accounts.models import Organisation


class UnscopedQueryError(RuntimeError):
    """A tenant-owned queryset was evaluated without an organisation scope."""


def _is_scoping_value(value: Any) -> bool:
    from egide.accounts.models import Organisation

    return isinstance(value, Organisation | TenantModel)


def _is_scoping_filter(kwargs: dict[str, Any]) -> bool:
    for key, value in kwargs.items():
        root = key.split("__", 1)[0]
        if root in {"organisation", "organisation_id"} and value is not None:
            if key in {"organisation", "organisation_id", "organisation__pk", "organisation__id"}:
                return True
            if key in {"organisation__slug"}:
                return True
        if _is_scoping_value(value):
            return True
    return False


class TenantQuerySet(models.QuerySet):
    _egide_scoped: bool = False

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._egide_scoped = self._egide_scoped
        return clone

    def for_organisation(self, organisation: Organisation) -> Self:
        qs = self.filter(organisation=organisation)
        qs._egide_scoped = True
        return qs

    def all_organisations_unscoped(self) -> Self:
        """Escape hatch for platform code (audit verification, sweeps, migrations). Grep for it."""
        qs = self._clone()
        qs._egide_scoped = True
        return qs

    def filter(self, *args: Any, **kwargs: Any) -> Self:
        qs = super().filter(*args, **kwargs)
        if _is_scoping_filter(kwargs):
            qs._egide_scoped = True
        return qs

    def _check_scope(self) -> None:
        # Related managers and prefetches (many-to-many included) hint the parent instance they were
        # reached through: such a queryset is fetched through its parent, hence scoped.
        hints: dict[str, Any] = getattr(self, "_hints", {})
        if not self._egide_scoped and not _is_scoping_value(hints.get("instance")):
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without an organisation scope; use "
                ".for_organisation(org) or fetch it through its parent"
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def count(self) -> int:
        self._check_scope()
        return super().count()

    def exists(self) -> bool:
        self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scope()
        return super().delete()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scope()
        return super().iterator(chunk_size=chunk_size)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):  # type: ignore[misc]
    use_in_migrations = False


class TenantModel(models.Model):
    """Base of every organisation-owned model."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=True
    )

    # Forward relations (child.parent) go through Django's plain base manager: the child was reached
    # through a scoped query already.
    objects = TenantManager()

    class Meta:
        abstract = True
