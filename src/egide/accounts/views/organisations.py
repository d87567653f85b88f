"""Portfolio, organisation dashboard and profile, members. Thin: reads through selectors, writes
through services."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egide.accounts.forms.organisations import (
    MemberAddForm,
    MembershipEditForm,
    OrganisationProfileForm,
    PortfolioFilterForm,
)
from egide.accounts.models import Membership, Organisation, User
from egide.accounts.roles import Perm, role_has
from egide.accounts.selectors import (
    membership_active_get,
    organisation_members_count,
    organisation_members_list,
    organisation_membership_get,
    portfolio_memberships_list,
)
from egide.accounts.services import (
    membership_add,
    membership_grant,
    membership_revoke,
    organisation_update,
)
from egide.core.clock import SYSTEM_CLOCK
from egide.core.htmx import render_page_or_partial
from egide.core.portfolio import OpenItemCount, open_item_counters, open_items_by_organisation
from egide.core.selectors import audit_events_recent
from egide.core.views import org_view, user_view


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _organisation(request: HttpRequest) -> Organisation:
    return cast(Organisation, request.organisation)  # type: ignore[attr-defined]


def _can(request: HttpRequest, perm: Perm) -> bool:
    return role_has(request.membership.role, perm)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PortfolioRow:
    membership: Membership
    open_items: list[OpenItemCount]

    @property
    def total(self) -> int:
        return sum(item.value for item in self.open_items)


@user_view
def portfolio_view(request: HttpRequest) -> HttpResponse:
    now = SYSTEM_CLOCK.now()
    go = request.GET.get("go")
    if go:  # the organisation switcher
        membership = membership_active_get(user=_user(request), organisation_slug=go, now=now)
        if membership is None:
            raise Http404("No such organisation")
        return redirect("accounts:dashboard", org=membership.organisation.slug)
    form = PortfolioFilterForm(request.GET)
    valid = form.is_valid()
    memberships = list(
        portfolio_memberships_list(
            user=_user(request),
            now=now,
            search=form.cleaned_data.get("q", "") if valid else "",
            kind=form.cleaned_data.get("kind", "") if valid else "",
        )
    )
    counts = open_items_by_organisation([m.organisation_id for m in memberships])
    rows = [PortfolioRow(membership=m, open_items=counts[m.organisation_id]) for m in memberships]
    context = {"form": form, "rows": rows, "counters": open_item_counters()}
    response = render_page_or_partial(
        request, "accounts/portfolio.html", context, partial="portfolio-table"
    )
    if not valid:
        response.status_code = 400
    return response


@org_view(Perm.VIEW)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    can_view_audit = _can(request, Perm.VIEW_AUDIT)
    context = {
        "organisation": organisation,
        "members_count": organisation_members_count(
            organisation=organisation, now=SYSTEM_CLOCK.now()
        ),
        "open_items": open_items_by_organisation([organisation.pk])[organisation.pk],
        "can_view_audit": can_view_audit,
        "recent_events": audit_events_recent(organisation=organisation) if can_view_audit else [],
    }
    return render(request, "accounts/dashboard.html", context)


@org_view(Perm.VIEW, Perm.MANAGE_ORGANISATION)
def organisation_edit_view(request: HttpRequest) -> HttpResponse:
    """Everyone who may view sees the profile; only those who may manage it get the form."""
    organisation = _organisation(request)
    form = None
    status = 200
    if _can(request, Perm.MANAGE_ORGANISATION):
        data = request.POST if request.method == "POST" else None
        form = OrganisationProfileForm(data, instance=copy.copy(organisation))
        if form.is_bound:
            if form.is_valid():
                try:
                    organisation_update(
                        actor=_user(request), organisation=organisation, **form.changes()
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("The organisation profile was saved."))
                    return redirect("accounts:organisation_edit", org=organisation.slug)
            status = 400
    context = {"organisation": organisation, "form": form}
    return render(request, "accounts/organisation_edit.html", context, status=status)


@org_view(Perm.VIEW, Perm.MANAGE_MEMBERS)
def members_view(request: HttpRequest) -> HttpResponse:
    """The member list; those who manage members also add people here (POST)."""
    organisation = _organisation(request)
    can_manage = _can(request, Perm.MANAGE_MEMBERS)
    form = MemberAddForm(request.POST if request.method == "POST" else None) if can_manage else None
    status = 200
    if form is not None and form.is_bound:
        if form.is_valid():
            try:
                membership, invited = membership_add(
                    actor=_user(request),
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    expires_at=form.expires_at,
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                _add_service_errors(form, exc)
            else:
                email = membership.user.email
                if invited:
                    text = _("%(email)s was added; an email to choose a password was sent.")
                else:
                    text = _("%(email)s was added.")
                messages.success(request, text % {"email": email})
                return redirect("accounts:members", org=organisation.slug)
        status = 400
    context = {
        "organisation": organisation,
        "members": organisation_members_list(organisation=organisation),
        "form": form,
        "can_manage": can_manage,
        "now": SYSTEM_CLOCK.now(),
    }
    return render(request, "accounts/members.html", context, status=status)


def _add_service_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's errors to the form, mapping ``expires_at`` to the date field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = "access_ends" if field == "expires_at" else field
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _membership_or_404(request: HttpRequest, membership_id: int) -> Membership:
    membership = organisation_membership_get(
        organisation=_organisation(request), membership_id=membership_id
    )
    if membership is None:
        raise Http404("No such member")
    return membership


def _render_membership(
    request: HttpRequest, membership: Membership, form: MembershipEditForm, status: int = 200
) -> HttpResponse:
    context = {"organisation": _organisation(request), "membership": membership, "form": form}
    return render(request, "accounts/membership_edit.html", context, status=status)


@org_view(Perm.MANAGE_MEMBERS, Perm.MANAGE_MEMBERS)
def membership_edit_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)
    if request.method != "POST":
        return _render_membership(
            request, membership, MembershipEditForm.for_membership(membership)
        )
    form = MembershipEditForm.for_membership(membership, request.POST)
    if form.is_valid():
        try:
            membership_grant(
                actor=_user(request),
                organisation=_organisation(request),
                user=membership.user,
                role=form.cleaned_data["role"],
                expires_at=form.expires_at,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The access of %(email)s was changed.") % {"email": membership.user.email},
            )
            return redirect("accounts:members", org=_organisation(request).slug)
    return _render_membership(request, membership, form, status=400)


@org_view(Perm.MANAGE_MEMBERS, Perm.MANAGE_MEMBERS)
@require_POST
def membership_revoke_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)
    try:
        membership_revoke(actor=_user(request), membership=membership)
    except ValidationError as exc:
        form = MembershipEditForm.for_membership(membership)
        for message in exc.messages:
            messages.error(request, message)
        return _render_membership(request, membership, form, status=400)
    messages.success(
        request, _("The access of %(email)s was revoked.") % {"email": membership.user.email}
    )
    return redirect("accounts:members", org=_organisation(request).slug)
