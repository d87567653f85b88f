"""Recording a request received on paper, by telephone, by email or in person, with its real receipt date."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights.forms import RecordRequestForm, add_service_errors
from egide.rights.services import RequestIntake, rights_request_record
from egide.rights.views import _common
from egide.rights.views._common import organisation_of, user_of


@org_view(Perm.EDIT, Perm.EDIT)
def request_new_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    today = _common.today()
    data = request.POST if request.method == "POST" else None
    form = RecordRequestForm(data, today=today, initial={"received_on": today, "language": "fr"})
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                created = rights_request_record(
                    actor=user_of(request),
                    organisation=organisation,
                    intake=RequestIntake(**form.intake_fields()),
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
                    clock=_common.clock(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Request %(reference)s recorded.") % {"reference": created.reference},
                )
                return redirect("rights:detail", org=organisation.slug, request_id=created.pk)
        status = 400
    context = {"organisation": organisation, "form": form}
    return render(request, "rights/request_new.html", context, status=status)
