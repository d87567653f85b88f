"""The lists an activity records, edited in place on its edit page (HTMX, or plain forms without it).

Each list is a :class:`egide.registry.views._lists.Section` (form, services, how a row reads).
Every section gets the same three routes (``<key>_add``, ``<key>_edit``, ``<key>_delete``); an HTMX
request gets the section's fragment back, a plain one the whole edit page (or a redirect to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from egide.accounts.roles import Perm
from egide.core.htmx import render_page_or_partial
from egide.core.views import org_view
from egide.registry.forms import ActivityForm, RowForm, add_service_errors
from egide.registry.models import ProcessingActivity
from egide.registry.views._common import (
    activity_or_404,
    can,
    editable_activity_or_404,
    is_htmx,
    organisation_of,
    user_of,
)
from egide.registry.views._lists import SECTIONS, SUMMARIES, Section

EDIT_TEMPLATE = "registry/activity_edit.html"


@dataclass
class SectionState:
    """One section as the edit page shows it: its rows, the add form, and the row being edited."""

    section: Section
    rows: list[models.Model]
    add_form: RowForm
    editing_id: int | None = None
    edit_form: RowForm | None = None

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def items(self) -> list[tuple[models.Model, str]]:
        """Each row and how it reads in one line."""
        summary = SUMMARIES[self.key]
        return [(row, " · ".join(str(part) for part in summary(row) if part)) for row in self.rows]


def _state(
    section: Section,
    activity: ProcessingActivity,
    *,
    add_form: RowForm | None = None,
    editing: models.Model | None = None,
    edit_form: RowForm | None = None,
) -> SectionState:
    form_class = section.form_class
    if editing is not None and edit_form is None:
        edit_form = form_class(activity=activity, instance=editing, prefix=f"{section.key}-edit")
    return SectionState(
        section=section,
        rows=list(getattr(activity, section.key).all()),
        add_form=add_form or form_class(activity=activity, prefix=section.key),
        editing_id=editing.pk if editing is not None else None,
        edit_form=edit_form,
    )


def edit_page_context(
    request: HttpRequest,
    activity: ProcessingActivity,
    *,
    main_form: ActivityForm | None = None,
    current: SectionState | None = None,
) -> dict[str, Any]:
    """The edit page: the main form and every section of the activity's record (``current`` replaces
    its section's default state)."""
    if main_form is None:
        main_form = ActivityForm(activity=activity, can_choose_owner=can(request, Perm.EDIT_ALL))
    sections = [
        current if current is not None and current.key == section.key else _state(section, activity)
        for section in SECTIONS
        if activity.record_kind in section.records
        or (current is not None and current.key == section.key)
    ]
    return {
        "organisation": organisation_of(request),
        "activity": activity,
        "form": main_form,
        "sections": sections,
        "section": current,
    }


def _answer(
    request: HttpRequest, activity: ProcessingActivity, state: SectionState, status: int
) -> HttpResponse:
    context = edit_page_context(request, activity, current=state)
    response = render_page_or_partial(request, EDIT_TEMPLATE, context, partial="section")
    response.status_code = status
    return response


def _done(request: HttpRequest, section: Section, activity_id: int) -> HttpResponse:
    """After a write: the fresh section (HTMX) or back to the edit page at the section."""
    activity = activity_or_404(request, activity_id)
    if is_htmx(request):
        return _answer(request, activity, _state(section, activity), 200)
    response = redirect(
        "registry:activity_edit", org=organisation_of(request).slug, activity_id=activity_id
    )
    response["Location"] += f"#section-{section.slug}"
    return response


def _row_or_404(activity: ProcessingActivity, section: Section, item_id: int) -> models.Model:
    try:
        return getattr(activity, section.key).get(pk=item_id)
    except models.ObjectDoesNotExist:
        raise Http404("No such row") from None


def section_views(section: Section) -> tuple[Any, Any, Any]:
    """The add, edit and delete views of ``section``."""

    def add(request: HttpRequest, activity_id: int) -> HttpResponse:
        activity = editable_activity_or_404(request, activity_id)
        form = section.form_class(
            request.POST if request.method == "POST" else None,
            activity=activity,
            prefix=section.key,
        )
        if not form.is_bound:
            return _answer(request, activity, _state(section, activity), 200)
        if form.is_valid():
            try:
                section.add(user_of(request), activity, form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _done(request, section, activity_id)
        return _answer(request, activity, _state(section, activity, add_form=form), 400)

    def edit(request: HttpRequest, activity_id: int, item_id: int) -> HttpResponse:
        activity = editable_activity_or_404(request, activity_id)
        row = _row_or_404(activity, section, item_id)
        if request.method != "POST":
            return _answer(request, activity, _state(section, activity, editing=row), 200)
        form = section.form_class(
            request.POST, activity=activity, instance=row, prefix=f"{section.key}-edit"
        )
        if form.is_valid():
            try:
                section.update(user_of(request), row, form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _done(request, section, activity_id)
        activity = activity_or_404(request, activity_id)  # as stored
        row = _row_or_404(activity, section, item_id)
        state = _state(section, activity, editing=row, edit_form=form)
        return _answer(request, activity, state, 400)

    @require_POST
    def delete(request: HttpRequest, activity_id: int, item_id: int) -> HttpResponse:
        activity = editable_activity_or_404(request, activity_id)
        row = _row_or_404(activity, section, item_id)
        section.remove(user_of(request), row)
        return _done(request, section, activity_id)

    for view, verb in ((add, "add"), (edit, "edit"), (delete, "delete")):
        view.__name__ = view.__qualname__ = f"{section.key}_{verb}_view"
    policy = org_view(Perm.EDIT, Perm.EDIT)
    return policy(add), policy(edit), policy(delete)
