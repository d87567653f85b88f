"""Editing an organisation's wording of a letter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(
        label=_("Body"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "monospace"}),
        max_length=50000,
        help_text=_("Django template language, for example {{ request.reference }}."),
    )
