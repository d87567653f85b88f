"""Creating an activity (blank or from a template), changing its main fields, and its status workflow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.registry.forms import ActivityCreateForm, ActivityForm, add_service_errors
from egide.registry.library import TEMPLATE_BY_CODE, TEMPLATES, templates_for
from egide.registry.models import ProcessingActivity
from egide.registry.services import (
    data_categories_ensure,
    data_subject_categories_ensure,
    processing_activity_archive,
    processing_activity_create,
    processing_activity_instantiate_template,
    processing_activity_restore,
    processing_activity_set_data_subjects,
    processing_activity_set_systems,
    processing_activity_submit_for_review,
    processing_activity_update,
    processing_activity_validate,
)
from egide.registry.views._common import (
    activity_or_404,
    can,
    editable_activity_or_404,
    organisation_of,
    user_of,
)
from egide.registry.views.sections import edit_page_context


def _create(request: HttpRequest, form: ActivityCreateForm) -> ProcessingActivity:
    organisation, actor = organisation_of(request), user_of(request)
    data = form.cleaned_data
    # Contributors own what they create, so that they can go on editing it.
    fields: dict[str, Any] = {"owner": data.get("owner") if "owner" in form.fields else actor}
    if data.get("review_on"):
        fields["review_on"] = data["review_on"]
    with transaction.atomic():
        if data.get("template"):
            return processing_activity_instantiate_template(
                actor=actor,
                organisation=organisation,
                template_code=data["template"],
                name=data.get("name", ""),
                reference=data.get("reference", ""),
                **fields,
            )
        # The pickers of the new activity need the organisation's categories.
        data_categories_ensure(organisation=organisation, actor=actor)
        data_subject_categories_ensure(organisation=organisation, actor=actor)
        return processing_activity_create(
            actor=actor,
            organisation=organisation,
            name=data["name"],
            reference=data.get("reference", ""),
            record_kind=data["record_kind"],
            **fields,
        )


@org_view(Perm.EDIT, Perm.EDIT)
def activity_create_view(request: HttpRequest) -> HttpResponse:
    """A new activity: blank, or from a template of the library (picked here, suggested by kind)."""
    organisation = organisation_of(request)
    can_choose_owner = can(request, Perm.EDIT_ALL)
    data = request.POST if request.method == "POST" else None
    initial = {"template": request.GET.get("template", "")}
    if initial["template"] not in TEMPLATE_BY_CODE:
        initial = {}
    form = ActivityCreateForm(
        data, organisation=organisation, can_choose_owner=can_choose_owner, initial=initial
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                activity = _create(request, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The processing activity was created."))
                return redirect(
                    "registry:activity_edit", org=organisation.slug, activity_id=activity.pk
                )
        status = 400
    suggested = {t.code for t in templates_for(organisation.kind)}
    chosen = form["template"].value() or ""
    options = [
        {
            "code": t.code,
            "name": t.name,
            "description": t.description,
            "suggested": t.code in suggested,
            "checked": t.code == chosen,
        }
        for t in sorted(TEMPLATES, key=lambda t: t.code not in suggested)
    ]
    context = {"organisation": organisation, "form": form, "options": options, "blank": not chosen}
    return render(request, "registry/activity_create.html", context, status=status)


def _save(request: HttpRequest, activity: ProcessingActivity, form: ActivityForm) -> None:
    actor = user_of(request)
    with transaction.atomic():
        processing_activity_update(actor=actor, activity=activity, **form.changes())
        processing_activity_set_data_subjects(
            actor=actor, activity=activity, categories=form.cleaned_data["data_subjects"]
        )
        processing_activity_set_systems(
            actor=actor, activity=activity, systems=form.cleaned_data["systems"]
        )


@org_view(Perm.EDIT, Perm.EDIT)
def activity_edit_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The main fields (POST here), and the forms of every list the activity records."""
    organisation = organisation_of(request)
    activity = editable_activity_or_404(request, activity_id)
    can_choose_owner = can(request, Perm.EDIT_ALL)
    data = request.POST if request.method == "POST" else None
    form = ActivityForm(data, activity=activity, can_choose_owner=can_choose_owner)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                _save(request, activity, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The processing activity was saved."))
                return redirect(
                    "registry:activity_edit", org=organisation.slug, activity_id=activity.pk
                )
        status = 400
        activity = activity_or_404(
            request, activity_id
        )  # as stored: the failed write changed nothing
    context = edit_page_context(request, activity, main_form=form)
    return render(request, "registry/activity_edit.html", context, status=status)


Transition = Callable[..., ProcessingActivity]


def _status_view(service: Transition, done: Any, *, any_activity: bool = False) -> Any:
    """A status action (POST): ``any_activity`` for validators, who act on every activity; the others
    need the right to change this one."""

    @require_POST
    def view(request: HttpRequest, activity_id: int) -> HttpResponse:
        organisation = organisation_of(request)
        if any_activity:
            activity = activity_or_404(request, activity_id)
        else:
            activity = editable_activity_or_404(request, activity_id)
        try:
            service(actor=user_of(request), activity=activity)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
        return redirect("registry:activity_detail", org=organisation.slug, activity_id=activity_id)

    return view


activity_submit_view = org_view(Perm.VIEW, Perm.EDIT)(
    _status_view(processing_activity_submit_for_review, gettext_lazy("Submitted for review."))
)
activity_validate_view = org_view(Perm.VIEW, Perm.VALIDATE)(
    _status_view(processing_activity_validate, gettext_lazy("Validated."), any_activity=True)
)
activity_archive_view = org_view(Perm.VIEW, Perm.EDIT)(
    _status_view(
        processing_activity_archive, gettext_lazy("Archived: the activity left the record.")
    )
)
activity_restore_view = org_view(Perm.VIEW, Perm.EDIT)(
    _status_view(processing_activity_restore, gettext_lazy("Restored as a draft."))
)
