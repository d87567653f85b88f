"""Upload checks read the content, not the name."""

from __future__ import annotations

import pytest

from egide.rights.tests.factories import PDF_BYTES, jpeg_bytes, png_bytes
from egide.rights.uploads import MAX_UPLOAD_BYTES, UploadRefused, check_upload, safe_filename, sniff


def test_accepted_kinds():
    assert check_upload(filename="a.pdf", content=PDF_BYTES).content_type == "application/pdf"
    assert check_upload(filename="a.JPEG", content=jpeg_bytes()).content_type == "image/jpeg"
    assert check_upload(filename="a.png", content=png_bytes()).content_type == "image/png"


def test_pdf_needs_header_and_trailer():
    assert sniff(PDF_BYTES) is not None
    assert sniff(PDF_BYTES.replace(b"%%EOF", b"")) is None
    assert sniff(b"junk" + PDF_BYTES) is None


@pytest.mark.parametrize(
    ("filename", "content", "code"),
    [
        ("renamed.pdf", b"GIF89a....", "content_mismatch"),
        ("renamed.pdf", "jpeg", "content_mismatch"),
        ("renamed.png", "jpeg", "content_mismatch"),
        ("truncated.jpg", "jpeg-truncated", "damaged"),
        ("a.gif", b"GIF89a", "type"),
        ("a.pdf", b"", "empty"),
        ("a.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES, "too_large"),
    ],
)
def test_refusals(filename, content, code):
    if content == "jpeg":
        content = jpeg_bytes()
    elif content == "jpeg-truncated":
        content = jpeg_bytes((64, 64))[:200]
    with pytest.raises(UploadRefused) as caught:
        check_upload(filename=filename, content=content)
    assert caught.value.code == code


def test_message_names_the_extension():
    with pytest.raises(UploadRefused) as caught:
        check_upload(filename="passport.pdf", content=png_bytes())
    assert caught.value.message == "This file is not a PDF, although its name ends in .pdf."


def test_safe_filename():
    assert safe_filename("../../etc/passwd.pdf") == "passwd.pdf"
    assert safe_filename("C:\\docs\\id\x00.pdf") == "id.pdf"
    assert len(safe_filename("a" * 400 + ".pdf")) == 255
    assert safe_filename("") == "document"
