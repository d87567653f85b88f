"""The audit trail page (filters, before/after values) and its CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any, cast

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from egide.accounts.roles import Perm
from egide.core.audit import audit_trail_export
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.core.htmx import render_page_or_partial
from egide.core.models import AuditEvent
from egide.core.selectors import (
    AuditFilterOptions,
    AuditFilters,
    audit_events_list,
    audit_filter_options,
)
from egide.core.views import org_view

PAGE_SIZE = 50
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CSV_COLUMNS = (
    "sequence",
    "occurred_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object",
    "before",
    "after",
    "hash",
)


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label=_("Actor"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT)
    q = forms.CharField(
        label=_("Object contains"), required=False, max_length=200, widget=forms.SearchInput
    )

    def __init__(self, data: Any, *, options: AuditFilterOptions) -> None:
        super().__init__(data)
        everyone = [("", _("All"))]
        actor, action, object_type = (
            cast(forms.ChoiceField, self.fields[name])
            for name in ("actor", "action", "object_type")
        )
        actor.choices = everyone + [(v, v) for v in options.actors]
        action.choices = everyone + [(v, v) for v in options.actions]
        object_type.choices = everyone + [(v, v) for v in options.object_types]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            actor=data["actor"],
            action=data["action"],
            object_type=data["object_type"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            text=data["q"].strip(),
        )


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    organisation = request.organisation  # type: ignore[attr-defined]
    return AuditFilterForm(request.GET, options=audit_filter_options(organisation=organisation))


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    changes: list[Change]


def _changes(event: AuditEvent) -> list[Change]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(key, _shown(before.get(key)), _shown(after.get(key))) for key in keys]


@org_view(Perm.VIEW_AUDIT)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    """The organisation's events, newest first. Invalid filters answer 400 on the full page; for an
    HTMX refresh the table answers 200 with the errors, since HTMX does not swap error responses."""
    organisation = request.organisation  # type: ignore[attr-defined]
    form = _filter_form(request)
    valid = form.is_valid()
    events = audit_events_list(
        organisation=organisation, filters=form.filters() if valid else AuditFilters()
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [AuditRow(event=event, changes=_changes(event)) for event in page.object_list]
    context = {"organisation": organisation, "form": form, "page": page, "rows": rows}
    response = render_page_or_partial(
        request, "core/audit_log.html", context, partial="audit-table"
    )
    htmx = getattr(request, "htmx", None)
    if not valid and not (htmx and not htmx.boosted):
        response.status_code = 400
    return response


class _Echo:
    """A file-like object whose ``write`` hands back the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_lines(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)  # the BOM lets spreadsheets detect UTF-8
    for event in events:
        yield writer.writerow(
            [
                event.sequence,
                event.occurred_at.astimezone(UTC).isoformat(),
                _cell(event.actor_label),
                _cell(event.action),
                _cell(event.object_type),
                _cell(event.object_id),
                _cell(event.object_repr),
                _shown(event.before),
                _shown(event.after),
                event.hash,
            ]
        )


@org_view(Perm.VIEW_AUDIT)
def audit_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered trail as CSV (UTC times, stable column names for scripts). The export is audited."""
    organisation = request.organisation  # type: ignore[attr-defined]
    form = _filter_form(request)
    if not form.is_valid():
        return HttpResponse(
            form.errors.as_text(), status=400, content_type="text/plain; charset=utf-8"
        )
    events = audit_trail_export(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        filters=form.filters(),
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    stamp = SYSTEM_CLOCK.now().astimezone(PARIS).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _csv_lines(events.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="audit-{organisation.slug}-{stamp}.csv"'
    )
    return response  # type: ignore[return-value]  # streamed; org_view passes it on unchanged
