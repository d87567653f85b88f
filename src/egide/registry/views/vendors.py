"""Processors and systems: vendors (Art. 28 contract, agreement document, HDS certificate, sub-processors)
and the information systems that support processing."""

from __future__ import annotations

import mimetypes
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from egide.accounts.roles import Perm
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.core.htmx import render_page_or_partial
from egide.core.views import org_view
from egide.registry.choices import ART_28_CLAUSES, HDS_ACTIVITIES, VendorRole
from egide.registry.forms import InformationSystemForm, VendorForm, add_service_errors
from egide.registry.models import InformationSystem, Vendor
from egide.registry.selectors import (
    information_system_get,
    information_systems_list,
    vendor_activities_list,
    vendor_get,
    vendors_list,
)
from egide.registry.services import (
    information_system_create,
    information_system_update,
    vendor_create,
    vendor_set_sub_processors,
    vendor_update,
)
from egide.registry.views._common import can, organisation_of, user_of


class VendorFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name"), required=False, max_length=200, widget=forms.SearchInput
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        required=False,
        choices=[("", gettext_lazy("Any role")), *VendorRole.choices],
    )


def _today() -> date:
    return SYSTEM_CLOCK.now().astimezone(PARIS).date()


def _vendor_or_404(request: HttpRequest, vendor_id: int) -> Vendor:
    try:
        return vendor_get(organisation=organisation_of(request), pk=vendor_id)
    except Vendor.DoesNotExist:
        raise Http404("No such vendor") from None


def _system_or_404(request: HttpRequest, system_id: int) -> InformationSystem:
    try:
        return information_system_get(organisation=organisation_of(request), pk=system_id)
    except InformationSystem.DoesNotExist:
        raise Http404("No such system") from None


@org_view(Perm.VIEW)
def vendor_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = VendorFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    vendors = vendors_list(
        organisation=organisation, role=data.get("role", ""), search=data.get("q", "")
    )
    context = {
        "organisation": organisation,
        "form": form,
        "vendors": vendors,
        "systems": information_systems_list(organisation=organisation),
        "today": _today(),
        "clause_count": len(ART_28_CLAUSES),
        "can_edit": can(request, Perm.EDIT_ALL),
    }
    response = render_page_or_partial(
        request, "registry/vendor_list.html", context, partial="vendor-table"
    )
    if not valid:
        response.status_code = 400
    return response


@org_view(Perm.VIEW)
def vendor_detail_view(request: HttpRequest, vendor_id: int) -> HttpResponse:
    vendor = _vendor_or_404(request, vendor_id)
    context = {
        "organisation": organisation_of(request),
        "vendor": vendor,
        "clauses": [(label, vendor.art28_clauses.get(code)) for code, label in ART_28_CLAUSES],
        "hds_activities": [
            (label, code in vendor.hds_activities) for code, label in HDS_ACTIVITIES
        ],
        "hds_valid": vendor.hds_valid_on(_today()),
        "sub_processors": vendor.sub_processors.order_by("name"),
        "engaged_by": vendor.engaged_by.order_by("name"),
        "activities": vendor_activities_list(vendor=vendor),
        "systems": vendor.systems.order_by("name"),
        "can_edit": can(request, Perm.EDIT_ALL),
    }
    return render(request, "registry/vendor_detail.html", context)


def _save_vendor(request: HttpRequest, form: VendorForm, vendor: Vendor | None) -> Vendor:
    actor = user_of(request)
    with transaction.atomic():
        if vendor is None:
            vendor = vendor_create(
                actor=actor, organisation=organisation_of(request), **form.changes()
            )
        else:
            vendor = vendor_update(actor=actor, vendor=vendor, **form.changes())
        vendor_set_sub_processors(
            actor=actor, vendor=vendor, sub_processors=form.cleaned_data["sub_processors"]
        )
    return vendor


def _vendor_form_page(request: HttpRequest, vendor: Vendor | None) -> HttpResponse:
    organisation = organisation_of(request)
    data = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = VendorForm(*data, organisation=organisation, instance=vendor)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                saved = _save_vendor(request, form, vendor)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The vendor was saved."))
                return redirect("registry:vendor_detail", org=organisation.slug, vendor_id=saved.pk)
        status = 400
    context = {"organisation": organisation, "form": form, "vendor": vendor}
    return render(request, "registry/vendor_form.html", context, status=status)


@org_view(Perm.EDIT_ALL, Perm.EDIT_ALL)
def vendor_create_view(request: HttpRequest) -> HttpResponse:
    return _vendor_form_page(request, None)


@org_view(Perm.EDIT_ALL, Perm.EDIT_ALL)
def vendor_edit_view(request: HttpRequest, vendor_id: int) -> HttpResponse:
    return _vendor_form_page(request, _vendor_or_404(request, vendor_id))


@org_view(Perm.VIEW)
def vendor_agreement_view(request: HttpRequest, vendor_id: int) -> HttpResponse:
    """The data processing agreement, as a download (back to the vendor when there is none)."""
    organisation = organisation_of(request)
    vendor = _vendor_or_404(request, vendor_id)
    document = vendor.dpa_document
    if not document or not document.storage.exists(document.name):
        messages.error(request, _("No agreement document is stored for this vendor."))
        return redirect("registry:vendor_detail", org=organisation.slug, vendor_id=vendor.pk)
    filename = document.name.rsplit("/", 1)[-1]
    with document.open("rb") as stored:  # at most 10 MB (see validate_dpa_document)
        content = stored.read()
    response = HttpResponse(content, content_type=mimetypes.guess_type(filename)[0])
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    return response


@org_view(Perm.VIEW)
def system_detail_view(request: HttpRequest, system_id: int) -> HttpResponse:
    system = _system_or_404(request, system_id)
    context: dict[str, Any] = {
        "organisation": organisation_of(request),
        "system": system,
        "activities": system.activities.order_by("reference"),
        "can_edit": can(request, Perm.EDIT_ALL),
    }
    return render(request, "registry/system_detail.html", context)


def _system_form_page(request: HttpRequest, system: InformationSystem | None) -> HttpResponse:
    organisation, actor = organisation_of(request), user_of(request)
    data = request.POST if request.method == "POST" else None
    form = InformationSystemForm(data, organisation=organisation, instance=system)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                if system is None:
                    system = information_system_create(
                        actor=actor, organisation=organisation, **form.changes()
                    )
                else:
                    system = information_system_update(actor=actor, system=system, **form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The system was saved."))
                return redirect(
                    "registry:system_detail", org=organisation.slug, system_id=system.pk
                )
        status = 400
    context = {"organisation": organisation, "form": form, "system": system}
    return render(request, "registry/system_form.html", context, status=status)


@org_view(Perm.EDIT_ALL, Perm.EDIT_ALL)
def system_create_view(request: HttpRequest) -> HttpResponse:
    return _system_form_page(request, None)


@org_view(Perm.EDIT_ALL, Perm.EDIT_ALL)
def system_edit_view(request: HttpRequest, system_id: int) -> HttpResponse:
    return _system_form_page(request, _system_or_404(request, system_id))
