"""Sign-in (password, then an authenticator or recovery code when enrolled), sign-out, password
reset by email and the profile page."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from egide.accounts import lockout
from egide.accounts.forms.auth import (
    LanguageForm,
    LoginForm,
    PasswordResetRequestForm,
    SecondFactorForm,
)
from egide.accounts.middleware import MFA_SESSION_KEY, mfa_exempt
from egide.accounts.models import User
from egide.accounts.selectors import (
    memberships_active_list,
    recovery_codes_unused_count,
    totp_device_confirmed_get,
)
from egide.accounts.services import mfa_code_check, user_language_set, user_password_reset
from egide.core.policies import ANONYMOUS_FLOW, AUTHENTICATED, declare
from egide.core.views import user_view

PENDING_LOGIN_KEY = "egide_pending_login"
PENDING_LOGIN_SECONDS = 5 * 60
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_ip(request: HttpRequest) -> str | None:
    """The client address: the socket's, or behind ``EGIDE_TRUSTED_PROXY_HOPS`` reverse proxies the
    address the outermost trusted proxy saw (X-Forwarded-For entries further left are client-made)."""
    hops = int(settings.EGIDE_TRUSTED_PROXY_HOPS)
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            candidate = chain[-hops]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # a misconfigured proxy: fall back to the socket address
    return request.META.get("REMOTE_ADDR") or None


def locked_message() -> str:
    return _(
        "Too many failed attempts: sign-in is suspended for %(minutes)s minutes. "
        "You can also reset your password by email."
    ) % {"minutes": settings.EGIDE_LOGIN_LOCKOUT_MINUTES}


def remember_language(response: HttpResponse, language: str) -> None:
    """Make ``language`` the interface language of this browser (the cookie LocaleMiddleware reads)."""
    if not language:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _complete_login(
    request: HttpRequest, user: User, *, method: str, next_url: str, mfa_passed: bool
) -> HttpResponse:
    lockout.login_success_record(
        user=user, ip_address=client_ip(request), method=method, clock=lockout.CLOCK
    )
    request.session.pop(PENDING_LOGIN_KEY, None)
    login(request, user, backend=MODEL_BACKEND)  # rotates the session key
    if mfa_passed:
        request.session[MFA_SESSION_KEY] = True
    response = redirect(next_url)
    if user.language:
        remember_language(response, user.language)
    return response


def _password_step(request: HttpRequest, form: LoginForm) -> HttpResponse | None:
    """Check the password; answer with the next step, or None after adding the error to ``form``."""
    now = lockout.CLOCK.now()
    email = lockout.normalise_email(form.cleaned_data["email"])
    ip_address = client_ip(request)
    if lockout.sign_in_blocked(email=email, ip_address=ip_address, now=now):
        form.add_error(None, locked_message())
        return None
    user = authenticate(request, username=email, password=form.cleaned_data["password"])
    if not isinstance(user, User):
        locked = lockout.login_failure_record(
            email=email, ip_address=ip_address, step="password", clock=lockout.CLOCK
        )
        form.add_error(
            None, locked_message() if locked else _("The email address or password is incorrect.")
        )
        return None
    next_url = _next_url(request)
    if totp_device_confirmed_get(user=user) is not None:
        request.session[PENDING_LOGIN_KEY] = {
            "user_id": user.pk,
            "started": now.timestamp(),
            "next": next_url,
        }
        return redirect("accounts:login_verify")
    return _complete_login(request, user, method="password", next_url=next_url, mfa_passed=False)


@declare(ANONYMOUS_FLOW)
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST) if request.method == "POST" else LoginForm()
    if request.method == "POST" and form.is_valid():
        response = _password_step(request, form)
        if response is not None:
            return response
    next_value = request.POST.get("next") or request.GET.get("next") or ""
    return render(request, "accounts/login.html", {"form": form, "next": next_value})


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """The user who passed the password step less than 5 minutes ago in this session, if any."""
    pending = request.session.get(PENDING_LOGIN_KEY)
    if not isinstance(pending, dict):
        return None
    user_id = pending.get("user_id")
    age = lockout.CLOCK.now().timestamp() - float(pending.get("started", 0))
    if not isinstance(user_id, int) or not 0 <= age <= PENDING_LOGIN_SECONDS:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or totp_device_confirmed_get(user=user) is None:
        return None
    return user, pending


def _back_to_login(request: HttpRequest, message: str) -> HttpResponse:
    request.session.pop(PENDING_LOGIN_KEY, None)
    messages.error(request, message)
    return redirect("accounts:login")


@declare(ANONYMOUS_FLOW)
@sensitive_post_parameters("code")
@never_cache
def login_verify_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    found = _pending_user(request)
    if found is None:
        return _back_to_login(request, _("Your sign-in has expired. Please sign in again."))
    user, pending = found
    now = lockout.CLOCK.now()
    ip_address = client_ip(request)
    if lockout.account_locked(user=user, now=now) or lockout.address_throttled(
        ip_address=ip_address, now=now
    ):
        return _back_to_login(request, locked_message())
    form = SecondFactorForm(request.POST) if request.method == "POST" else SecondFactorForm()
    if request.method == "POST" and form.is_valid():
        method = mfa_code_check(user=user, code=form.cleaned_data["code"], clock=lockout.CLOCK)
        if method is not None:
            response = _complete_login(
                request, user, method=method, next_url=pending["next"], mfa_passed=True
            )
            if method == "recovery_code":
                left = recovery_codes_unused_count(user=user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(count)s remain. "
                        "Generate new ones from your profile if you lost your authenticator."
                    )
                    % {"count": left},
                )
            return response
        locked = lockout.login_failure_record(
            email=user.email, ip_address=ip_address, step="mfa", clock=lockout.CLOCK
        )
        if locked:
            return _back_to_login(request, locked_message())
        form.add_error("code", _("This code is not valid, or it was already used."))
    return render(request, "accounts/login_verify.html", {"form": form})


@require_POST
@mfa_exempt
@declare(AUTHENTICATED)
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only). An anonymous visitor is simply sent to the sign-in page."""
    if request.user.is_authenticated:
        logout(request)
        messages.info(request, _("You are signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@declare(ANONYMOUS_FLOW)
def password_reset_view(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    if request.method == "POST":
        form = PasswordResetRequestForm(request.POST)
        if form.is_valid():
            form.save(
                request=request,
                use_https=request.is_secure(),
                subject_template_name="accounts/password_reset_subject.txt",
                email_template_name="accounts/password_reset_email.txt",
            )
            return redirect("accounts:password_reset_done")
    else:
        form = PasswordResetRequestForm()
    return render(request, "accounts/password_reset_form.html", {"form": form})


@declare(ANONYMOUS_FLOW)
def password_reset_done_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_done.html")


class PasswordResetConfirm(PasswordResetConfirmView):
    """Django's link checks (token moved out of the URL into the session), with the new password set
    through :func:`user_password_reset`, which also lifts a lockout and records the change."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: Any) -> HttpResponse:
        user_password_reset(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            ip_address=client_ip(self.request),
            clock=lockout.CLOCK,
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        messages.success(self.request, _("Your password has been changed. You can sign in now."))
        return HttpResponseRedirect(self.get_success_url())


password_reset_confirm_view = declare(ANONYMOUS_FLOW)(PasswordResetConfirm.as_view())


@user_view
def profile_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            try:
                user_language_set(actor=user, user=user, language=form.cleaned_data["language"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your preferences have been saved."))
                response = redirect("accounts:profile")
                remember_language(response, user.language)
                return response
    else:
        form = LanguageForm(initial={"language": user.language})
    device = totp_device_confirmed_get(user=user)
    context = {
        "form": form,
        "device": device,
        "recovery_codes_left": recovery_codes_unused_count(user=user) if device else 0,
        "memberships": memberships_active_list(user=user, now=lockout.CLOCK.now()),
    }
    return render(request, "accounts/profile.html", context)
