"""Forms of the sign-in pages: password, second factor, password reset, preferences."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egide.accounts import mfa
from egide.accounts.models import User


class LoginForm(forms.Form):
    error_css_class = "field-error"

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    """The second sign-in step: an authenticator code or a recovery code."""

    error_css_class = "field-error"

    code = forms.CharField(
        label=_("Authentication code"),
        max_length=32,
        help_text=_(
            "The 6-digit code shown by your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )


class TotpCodeForm(forms.Form):
    """A current code of the authenticator app (enrolment, new recovery codes)."""

    error_css_class = "field-error"

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        help_text=_("6 digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not mfa.looks_like_totp(code):
            raise ValidationError(_("Enter the 6 digits shown by your authenticator app."))
        return mfa.normalise_code(code)


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, also for accounts created without a password (an operator created the
    account and the person chooses their password through the emailed link)."""

    def get_users(self, email: str) -> Iterator[User]:
        wanted = email.strip().lower()
        users = User.objects.filter(email__iexact=wanted, is_active=True)
        return (user for user in users if user.email.lower() == wanted)


def _language_choices() -> list[tuple[str, Any]]:
    return [("", _("Same as my browser")), *settings.LANGUAGES]


class LanguageForm(forms.Form):
    error_css_class = "field-error"

    language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        choices=_language_choices,
        help_text=_("Used for the pages and emails once you are signed in."),
    )
