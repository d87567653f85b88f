"""Letters to requesters: default wording per kind and language, the context they read, the PDF.

The services that issue and archive letters are in :mod:`egide.rights.services.letters`.
"""

from egide.rights.letters.context import letter_context
from egide.rights.letters.engine import (
    LetterSource,
    LetterTemplateError,
    RenderedLetter,
    compile_template,
    default_source,
    render_letter,
)
from egide.rights.letters.phrases import LANGUAGES, letter_language

__all__ = [
    "LANGUAGES",
    "LetterSource",
    "LetterTemplateError",
    "RenderedLetter",
    "compile_template",
    "default_source",
    "letter_context",
    "letter_language",
    "render_letter",
]
