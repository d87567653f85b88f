"""Input fields of the register's API that name the organisation's own objects.

The organisation comes from the serializer's context (``context["organisation"]``, set by the viewsets):
an id or code of another organisation's object is unknown here, exactly like an id that does not exist.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egide.accounts.models import Organisation, User
from egide.accounts.selectors import organisation_members_list
from egide.registry import taxonomy
from egide.registry.countries import ISO_3166_ALPHA_2
from egide.registry.models.taxonomy import validate_code

MAX_ID = 2_147_483_647  # the largest id a 32-bit primary key holds: larger ones exist nowhere
MAX_COUNT = 2_147_483_647
UNKNOWN_ID = _('Unknown id "{pk_value}".')


def context_organisation(field: serializers.Field) -> Organisation:
    organisation: Organisation = field.context["organisation"]
    return organisation


class ScopedIdField(serializers.PrimaryKeyRelatedField):
    """The id of one of the organisation's objects of ``model``."""

    default_error_messages = {"does_not_exist": UNKNOWN_ID}

    def __init__(self, *, model: type[Model], **kwargs: Any) -> None:
        self.model = model
        kwargs.setdefault("pk_field", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.model._default_manager.for_organisation(context_organisation(self))  # type: ignore[attr-defined]


class MemberIdField(serializers.PrimaryKeyRelatedField):
    """The user id of a member of the organisation (``GET /members/`` lists them)."""

    default_error_messages = {
        "does_not_exist": _('No member of this organisation has id "{pk_value}".')
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("pk_field", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        super().__init__(queryset=User.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[User]:
        members = organisation_members_list(organisation=context_organisation(self))
        return User.objects.filter(pk__in=members.values("user_id"))


class CountryField(serializers.RegexField):
    """An ISO 3166-1 alpha-2 country code (``FR``, ``US``)."""

    default_error_messages = {"unknown": _('"{value}" is not an ISO 3166-1 alpha-2 country code.')}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-2 country code, e.g. FR or US."))
        super().__init__(r"^[A-Z]{2}$", max_length=2, min_length=2, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if value not in ISO_3166_ALPHA_2:
            self.fail("unknown", value=value)
        return str(value)


CODE_PATTERN = re.compile(validate_code.regex).pattern
BUILTIN_DATA_CATEGORY_CODES = [c.code for c in taxonomy.DATA_CATEGORIES]


@extend_schema_field(
    {
        "type": "string",
        # Two disjoint branches (a union where one contains the other collapses into the larger one
        # in schema-based generators, which then never try a built-in code).
        "anyOf": [
            {"enum": BUILTIN_DATA_CATEGORY_CODES},
            {
                "pattern": CODE_PATTERN,
                "maxLength": 64,
                "not": {"enum": BUILTIN_DATA_CATEGORY_CODES},
            },
        ],
    }
)
class DataCategoryCodeField(serializers.SlugRelatedField):
    """A data category of the organisation, by code (built-in codes are always known)."""

    default_error_messages = {"does_not_exist": _('Unknown data category "{value}".')}

    def __init__(self, **kwargs: Any) -> None:
        from egide.registry.models import DataCategory

        kwargs.setdefault(
            "help_text",
            _("A data category code: a built-in code, or one of the organisation's own."),
        )
        super().__init__(slug_field="code", queryset=DataCategory.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        from egide.registry.models import DataCategory

        return DataCategory.objects.for_organisation(context_organisation(self))

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or len(data) > 64:
            self.fail("invalid")
        return super().to_internal_value(data)
