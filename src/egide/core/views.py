"""View bases: the organisation comes from the URL, is resolved and membership-checked once here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from egide.accounts.roles import Perm, role_has
from egide.core.clock import SYSTEM_CLOCK
from egide.core.policies import AUTHENTICATED, STAFF, Policy, organisation_policy

View = Callable[..., HttpResponse]


def attach_organisation(request: HttpRequest, org_slug: str) -> None:
    """Resolve ``org_slug`` for the signed-in user or raise 404 (outsiders cannot tell it exists)."""
    from egide.accounts.selectors import membership_active_get

    membership = membership_active_get(
        user=request.user,  # type: ignore[arg-type]
        organisation_slug=org_slug,
        now=SYSTEM_CLOCK.now(),
    )
    if membership is None:
        raise Http404("No such organisation")
    request.membership = membership  # type: ignore[attr-defined]
    request.organisation = membership.organisation  # type: ignore[attr-defined]


def org_view(read: Perm, write: Perm | None = None) -> Callable[[View], View]:
    """Organisation page: signed in, a live member of ``<org>``, with ``read`` for safe methods and
    ``write`` (default: none allowed) for the others. The view receives the request with
    ``request.organisation`` and ``request.membership`` set; the ``org`` URL kwarg is consumed here."""
    policy = organisation_policy(read, write)

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            attach_organisation(request, org)
            perm = policy.perm_for(request.method or "GET")
            if perm is None or not role_has(request.membership.role, perm):  # type: ignore[attr-defined]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.egide_policy = policy  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _signed_in(policy: Policy, check: Callable[[HttpRequest], bool]) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.egide_policy = policy  # type: ignore[attr-defined]
        return wrapper

    return decorate


def user_view(view: View) -> View:
    """A page for any signed-in user, outside any organisation (portfolio, own account)."""
    return _signed_in(AUTHENTICATED, lambda request: True)(view)


def staff_view(view: View) -> View:
    """A platform operator's page (jobs, workers)."""
    return _signed_in(STAFF, lambda request: bool(request.user.is_staff))(view)
