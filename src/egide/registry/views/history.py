"""An activity's history from the audit trail, and the side-by-side diff of two of its versions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.registry.diff import ActivityDiff
from egide.registry.selectors import processing_activity_history, processing_activity_versions_diff
from egide.registry.views._common import activity_or_404, organisation_of
from egide.registry.views._display import ValueReader, action_label, changed_fields, field_label
from egide.registry.views._lists import SECTION_BY_KEY

HISTORY_PAGE_SIZE = 50
ROW_STATUS = {
    "added": gettext_lazy("added"),
    "removed": gettext_lazy("removed"),
    "changed": gettext_lazy("changed"),
    "same": gettext_lazy("unchanged"),
}


class VersionsForm(forms.Form):
    """The two versions to compare: the activity right after each of these events."""

    from_ = forms.IntegerField(label=gettext_lazy("From the version after event"), min_value=1)
    to = forms.IntegerField(label=gettext_lazy("To the version after event"), min_value=1)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None:
            data = {"from_": data.get("from"), "to": data.get("to")}
        super().__init__(data, **kwargs)


def _entries(events: Any) -> list[dict[str, Any]]:
    return [
        {
            "event": event,
            "what": action_label(event.action, event.object_type),
            "fields": changed_fields(event),
        }
        for event in events
    ]


@org_view(Perm.VIEW)
def activity_history_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Every change of the activity and of what it records, newest first; pick two to compare."""
    activity = activity_or_404(request, activity_id)
    page = Paginator(processing_activity_history(activity=activity), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "organisation": organisation_of(request),
        "activity": activity,
        "page": page,
        "entries": _entries(page.object_list),
    }
    return render(request, "registry/activity_history.html", context)


def _readable(diff: ActivityDiff, reader: ValueReader) -> dict[str, Any]:
    """The diff with labels and values as people read them."""
    values: list[tuple[str, Any]] = [(f.name, f.left) for f in diff.fields]
    values += [(f.name, f.right) for f in diff.fields]
    for section in diff.sections:
        for row in section.rows:
            for side in (row.left, row.right):
                values += list((side or {}).items())
    reader.load(values)
    fields = [
        {
            "label": field_label(f.name),
            "left": reader.text(f.name, f.left),
            "right": reader.text(f.name, f.right),
            "changed": f.changed,
        }
        for f in diff.fields
    ]
    sections = []
    for section in diff.sections:
        if not section.rows:
            continue
        rows = [
            {
                "status": row.status,
                "status_label": ROW_STATUS[row.status],
                "left": reader.row(row.left, section.name, row.changed_fields),
                "right": reader.row(row.right, section.name, row.changed_fields),
            }
            for row in section.rows
        ]
        sections.append({"title": SECTION_BY_KEY[section.name].title, "rows": rows})
    return {"fields": fields, "sections": sections}


@org_view(Perm.VIEW)
def activity_diff_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Two versions side by side (``?from=<event id>&to=<event id>``); 400 with the reason otherwise."""
    activity = activity_or_404(request, activity_id)
    form = VersionsForm(request.GET)
    context: dict[str, Any] = {
        "organisation": organisation_of(request),
        "activity": activity,
        "form": form,
    }
    if not form.is_valid():
        return render(request, "registry/activity_diff.html", context, status=400)
    first, second = form.cleaned_data["from_"], form.cleaned_data["to"]
    try:
        diff = processing_activity_versions_diff(
            activity=activity, from_event_id=first, to_event_id=second
        )
    except ValueError:
        form.add_error(None, _("Choose two events of this activity's history."))
        return render(request, "registry/activity_diff.html", context, status=400)
    events = {
        e.pk: e
        for e in processing_activity_history(activity=activity).filter(pk__in=[first, second])
    }
    context.update(
        {
            "left_event": events[first],
            "right_event": events[second],
            "left_what": action_label(events[first].action, events[first].object_type),
            "right_what": action_label(events[second].action, events[second].object_type),
            "diff": diff,
            "readable": _readable(diff, ValueReader(organisation_of(request))),
        }
    )
    return render(request, "registry/activity_diff.html", context)
