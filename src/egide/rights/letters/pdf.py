"""A letter as a PDF (WeasyPrint), laid out like a French administrative letter: the organisation and
its DPO's contact, the addressee, place and date, reference and subject, then the body.

Like the printable register (:mod:`egide.registry.exchange.formats.pdf`), the layout is a standalone HTML
template with its own print stylesheet, fonts come from the system (DejaVu, Liberation), and nothing is
fetched: the URL fetcher refuses every URL, so neither the layout nor a letter's text can make the
server call out (hospital networks are closed, and a letter must not leak to a third party).

The body is plain text (the rendered template); it is escaped here. Paragraphs are separated by a blank
line; lines starting with ``- `` form a list, ``  - `` (indented) a list inside the previous item.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine

from egide.rights.letters.phrases import TEXT

LAYOUT_DIR = Path(__file__).resolve().parent / "templates" / "layout"
_LAYOUT_ENGINE = Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True)


class RemoteResourceRefused(ValueError):
    """A letter tried to load a resource: letters are rendered offline."""


def _offline_fetcher() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing (WeasyPrint >= 67 takes a ``URLFetcher``)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint 66: a plain function

        def refuse(url: str, *args: Any, **kwargs: Any) -> Any:
            raise RemoteResourceRefused(f"letters load no resource ({url[:80]})")

        return refuse

    class OfflineFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise RemoteResourceRefused(f"letters load no resource ({url[:80]})")

    return OfflineFetcher()


def body_blocks(body: str) -> list[dict[str, Any]]:
    """The body as paragraphs (lists of lines) and lists (items with sub-items)."""
    blocks: list[dict[str, Any]] = []
    for chunk in body.strip().split("\n\n"):
        current: dict[str, Any] | None = None
        for raw in chunk.splitlines():
            line = raw.rstrip()
            if not line.strip():
                continue
            if line.startswith("  - ") and current is not None and current["kind"] == "list":
                current["items"][-1]["children"].append(line[4:].strip())
            elif line.startswith("- "):
                if current is None or current["kind"] != "list":
                    current = {"kind": "list", "items": []}
                    blocks.append(current)
                current["items"].append({"text": line[2:].strip(), "children": []})
            else:
                if current is None or current["kind"] != "paragraph":
                    current = {"kind": "paragraph", "lines": []}
                    blocks.append(current)
                current["lines"].append(line.strip())
    return blocks


@cache
def _layout() -> tuple[Any, str]:
    html = (LAYOUT_DIR / "letter.html").read_text("utf-8")
    return _LAYOUT_ENGINE.from_string(html), (LAYOUT_DIR / "letter.css").read_text("utf-8")


def letter_html(*, subject: str, body: str, context: Mapping[str, Any]) -> str:
    """The letter's HTML (escaped): the layout around ``body``."""
    template, _css = _layout()
    language = str(context.get("language", "fr"))
    values = {
        **context,
        "subject": subject,
        "blocks": body_blocks(body),
        "labels": TEXT.get(language, TEXT["fr"]),
    }
    return str(template.render(Context(values)))


def letter_pdf(*, subject: str, body: str, context: Mapping[str, Any]) -> bytes:
    """The letter as PDF bytes."""
    from weasyprint import CSS, HTML

    _template, css = _layout()
    fetcher = _offline_fetcher()
    html = letter_html(subject=subject, body=body, context=context)
    document: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)]
    )
    return document
