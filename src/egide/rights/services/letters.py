"""Letters of rights requests: rendering, PDF, archive, and the organisations' own wording.

A letter is rendered from the organisation's :class:`LetterTemplate` for its kind and the request's
language, or from Egide's default (:mod:`egide.rights.letters`), turned into a PDF and archived with the
request, encrypted at rest (:class:`IssuedDocument`), where the requester finds it on the status page.
When the requester asked for an electronic answer (GDPR Art. 12(3)) it is also emailed, after commit
(:func:`egide.rights.emails.issued_document_email_send`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.tasks import enqueue_on_commit
from egide.rights.choices import LetterKind, TimelineKind
from egide.rights.letters.context import letter_context
from egide.rights.letters.engine import (
    LetterSource,
    LetterTemplateError,
    RenderedLetter,
    compile_template,
    default_source,
    render_letter,
    render_text,
)
from egide.rights.letters.pdf import letter_pdf
from egide.rights.letters.phrases import LANGUAGES, letter_language
from egide.rights.models import IssuedDocument, LetterTemplate, RightsRequest
from egide.rights.services._common import RightsError, actor_user, timeline_add

__all__ = [
    "RenderedLetter",
    "issued_document_read",
    "letter_issue",
    "letter_render",
    "letter_source",
    "letter_sources",
    "letter_template_reset",
    "letter_template_save",
]

_UNSAFE_IN_FILENAME = re.compile(r"[^A-Za-z0-9_-]+")


def letter_source(*, organisation: Organisation, kind: str, language: str) -> LetterSource:
    """The wording the organisation uses for ``kind`` in ``language``: its own, else Egide's default."""
    language = letter_language(language)
    own = (
        LetterTemplate.objects.for_organisation(organisation)
        .filter(kind=kind, language=language)
        .first()
    )
    if own is None:
        return default_source(kind, language)
    return LetterSource(
        kind=kind, language=language, subject=own.subject, body=own.body, is_default=False
    )


def letter_sources(*, organisation: Organisation) -> list[LetterSource]:
    """Every letter in every language, the organisation's wording where it has one (one query)."""
    own = {(t.kind, t.language): t for t in LetterTemplate.objects.for_organisation(organisation)}
    sources = []
    for kind in LetterKind.values:
        for language in LANGUAGES:
            row = own.get((kind, language))
            sources.append(
                default_source(kind, language)
                if row is None
                else LetterSource(kind, language, row.subject, row.body, is_default=False)
            )
    return sources


def _render(
    request: RightsRequest,
    kind: str,
    language: str,
    extra: Mapping[str, Any] | None,
    clock: Clock,
) -> tuple[RenderedLetter, Mapping[str, Any]]:
    if kind not in LetterKind.values:
        raise RightsError.on("kind", _("Unknown letter."))
    source = letter_source(organisation=request.organisation, kind=kind, language=language)
    context = letter_context(
        request=request, kind=kind, language=language, extra=extra, clock=clock
    )
    try:
        with translation.override(language):
            return render_letter(source, context), context
    except LetterTemplateError as exc:
        raise RightsError(
            _("The organisation's template of this letter cannot be used: %(error)s")
            % {"error": exc},
            code="template",
        ) from exc


