"""The lists an activity records, as the edit page handles them: each list's form, its three services
(add, change, remove) and how one of its rows reads in a line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from egide.registry import services as s
from egide.registry.choices import RecordKind
from egide.registry.forms import (
    ControllerServedForm,
    DataCategoryRowForm,
    JointControllerForm,
    PurposeForm,
    RecipientForm,
    RowForm,
    SecurityMeasureForm,
    TransferForm,
)


@dataclass(frozen=True)
class Section:
    key: str  # the activity's related name, and the prefix of the routes
    title: Any
    form_class: type[RowForm]
    add: Callable[..., Any]  # add(actor, activity, fields)
    update: Callable[..., Any]  # update(actor, row, fields)
    remove: Callable[..., Any]  # remove(actor, row)
    records: tuple[str, ...] = (RecordKind.CONTROLLER, RecordKind.PROCESSOR)

    @property
    def slug(self) -> str:
        return self.key.replace("_", "-")

    @property
    def add_url_name(self) -> str:
        return f"registry:{self.key}_add"

    @property
    def edit_url_name(self) -> str:
        return f"registry:{self.key}_edit"

    @property
    def delete_url_name(self) -> str:
        return f"registry:{self.key}_delete"


SECTIONS: tuple[Section, ...] = (
    Section(
        "controllers_served",
        _("Controllers the organisation acts for (GDPR Art. 30(2)(a))"),
        ControllerServedForm,
        lambda actor, activity, f: s.controller_served_add(actor=actor, activity=activity, **f),
        lambda actor, row, f: s.controller_served_update(actor=actor, controller=row, **f),
        lambda actor, row: s.controller_served_remove(actor=actor, controller=row),
        records=(RecordKind.PROCESSOR,),
    ),
    Section(
        "purposes",
        _("Purposes and legal bases"),
        PurposeForm,
        lambda actor, activity, f: s.purpose_create(actor=actor, activity=activity, **f),
        lambda actor, row, f: s.purpose_update(actor=actor, purpose=row, **f),
        lambda actor, row: s.purpose_delete(actor=actor, purpose=row),
        records=(RecordKind.CONTROLLER,),
    ),
    Section(
        "data_categories",
        _("Personal data and retention"),
        DataCategoryRowForm,
        lambda actor, activity, f: s.activity_data_category_add(
            actor=actor, activity=activity, **f
        ),
        lambda actor, row, f: s.activity_data_category_update(actor=actor, data_category=row, **f),
        lambda actor, row: s.activity_data_category_remove(actor=actor, data_category=row),
        records=(RecordKind.CONTROLLER,),
    ),
    Section(
        "recipients",
        _("Recipients"),
        RecipientForm,
        lambda actor, activity, f: s.recipient_add(actor=actor, activity=activity, **f),
        lambda actor, row, f: s.recipient_update(actor=actor, recipient=row, **f),
        lambda actor, row: s.recipient_remove(actor=actor, recipient=row),
        records=(RecordKind.CONTROLLER,),
    ),
    Section(
        "transfers",
        _("Transfers outside the EEA"),
        TransferForm,
        lambda actor, activity, f: s.transfer_add(actor=actor, activity=activity, **f),
        lambda actor, row, f: s.transfer_update(actor=actor, transfer=row, **f),
        lambda actor, row: s.transfer_remove(actor=actor, transfer=row),
    ),
    Section(
        "security_measures",
        _("Security measures"),
        SecurityMeasureForm,
        lambda actor, activity, f: s.activity_security_measure_add(
            actor=actor, activity=activity, **f
        ),
        lambda actor, row, f: s.activity_security_measure_update(
            actor=actor, security_measure=row, **f
        ),
        lambda actor, row: s.activity_security_measure_remove(actor=actor, security_measure=row),
    ),
    Section(
        "joint_controllers",
        _("Joint controllers (GDPR Art. 26)"),
        JointControllerForm,
        lambda actor, activity, f: s.joint_controller_add(actor=actor, activity=activity, **f),
        lambda actor, row, f: s.joint_controller_update(actor=actor, joint_controller=row, **f),
        lambda actor, row: s.joint_controller_remove(actor=actor, joint_controller=row),
        records=(RecordKind.CONTROLLER,),
    ),
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}


def _retention(row: Any) -> str:
    if row.retention_duration is not None:
        return _("%(duration)s %(unit)s from the %(start)s") % {
            "duration": row.retention_duration,
            "unit": row.get_retention_unit_display(),
            "start": row.get_retention_start_display(),
        }
    return row.retention_criteria or str(_("no retention"))


SUMMARIES: dict[str, Callable[[Any], list[Any]]] = {
    "controllers_served": lambda r: [r.name, r.processing_categories],
    "purposes": lambda r: [
        r.description,
        r.get_legal_basis_display(),
        r.get_special_category_condition_display(),
    ],
    "data_categories": lambda r: [r.category.display_label, _retention(r)],
    "recipients": lambda r: [r.name, r.get_kind_display(), r.vendor or ""],
    "transfers": lambda r: [r.country, r.get_tool_display() or _("no transfer tool")],
    "security_measures": lambda r: [r, r.detail],
    "joint_controllers": lambda r: [r.name, r.contact],
}
