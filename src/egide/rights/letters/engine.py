"""Letter templates: Egide's defaults per kind and language, rendered with a locked-down template engine.

A template is plain text in Django's template language. Its first line of a default file is
``Subject: ...``; the rest is the body. The engine has Django's default tags and filters only (no
``{% load %}``-able library, no loader for ``{% include %}`` or ``{% extends %}``), no autoescaping (the
output is plain text, escaped later by the PDF layout), and receives plain read-only values
(:func:`egide.rights.letters.context.letter_context`), so a template edited by an organisation can only
rearrange what the letter is meant to say.

A line holding nothing but template tags leaves no blank line behind, so loops and conditions can sit on
lines of their own; more than one blank line in a row is folded into one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.defaulttags import DebugNode

from egide.rights.choices import LetterKind
from egide.rights.letters.phrases import LANGUAGES

DEFAULTS_DIR = Path(__file__).resolve().parent / "templates"
SUBJECT_PREFIX = "Subject:"
_TAG_ONLY_LINE = re.compile(r"^[ \t]*((?:\{%[^\n]*?%\}[ \t]*)+)\r?\n", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")

# Django's default tags and filters, nothing else; invalid variables print nothing.
ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    autoescape=False,
    debug=False,
    string_if_invalid="",
)


class LetterTemplateError(ValueError):
    """A template that cannot be compiled; the message says where."""


@dataclass(frozen=True)
class LetterSource:
    """A letter's wording before rendering: Egide's default or the organisation's own."""

    kind: str
    language: str
    subject: str
    body: str
    is_default: bool


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    body: str


def _trim(source: str) -> str:
    return _TAG_ONLY_LINE.sub(r"\1", source.replace("\r\n", "\n"))


def _tidy(text: str) -> str:
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return _BLANK_LINES.sub("\n\n", lines)


def compile_template(source: str) -> Any:
    """The compiled template, or :class:`LetterTemplateError` naming the syntax error."""
    try:
        template = ENGINE.from_string(_trim(source))
    except TemplateSyntaxError as exc:
        raise LetterTemplateError(str(exc)) from exc
    if template.nodelist.get_nodes_by_type(DebugNode):
        raise LetterTemplateError("The {% debug %} tag cannot be used in a letter.")
    return template


def render_text(source: str, context: Mapping[str, Any]) -> str:
    return _tidy(compile_template(source).render(Context(dict(context), autoescape=False)))


def render_letter(source: LetterSource, context: Mapping[str, Any]) -> RenderedLetter:
    subject = " ".join(render_text(source.subject, context).split())
    return RenderedLetter(subject=subject, body=render_text(source.body, context))


def parse_default(text: str) -> tuple[str, str]:
    """(subject, body) of a default file: ``Subject: ...`` on the first line, the body after it."""
    first, _, rest = text.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise ValueError(f"a letter template starts with {SUBJECT_PREFIX!r}")
    return first.removeprefix(SUBJECT_PREFIX).strip(), rest.strip("\n") + "\n"


@cache
def default_source(kind: str, language: str) -> LetterSource:
    """Egide's default wording of ``kind`` in ``language``."""
    if kind not in LetterKind.values or language not in LANGUAGES:
        raise KeyError(f"no default letter {kind!r} in {language!r}")
    subject, body = parse_default((DEFAULTS_DIR / language / f"{kind}.txt").read_text("utf-8"))
    return LetterSource(kind=kind, language=language, subject=subject, body=body, is_default=True)
