"""Personal API tokens: every member manages their own tokens in each organisation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from egide.accounts.forms.tokens import ApiTokenForm
from egide.accounts.models import User
from egide.accounts.roles import Perm
from egide.accounts.selectors import api_tokens_of_member_list
from egide.accounts.services import api_token_create, api_token_revoke
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.core.views import org_view


@org_view(Perm.VIEW, Perm.VIEW)
@never_cache
def tokens_view(request: HttpRequest) -> HttpResponse:
    """List the member's tokens here and create one; a new token's key is shown once, on this answer."""
    user = request.user
    assert isinstance(user, User)
    organisation = request.organisation  # type: ignore[attr-defined]
    membership = request.membership  # type: ignore[attr-defined]
    today = SYSTEM_CLOCK.now().astimezone(PARIS).date()
    new_key = None
    new_token = None
    if request.method == "POST":
        form = ApiTokenForm(request.POST, member_role=membership.role, today=today)
        if form.is_valid():
            try:
                new_token, new_key = api_token_create(
                    actor=user,
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    role=form.cleaned_data["role"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                form = ApiTokenForm(member_role=membership.role, today=today)
    else:
        form = ApiTokenForm(member_role=membership.role, today=today)
    context = {
        "form": form,
        "tokens": api_tokens_of_member_list(user=user, organisation=organisation),
        "new_key": new_key,
        "new_token": new_token,
        "now": SYSTEM_CLOCK.now(),
    }
    return render(request, "accounts/tokens.html", context)


@org_view(Perm.VIEW, Perm.VIEW)
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the member's own tokens (someone else's token is not found)."""
    user = request.user
    assert isinstance(user, User)
    organisation = request.organisation  # type: ignore[attr-defined]
    token = get_object_or_404(
        api_tokens_of_member_list(user=user, organisation=organisation), pk=token_id
    )
    api_token_revoke(actor=user, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:tokens", org=organisation.slug)
