"""The printable register renders readable pages: a summary page, then one sheet per activity with the
CNIL template's sections, in French or English (rendered with poppler's pdftoppm and pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import skip_or_fail
from django.utils import translation

from egide.core.clock import FrozenClock
from egide.registry.exchange import register_export
from egide.registry.tests.exchange_register import ACTOR
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    DpoDesignationFactory,
    ProcessingActivityFactory,
    PurposeFactory,
)

pytestmark = pytest.mark.django_db
NAMES = ("Gestion des admissions", "Vidéoprotection du parking", "Paie des agents")
SECTIONS = (
    "Record of processing activities (GDPR Art. 30)",
    "Data protection officer",
    "Purposes of the processing",
    "Categories of data subjects",
    "Categories of personal data and retention periods",
    "Sensitive data",
    "Categories of recipients",
    "Transfers outside the European Union",
    "Security measures",
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        skip_or_fail(f"{name} not found (apt-get install poppler-utils)")
    return str(path)


@pytest.fixture
def register(organisation):
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:  # WeasyPrint loads Pango when imported
        skip_or_fail(f"WeasyPrint cannot load Pango: {exc}")
    DpoDesignationFactory(organisation=organisation, person_name="Camille Martin")
    for number, name in enumerate(NAMES, start=1):
        activity = ProcessingActivityFactory(
            organisation=organisation, reference=f"T-{number:03d}", name=name
        )
        PurposeFactory(activity=activity, is_main=True, description=f"Purpose of {name}")
        ActivityDataCategoryFactory(activity=activity)
        ActivitySecurityMeasureFactory(activity=activity, measure="backup")
    return organisation


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_has_a_summary_page_and_a_sheet_per_activity(register, tmp_path, language):
    pdftoppm, pdftotext = _tool("pdftoppm"), _tool("pdftotext")
    exported = register_export(
        actor=ACTOR, organisation=register, format="pdf", language=language, clock=FrozenClock()
    )
    pdf = tmp_path / "register.pdf"
    pdf.write_bytes(exported.content)

    subprocess.run([pdftoppm, "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S603
    pages = sorted(Path(tmp_path).glob("page-*.png"))
    assert len(pages) == 1 + len(NAMES)
    assert all(page.stat().st_size > 1000 for page in pages)

    text = subprocess.run(  # noqa: S603
        [pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    with translation.override(language):
        titles = [translation.gettext(title) for title in SECTIONS]
    words = " ".join(text.split()).casefold()  # the kicker is printed in capitals
    for expected in (*NAMES, "Camille Martin", "CHU de Test", *titles):
        assert " ".join(expected.split()).casefold() in words, expected
    sheets = text.split("\f")
    for number, name in enumerate(NAMES, start=1):
        assert name in sheets[number]
