"""Legal citations read in the page's language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load rights_tags %}{{ source|cite }}")


def render(source: str, language: str) -> str:
    with translation.override(language):
        return TEMPLATE.render(Context({"source": source}))


def test_citations_follow_the_page_language():
    assert render("GDPR Art. 6(1)(c), Art. 12-22; CSP L.1111-7", "en") == (
        "GDPR Art. 6(1)(c), Art. 12-22; CSP L.1111-7"
    )
    french = render("GDPR Art. 6(1)(c), Art. 12-22; CSP L.1111-7", "fr")
    assert french.startswith("RGPD, art. 6(1)(c)")
    assert "code de la santé publique, art. L.1111-7" in french
    assert "GDPR" not in french
