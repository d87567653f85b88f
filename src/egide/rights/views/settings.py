"""An organisation's settings of rights requests, and the portal's public address to give patients."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights import services as s
from egide.rights.forms import RightsSettingsForm, add_service_errors
from egide.rights.selectors import rights_settings_for
from egide.rights.views import _common
from egide.rights.views._common import can, organisation_of, user_of


def portal_url(request: HttpRequest) -> str:
    try:
        path = reverse("rights_portal:start", kwargs={"org": organisation_of(request).slug})
    except NoReverseMatch:  # the portal's routes are not installed
        return ""
    return request.build_absolute_uri(path)


@org_view(Perm.VIEW, Perm.MANAGE_ORGANISATION)
def settings_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    current = rights_settings_for(organisation)
    form = RightsSettingsForm.for_settings(
        current, request.POST if request.method == "POST" else None
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                s.rights_settings_update(
                    actor=user_of(request),
                    organisation=organisation,
                    clock=_common.clock(),
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("rights:settings", org=organisation.slug)
        status = 400
    context = {
        "organisation": organisation,
        "form": form,
        "portal_url": portal_url(request),
        "can_manage": can(request, Perm.MANAGE_ORGANISATION),
    }
    return render(request, "rights/settings.html", context, status=status)
