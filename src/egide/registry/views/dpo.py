"""The DPO designation (GDPR Art. 37): whether it is mandatory and why, the current record, its history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.registry.compliance import compliance_findings_list, organisation_profile
from egide.registry.designation import dpo_designation_required
from egide.registry.forms import DpoDesignationEndForm, DpoDesignationForm, add_service_errors
from egide.registry.selectors import dpo_designation_current, dpo_designations_list
from egide.registry.services import dpo_designation_end, dpo_designation_set
from egide.registry.views._common import can, organisation_of, user_of


def _page(
    request: HttpRequest,
    *,
    form: Form | None = None,
    end_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = organisation_of(request)
    current = dpo_designation_current(organisation=organisation)
    can_edit = can(request, Perm.EDIT_ALL)
    if can_edit:
        form = form or DpoDesignationForm(current=current)
        end_form = end_form or (DpoDesignationEndForm() if current is not None else None)
    assessment = dpo_designation_required(organisation_profile(organisation))
    context: dict[str, Any] = {
        "organisation": organisation,
        "assessment": assessment,
        "reasons": [
            {"reason": r, "text": r.message(_), "reference": _(r.legal_reference)}
            for r in assessment.reasons
        ],
        "current": current,
        "designations": dpo_designations_list(organisation=organisation),
        "findings": compliance_findings_list(organisation=organisation).filter(
            activity__isnull=True
        ),
        "form": form if can_edit else None,
        "end_form": end_form if can_edit else None,
    }
    return render(request, "registry/dpo_designation.html", context, status=status)


@org_view(Perm.VIEW, Perm.EDIT_ALL)
def dpo_designation_view(request: HttpRequest) -> HttpResponse:
    """Everyone who may view sees the assessment and the record; the DPO and assistants record it."""
    if request.method != "POST":
        return _page(request)
    organisation = organisation_of(request)
    form = DpoDesignationForm(
        request.POST, current=dpo_designation_current(organisation=organisation)
    )
    if form.is_valid():
        try:
            dpo_designation_set(actor=user_of(request), organisation=organisation, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The DPO designation was saved."))
            return redirect("registry:dpo_designation", org=organisation.slug)
    return _page(request, form=form, status=400)


@org_view(Perm.VIEW, Perm.EDIT_ALL)
@require_POST
def dpo_designation_end_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = DpoDesignationEndForm(request.POST)
    if form.is_valid():
        try:
            dpo_designation_end(
                actor=user_of(request),
                organisation=organisation,
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The designation was ended."))
            return redirect("registry:dpo_designation", org=organisation.slug)
    return _page(request, end_form=form, status=400)
