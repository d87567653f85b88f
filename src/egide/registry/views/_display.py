"""Reading audit values as people do: labels instead of codes, names instead of ids, dates in Paris time.

Used by the history and the diff of an activity, whose values come from audit events (foreign keys as
ids, choices as codes, dates as ISO text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egide.accounts.models import Organisation, User
from egide.core.clock import PARIS
from egide.registry.choices import (
    ActivityStatus,
    Art49Derogation,
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
    TransferTool,
)
from egide.registry.diff import SECTION_OF_TYPE
from egide.registry.models import (
    DataCategory,
    DataSubjectCategory,
    InformationSystem,
    ProcessingActivity,
    Recipient,
    Vendor,
)
from egide.registry.retention import RULE_CHOICES
from egide.registry.taxonomy import SECURITY_MEASURE_CHOICES
from egide.registry.views._lists import SECTION_BY_KEY

CHOICES: dict[str, dict[str, Any]] = {
    "status": dict(ActivityStatus.choices),
    "record_kind": dict(RecordKind.choices),
    "legal_basis": dict(LegalBasis.choices),
    "special_category_condition": dict(SpecialCategoryCondition.choices),
    "retention_unit": dict(RetentionUnit.choices),
    "retention_start": dict(RetentionStart.choices),
    "source": dict(DataSource.choices),
    "kind": dict(RecipientKind.choices),
    "tool": dict(TransferTool.choices),
    "derogation": dict(Art49Derogation.choices),
    "measure": dict(SECURITY_MEASURE_CHOICES),
    "retention_rule": dict(RULE_CHOICES),
}
DATE_FIELDS = frozenset({"review_on", "tia_on"})
DATETIME_FIELDS = frozenset({"validated_at", "archived_at"})
# What each list holds, by the audit object type of its rows.
MODEL_OF_SECTION: dict[str, type[models.Model]] = {
    section: ProcessingActivity._meta.apps.get_model(object_type)
    for object_type, section in SECTION_OF_TYPE.items()
}
ACTIVITY_ACTIONS = {
    "create": gettext_lazy("Created"),
    "instantiate_template": gettext_lazy("Created from a template"),
    "create_from_group": gettext_lazy("Created from the group's activity"),
    "update": gettext_lazy("Changed"),
    "submit": gettext_lazy("Submitted for review"),
    "validate": gettext_lazy("Validated"),
    "archive": gettext_lazy("Archived"),
    "restore": gettext_lazy("Restored"),
    "set_data_subjects": gettext_lazy("Data subjects changed"),
    "set_systems": gettext_lazy("Supporting systems changed"),
    "share": gettext_lazy("Shared with the group"),
    "sync": gettext_lazy("Updated from the group's activity"),
    "override": gettext_lazy("Overridden locally"),
    "follow_source": gettext_lazy("Follows the group's activity again"),
}
ROW_ACTIONS = {
    "create": gettext_lazy("%(what)s added"),
    "update": gettext_lazy("%(what)s changed"),
    "delete": gettext_lazy("%(what)s removed"),
}


def field_label(name: str, section: str | None = None) -> str:
    """A field's label; on the activity, a list it records goes by its section's title."""
    if section is None and name in MODEL_OF_SECTION:
        return str(SECTION_BY_KEY[name].title)
    model = MODEL_OF_SECTION.get(section or "", ProcessingActivity)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name))


def action_label(action: str, object_type: str) -> str:
    """What an event did, in words (the action code when unknown)."""
    verb = action.rsplit(".", 1)[-1]
    section = SECTION_OF_TYPE.get(object_type)
    if section is not None and verb in ROW_ACTIONS:
        what = str(MODEL_OF_SECTION[section]._meta.verbose_name).capitalize()
        return str(ROW_ACTIONS[verb]) % {"what": what}
    return str(ACTIVITY_ACTIONS.get(verb, action))


def changed_fields(event: Any) -> list[str]:
    """The labels of the fields an event recorded (for an update: the ones it changed)."""
    section = SECTION_OF_TYPE.get(event.object_type)
    values = event.before if event.action.endswith(".delete") else event.after
    names = [n for n in (values or {}) if n not in {"activity", "template"}]
    return [field_label(name, section) for name in names]


class ValueReader:
    """Turns audit values into text. Ids are looked up once for a whole diff (:meth:`load`)."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.names: dict[str, dict[Any, str]] = {}

    def load(self, values: Iterable[tuple[str, Any]]) -> None:
        wanted: dict[str, set[Any]] = {}
        for name, value in values:
            items = value if isinstance(value, list) else [value]
            wanted.setdefault(name, set()).update(v for v in items if isinstance(v, int | str))
        org = self.organisation
        users = wanted.get("owner", set()) | wanted.get("validated_by", set())
        ints = {k: {v for v in ids if isinstance(v, int)} for k, ids in wanted.items()}
        self.names = {
            "owner": {u.pk: u.email for u in User.objects.filter(pk__in=ints_of(users))},
            "category": _labels(DataCategory.objects.for_organisation(org), ints.get("category")),
            "vendor": _labels(Vendor.objects.for_organisation(org), ints.get("vendor")),
            "recipient": _labels(Recipient.objects.for_organisation(org), ints.get("recipient")),
            "systems": _labels(
                InformationSystem.objects.for_organisation(org), ints.get("systems")
            ),
            "data_subjects": {
                c.code: str(c)
                for c in DataSubjectCategory.objects.for_organisation(org).filter(
                    code__in=wanted.get("data_subjects", set())
                )
            },
        }
        self.names["validated_by"] = self.names["owner"]

    def text(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, list):
            return ", ".join(self.text(name, item) for item in value)
        if name in CHOICES:
            return str(CHOICES[name].get(value, value))
        if name in self.names:
            return self.names[name].get(value, str(value))
        if name in DATE_FIELDS and isinstance(value, str) and (day := parse_date(value)):
            return _date(day)
        if name in DATETIME_FIELDS and isinstance(value, str) and (moment := parse_datetime(value)):
            return _date(moment)
        return str(value)

    def row(
        self, values: Mapping[str, Any] | None, section: str, changed: Iterable[str]
    ) -> list[Any]:
        if values is None:
            return []
        marked = set(changed)
        return [
            {"label": field_label(n, section), "value": self.text(n, v), "changed": n in marked}
            for n, v in values.items()
        ]


def ints_of(values: Iterable[Any]) -> list[int]:
    return [v for v in values if isinstance(v, int)]


def _labels(queryset: Any, ids: set[int] | None) -> dict[Any, str]:
    if not ids:
        return {}
    return {obj.pk: str(obj) for obj in queryset.filter(pk__in=sorted(ids))}


def _date(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return formats.date_format(value.astimezone(PARIS), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")
