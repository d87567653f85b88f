"""MFA enforcement: holders of dpo, dpo_assistant and manager roles must enrol TOTP before anything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from egide.core.clock import SYSTEM_CLOCK
from egide.core.policies import Audience, policy_of

MFA_SESSION_KEY = "egide_mfa_verified"


class MfaRequiredMiddleware:
    """A signed-in session that has not passed a TOTP check is sent to enrolment when the user holds
    a role that requires MFA. Users with a confirmed device only get a session after their code, so this
    catches the not-yet-enrolled. Views marked ``egide_mfa_exempt`` (enrolment, sign-out) stay reachable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or request.session.get(MFA_SESSION_KEY):
            return None
        if getattr(view_func, "egide_mfa_exempt", False):
            return None
        policy = policy_of(view_func, request.method or "GET")
        if policy is not None and policy.audience in {Audience.PUBLIC, Audience.ANONYMOUS_FLOW}:
            return None
        from egide.accounts.selectors import user_requires_mfa

        if not user_requires_mfa(user=user, now=SYSTEM_CLOCK.now()):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "code": "mfa_required",
                        "message": "Enrol two-factor authentication before using the API with a session.",
                        "fields": {},
                    }
                },
                status=403,
            )
        return redirect("accounts:mfa_enrol")


def mfa_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    view.egide_mfa_exempt = True  # type: ignore[attr-defined]
    return view
