"""Template filters of the rights pages."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from egide.rights.letters.phrases import cite as _cite

register = template.Library()


@register.filter
def cite(source: str) -> str:
    """A legal citation in the page's language: "GDPR Art. 15" reads "RGPD, art. 15" in French."""
    language = (get_language() or "fr").split("-")[0]
    return _cite(str(source), language)
