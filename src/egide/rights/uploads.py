"""Checks of an uploaded proof of identity or standing: size, and type read from the CONTENT (PDF, JPEG,
PNG), which the file name's extension must agree with. Images must decode (Pillow). A refused file is
never stored: the caller validates first, then writes.

Minimisation and security (GDPR Art. 5(1)(c), 32): only the formats a scan or a phone photo comes in.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MiB
# A PDF starts with its header and ends with the %%EOF marker (ISO 32000-1, 7.5.2 and 7.5.5); writers may
# leave a few bytes (line ends, padding) after it.
PDF_HEADER = b"%PDF-"
PDF_TRAILER = b"%%EOF"
PDF_TRAILER_WINDOW = 1024
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Larger images are refused (decompression bombs).
MAX_IMAGE_PIXELS = 50_000_000


@dataclass(frozen=True)
class FileKind:
    name: str  # shown in messages
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", (".pdf",))
JPEG = FileKind("JPEG", "image/jpeg", (".jpg", ".jpeg"))
PNG = FileKind("PNG", "image/png", (".png",))
ACCEPTED_KINDS = (PDF, JPEG, PNG)
ACCEPTED_EXTENSIONS = tuple(ext for kind in ACCEPTED_KINDS for ext in kind.extensions)


class UploadRefused(ValueError):
    """The file was refused; ``message`` says why, for the person who sent it."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedUpload:
    filename: str
    content_type: str
    size: int


def safe_filename(filename: str) -> str:
    """The base name only (no directories), without control characters, at most 255 characters."""
    base = os.path.basename(filename.replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    if len(base) > 255:
        stem, ext = os.path.splitext(base)
        base = stem[: 255 - len(ext)] + ext
    return base or "document"


def sniff(content: bytes) -> FileKind | None:
    """The kind the content really is, from its bytes (None: none of the accepted kinds)."""
    if content.startswith(PDF_HEADER) and PDF_TRAILER in content[-PDF_TRAILER_WINDOW:]:
        return PDF
    if content.startswith(JPEG_MAGIC):
        return JPEG
    if content.startswith(PNG_MAGIC):
        return PNG
    return None


def _image_decodes(content: bytes, kind: FileKind) -> bool:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != kind.name:
                    return False
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return False
                image.verify()
            # verify() checks the structure; load() decodes the pixels (a truncated file fails here).
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except Exception:  # noqa: BLE001  (Pillow raises many kinds of errors on a bad file)
        return False
    return True


def check_upload(*, filename: str, content: bytes) -> CheckedUpload:
    """Accept a PDF, JPEG or PNG file up to :data:`MAX_UPLOAD_BYTES` whose name agrees with its content;
    raise :class:`UploadRefused` (a clear, translated message) otherwise."""
    name = safe_filename(filename)
    size = len(content)
    if size == 0:
        raise UploadRefused(_("This file is empty."), "empty")
    if size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("This file is too large (%(size)s): the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            "too_large",
        )
    extension = os.path.splitext(name)[1].lower()
    claimed = next((kind for kind in ACCEPTED_KINDS if extension in kind.extensions), None)
    if claimed is None:
        raise UploadRefused(
            _(
                "Only PDF, JPEG and PNG files are accepted (names ending in .pdf, .jpg, .jpeg or .png)."
            ),
            "type",
        )
    actual = sniff(content)
    if actual is not claimed:
        if claimed is PDF:
            message = _("This file is not a PDF, although its name ends in %(extension)s.")
        else:
            message = _(
                "This file is not a %(kind)s image, although its name ends in %(extension)s."
            )
        raise UploadRefused(
            message % {"kind": claimed.name, "extension": extension}, "content_mismatch"
        )
    if actual in (JPEG, PNG) and not _image_decodes(content, actual):
        raise UploadRefused(_("This image is damaged and cannot be read."), "damaged")
    return CheckedUpload(filename=name, content_type=actual.content_type, size=size)
