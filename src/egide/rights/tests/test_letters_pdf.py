"""Issuing a letter: a real PDF (text readable with poppler's pdftotext), archived encrypted with the
request, on the status page, in the timeline and the audit trail, emailed after commit when the
requester asked for an electronic answer; rendered offline, the requester's text escaped."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.rights.choices import LetterKind, RefusalGround, Right, TimelineKind
from egide.rights.letters.pdf import (
    RemoteResourceRefused,
    _offline_fetcher,
    body_blocks,
    letter_html,
)
from egide.rights.models import IssuedDocument, TimelineEntry
from egide.rights.services.letters import issued_document_read, letter_issue
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str | None:
    """The PDF's text with pdftotext, or None where poppler is not installed (header checked instead)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    result = subprocess.run([tool, str(path), "-"], check=True, capture_output=True, text=True)  # noqa: S603
    return " ".join(result.stdout.split())


@pytest.fixture
def request_(organisation):
    return RightsRequestFactory(
        organisation=organisation,
        reference="DR-2026-00012",
        requester_first_name="<b>Zoé</b>",
        requester_last_name="Martin",
        requester_address="12 rue des Lilas\n69003 Lyon",
    )


def queued_sends() -> list[int]:
    rows = DBTaskResult.objects.filter(task_path__endswith=".send_issued_document")
    return [row.args_kwargs["args"][0] for row in rows]


def test_an_issued_letter_is_a_pdf_archived_with_the_request(
    organisation, dpo, request_, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = letter_issue(
            actor=dpo, request=request_, kind=LetterKind.ACKNOWLEDGEMENT, clock=FrozenClock()
        )

    document.refresh_from_db()
    content = bytes(document.content)
    assert content.startswith(b"%PDF-")
    assert document.filename == "DR-2026-00012-acknowledgement-fr.pdf"
    assert document.size == len(content) > 5000
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.title.startswith("Accusé de réception")
    assert document.on_status_page
    assert document.language == "fr"
    assert "DR-2026-00012" in document.body_text
    assert document.created_by == dpo
    text = pdf_text(content, tmp_path)
    if text is not None:
        assert "DR-2026-00012" in text
        assert "<b>Zoé</b> Martin" in text  # the requester's text is printed, never interpreted
        assert "12 rue des Lilas" in text
        assert "15 janvier 2026" in text
    entry = TimelineEntry.objects.get(request=request_, kind=TimelineKind.LETTER_ISSUED)
    assert entry.visible_to_requester
    assert entry.data["document"] == document.pk
    event = AuditEvent.objects.get(organisation=organisation, action="rights_letter.issue")
    assert event.after["sha256"] == document.sha256
    assert queued_sends() == [document.pk]


def test_the_pdf_is_encrypted_at_rest(dpo, request_):
    document = letter_issue(actor=dpo, request=request_, kind=LetterKind.ACKNOWLEDGEMENT)

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content FROM {IssuedDocument._meta.db_table} WHERE id = %s",  # noqa: S608
            [document.pk],
        )
        raw = bytes(cursor.fetchone()[0])
    assert b"%PDF" not in raw
    assert b"DR-2026-00012" not in raw


def test_a_refusal_prints_the_ground_and_the_remedies(organisation, dpo, tmp_path):
    request = RightsRequestFactory(
        organisation=organisation,
        language="en",
        right=Right.ERASURE,
        refusal_ground=RefusalGround.LEGAL_CLAIMS,
        refusal_reason="A liability claim about this stay is pending before the court.",
    )

    document = letter_issue(actor=dpo, request=request, kind=LetterKind.REFUSAL, send=False)

    assert document.filename.endswith("-refusal-en.pdf")
    text = pdf_text(bytes(document.content), tmp_path)
    if text is not None:
        assert "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07" in text
        assert "GDPR Art. 17(3)(e)" in text
        assert "A liability claim about this stay is pending" in text


@pytest.mark.parametrize(
    "fields", [{"electronic_answer": False}, {"requester_email": ""}], ids=["paper", "no-email"]
)
def test_no_email_is_queued_for_a_paper_answer_or_without_an_address(
    organisation, dpo, fields, django_capture_on_commit_callbacks
):
    request = RightsRequestFactory(organisation=organisation, **fields)

    with django_capture_on_commit_callbacks(execute=True):
        letter_issue(actor=dpo, request=request, kind=LetterKind.ACKNOWLEDGEMENT)
        letter_issue(actor=dpo, request=request, kind=LetterKind.ANSWER, send=False)

    assert queued_sends() == []


def test_reading_an_issued_letter_is_audited(organisation, dpo, request_):
    document = letter_issue(actor=dpo, request=request_, kind=LetterKind.ACKNOWLEDGEMENT)

    content = issued_document_read(actor=dpo, document=document)

    assert content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(
        organisation=organisation, action="rights_issued_document.view", object_id=str(document.pk)
    ).exists()


def test_letters_fetch_nothing_and_escape_their_text(request_):
    with pytest.raises(RemoteResourceRefused):
        _offline_fetcher()("http://127.0.0.1:9/tracker.png")

    html = letter_html(
        subject="Objet",
        body='<img src="http://127.0.0.1:9/x.png">',
        context={"language": "fr", "requester": {"name": "<script>"}},
    )

    assert "<img" not in html
    assert "<script>" not in html
    assert "&lt;img src=&quot;http://127.0.0.1:9/x.png&quot;&gt;" in html


def test_the_body_becomes_paragraphs_and_lists():
    body = "Madame,\nMonsieur,\n\nListe :\n- un\n  - un bis\n- deux\n\nFin."

    assert body_blocks(body) == [
        {"kind": "paragraph", "lines": ["Madame,", "Monsieur,"]},
        {"kind": "paragraph", "lines": ["Liste :"]},
        {
            "kind": "list",
            "items": [{"text": "un", "children": ["un bis"]}, {"text": "deux", "children": []}],
        },
        {"kind": "paragraph", "lines": ["Fin."]},
    ]
