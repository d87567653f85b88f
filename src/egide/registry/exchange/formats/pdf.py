"""The printable register (WeasyPrint), laid out like the CNIL's register template: a summary (the
organisation, its DPO, the list of activities with their status), then one sheet per activity with the
template's sections (REFERENCE.md section 2). Rendered in the active language.

The document is a standalone HTML template (``registry/pdf/register.html``) with its own print stylesheet
(``registry/pdf/register.css``), handed to WeasyPrint as a stylesheet: no inline style.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import date_format

from egide.accounts.choices import LegalStatus, OrganisationKind
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
from egide.registry.exchange.columns import TABLE_BY_ID
from egide.registry.exchange.export import RegisterTables
from egide.registry.retention import RULE_BY_CODE
from egide.registry.selectors import (
    data_categories_list,
    data_subject_categories_list,
    dpo_designation_current,
)
from egide.registry.taxonomy import SECURITY_FAMILIES, SECURITY_MEASURE_BY_CODE


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date()
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _retention(row: dict[str, Any]) -> dict[str, str]:
    rule = RULE_BY_CODE.get(row["retention_rule"])
    return {
        "duration": str(row["retention_duration"]) if row["retention_duration"] is not None else "",
        "unit": _label(RetentionUnit, row["retention_unit"]),
        "start": _label(RetentionStart, row["retention_start"]),
        "criteria": row["retention_criteria"],
        "rule": f"{rule.label} ({rule.source})" if rule else row["retention_rule"],
    }


def _sheet(
    activity: dict[str, Any], lists: dict[str, list[dict[str, Any]]], labels: dict[str, Any]
) -> dict[str, Any]:
    purposes = [
        {
            "description": p["description"],
            "basis": _label(LegalBasis, p["legal_basis"]),
            "basis_reference": p["legal_basis_reference"],
            "condition": _label(SpecialCategoryCondition, p["special_category_condition"]),
        }
        for p in sorted(lists["purposes"], key=lambda p: (not p["is_main"], p["position"]))
    ]
    categories = []
    for row in lists["data_categories"]:
        code = row["category"]
        categories.append(
            {
                "label": labels["categories"].get(code, code),
                "sensitive": code in labels["sensitive"],
                "retention": _retention(row),
                "source": _label(DataSource, row["source"]),
                "source_detail": row["source_detail"],
            }
        )
    recipients: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in lists["recipients"]:
        recipients[_label(RecipientKind, row["kind"])].append(row)
    measures: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in lists["security_measures"]:
        definition = SECURITY_MEASURE_BY_CODE.get(row["measure"])
        family = SECURITY_FAMILIES.get(definition.family if definition else "other", "")
        label = str(definition.label) if definition else row["measure"]
        measures[str(family)].append({"label": label, "detail": row["detail"]})
    transfers = [
        {
            **row,
            "tool": _label(TransferTool, row["tool"]),
            "derogation": _label(Art49Derogation, row["derogation"]),
            "tia_on": _day(row["tia_on"]),
        }
        for row in lists["transfers"]
    ]
    return {
        **activity,
        "status_label": _label(ActivityStatus, activity["status"]),
        "record_label": _label(RecordKind, activity["record_kind"]),
        "is_processor_record": activity["record_kind"] == RecordKind.PROCESSOR,
        "created_on": _day(activity["created_at"]),
        "updated_on": _day(activity["updated_at"]),
        "review_on_text": _day(activity["review_on"]),
        "main_purpose": purposes[0] if purposes else None,
        "sub_purposes": purposes[1:],
        "subjects": [labels["subjects"].get(c, c) for c in activity["data_subjects"]],
        "categories": categories,
        "sensitive": [c["label"] for c in categories if c["sensitive"]],
        "recipients": sorted(recipients.items()),
        "transfers": transfers,
        "measures": sorted(measures.items()),
        "joint_controllers": lists["joint_controllers"],
        "controllers_served": lists["controllers_served"],
        "systems": [row["system"] for row in lists["systems"]],
    }


def register_context(data: RegisterTables, *, now: datetime) -> dict[str, Any]:
    """What the PDF template shows, labels in the active language."""
    organisation = data.organisation
    categories = list(data_categories_list(organisation=organisation))
    labels = {
        "categories": {c.code: str(c.display_label) for c in categories},
        "sensitive": {c.code for c in categories if c.is_special_category or c.is_health},
        "subjects": {
            c.code: str(c.display_label)
            for c in data_subject_categories_list(organisation=organisation)
        },
    }
    activities_table = TABLE_BY_ID["activities"]
    children = {t.id: data.by_activity(t.id) for t in TABLE_BY_ID.values() if t.is_child}
    sheets = []
    for row in data.rows.get("activities", []):
        activity = {c.id: v for c, v in zip(activities_table.columns, row, strict=True)}
        lists = {
            table_id: [
                {c.id: v for c, v in zip(TABLE_BY_ID[table_id].columns, r, strict=True)}
                for r in rows.get(activity["reference"], [])
            ]
            for table_id, rows in children.items()
        }
        sheets.append(_sheet(activity, lists, labels))
    return {
        "organisation": organisation,
        "organisation_kind": _label(OrganisationKind, organisation.kind),
        "organisation_status": _label(LegalStatus, organisation.legal_status),
        "dpo": dpo_designation_current(organisation=organisation),
        "generated_on": _day(now),
        "activities": sheets,
    }


class PdfFormat:
    extension = "pdf"
    content_type = "application/pdf"

    def write(self, data: RegisterTables, *, now: datetime) -> bytes:
        from weasyprint import CSS, HTML

        html = render_to_string("registry/pdf/register.html", register_context(data, now=now))
        css = CSS(string=render_to_string("registry/pdf/register.css"))
        document: bytes = HTML(string=html).write_pdf(stylesheets=[css])
        return document


FORMAT = PdfFormat()