def letter_render(
    *,
    request: RightsRequest,
    kind: str,
    language: str | None = None,
    extra: Mapping[str, Any] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> RenderedLetter:
    """The letter's subject and body text, in ``language`` (default: the request's language)."""
    rendered, _context = _render(
        request, kind, letter_language(language or request.language), extra, clock
    )
    return rendered


def _filename(request: RightsRequest, kind: str, language: str) -> str:
    reference = _UNSAFE_IN_FILENAME.sub("-", request.reference).strip("-") or str(request.pk)
    return f"{reference}-{kind}-{language}.pdf"


def letter_issue(
    *,
    actor: Actor | User,
    request: RightsRequest,
    kind: str,
    clock: Clock = SYSTEM_CLOCK,
    send: bool = True,
    extra: Mapping[str, Any] | None = None,
) -> IssuedDocument:
    """Render, print to PDF and archive a letter for ``request``; email it after commit when the
    requester has an address and asked for an electronic answer (GDPR Art. 12(3))."""
    language = letter_language(request.language)
    rendered, context = _render(request, kind, language, extra, clock)
    content = letter_pdf(subject=rendered.subject, body=rendered.body, context=context)
    with transaction.atomic():
        document = IssuedDocument.objects.create(
            organisation_id=request.organisation_id,
            request=request,
            letter_kind=kind,
            title=rendered.subject[:255],
            language=language,
            filename=_filename(request, kind, language),
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            body_text=rendered.body,
            created_at=clock.now(),
            created_by=actor_user(actor),
            on_status_page=True,
        )
        timeline_add(
            request=request,
            kind=TimelineKind.LETTER_ISSUED,
            actor=actor,
            clock=clock,
            message=document.title,
            data={"document": document.pk, "letter": kind, "language": language},
            visible_to_requester=True,
        )
        audit_record(
            actor=actor,
            organisation=request.organisation,
            action="rights_letter.issue",
            obj=document,
            after={
                "request": request.reference,
                "letter": kind,
                "language": language,
                "filename": document.filename,
                "size": document.size,
                "sha256": document.sha256,
            },
            clock=clock,
        )
        if send and request.requester_email and request.electronic_answer:
            from egide.rights.tasks import send_issued_document

            enqueue_on_commit(send_issued_document, document.pk)
    return document


def issued_document_read(
    *, actor: Actor | User, document: IssuedDocument, clock: Clock = SYSTEM_CLOCK
) -> bytes:
    """The PDF of an issued letter; every read by staff is audited."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            organisation=document.request.organisation,
            action="rights_issued_document.view",
            obj=document,
            clock=clock,
        )
    return bytes(document.content)


def _check_template(kind: str, language: str, subject: str, body: str) -> None:
    if kind not in LetterKind.values:
        raise RightsError.on("kind", _("Unknown letter."))
    if language not in LANGUAGES:
        raise RightsError.on("language", _("Letters are written in French or English."))
    for field, text, limit in (("subject", subject, 255), ("body", body, 100_000)):
        if not text.strip():
            raise RightsError.on(field, _("This field cannot be empty."), code="required")
        if len(text) > limit:
            raise RightsError.on(field, _("This text is too long."), code="max_length")
        try:
            compile_template(text)
            render_text(text, {})  # catches what only fails when rendered ({% include %}...)
        except Exception as exc:  # noqa: BLE001 - any failure means the template is unusable
            raise RightsError.on(
                field, _("This template has an error: %(error)s") % {"error": exc}, code="syntax"
            ) from exc


def _template_audit(template: LetterTemplate | None) -> dict[str, Any] | None:
    if template is None:
        return None
    return {
        "kind": template.kind,
        "language": template.language,
        "subject": template.subject,
        "body_sha256": hashlib.sha256(template.body.encode()).hexdigest(),
    }


def letter_template_save(
    *,
    actor: Actor | User,
    organisation: Organisation,
    kind: str,
    language: str,
    subject: str,
    body: str,
    clock: Clock = SYSTEM_CLOCK,
) -> LetterTemplate:
    """Save the organisation's wording of a letter; a template that does not compile is refused."""
    subject, body = subject.strip(), body.strip() + "\n"
    _check_template(kind, language, subject, body)
    with transaction.atomic():
        template = (
            LetterTemplate.objects.for_organisation(organisation)
            .select_for_update()
            .filter(kind=kind, language=language)
            .first()
        )
        before = _template_audit(template)
        if template is None:
            template = LetterTemplate(organisation=organisation, kind=kind, language=language)
        template.subject, template.body = subject, body
        template.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="rights_letter_template.save",
            obj=template,
            before=before,
            after=_template_audit(template),
            clock=clock,
        )
    return template


def letter_template_reset(
    *,
    actor: Actor | User,
    organisation: Organisation,
    kind: str,
    language: str,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Go back to Egide's default wording (nothing to do when the organisation has none of its own)."""
    with transaction.atomic():
        template = (
            LetterTemplate.objects.for_organisation(organisation)
            .select_for_update()
            .filter(kind=kind, language=language)
            .first()
        )
        if template is None:
            return
        before = _template_audit(template)
        audit_record(
            actor=actor,
            organisation=organisation,
            action="rights_letter_template.reset",
            obj=template,
            before=before,
            clock=clock,
        )
        template.delete()
