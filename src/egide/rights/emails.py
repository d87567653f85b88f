"""Emails of rights requests: the portal's confirmation link, issued letters, deadline reminders.

Called by the tasks (:mod:`egide.rights.tasks`) with ids, after commit; each returns whether an email
went out. Requesters are written to in their request's language, staff in their own.

Email is not a secure channel for health data (CSP L.1110-4, GDPR Art. 32). Letters that carry none (the
acknowledgement, the request for proof and the extension notice) travel as PDF attachments; answers,
which may reveal health data or the very fact of care, do not: the email only says a letter is waiting
and gives the signed link to the request's status page, where the requester downloads it over HTTPS.
Reminders to staff name the request's reference and deadline, never the person.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, Organisation, User
from egide.accounts.roles import Role
from egide.core.audit import Actor, audit_record
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.rights.choices import RIGHT_ARTICLE, LetterKind, RequestStatus, Right, TimelineKind
from egide.rights.letters.context import day, dpo_contact
from egide.rights.letters.phrases import letter_language
from egide.rights.models import IssuedDocument, RightsRequest
from egide.rights.status_links import status_token_for

EMAIL_ACTOR = Actor.system("rights.email")
# Letters without health data, sent as attachments; any other letter is fetched from the status page.
ATTACHABLE_LETTERS = frozenset(
    {LetterKind.ACKNOWLEDGEMENT, LetterKind.PROOF_REQUEST, LetterKind.EXTENSION_NOTICE}
)
# Who hears about a deadline when nobody is assigned: the DPO team.
REMINDED_ROLES = (Role.DPO, Role.DPO_ASSISTANT)


def public_url(path: str) -> str:
    """An absolute link to ``path`` on Egide's public address (``EGIDE_PUBLIC_URL``)."""
    return str(settings.EGIDE_PUBLIC_URL).rstrip("/") + path


def status_url(request: RightsRequest) -> str:
    """The requester's signed link to the status page of ``request``."""
    kwargs = {"org": request.organisation.slug, "token": status_token_for(request)}
    return public_url(reverse("rights_portal:status", kwargs=kwargs))


def _moment(value: datetime, language: str) -> str:
    with translation.override(language):
        return date_format(value.astimezone(PARIS), "j F Y, H:i")


def _request(request_id: int) -> RightsRequest | None:
    # A task names its request by id only: the escape hatch, then everything through that request.
    return (
        RightsRequest.objects.all_organisations_unscoped()
        .select_related("organisation")
        .filter(pk=request_id)
        .first()
    )


def _reply_to(organisation: Organisation) -> list[str]:
    _name, email, _phone = dpo_contact(organisation)
    return [email] if email else []


def _message(
    *, subject: str, body: str, to: str, reply_to: list[str] | None = None
) -> EmailMessage:
    return EmailMessage(" ".join(subject.split()), body, to=[to], reply_to=reply_to)


def confirmation_email_send(*, request_id: int, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Email a portal requester a fresh one-time link confirming their address (any earlier link
    stops working). False when the request is gone, already confirmed or has no address."""
    from egide.rights.services import confirmation_token_issue

    request = _request(request_id)
    if request is None or not request.requester_email:
        return False
    if request.status != RequestStatus.AWAITING_CONFIRMATION:
        return False
    token = confirmation_token_issue(request=request, clock=clock)
    organisation = request.organisation
    language = letter_language(request.language)
    with translation.override(language):
        context = {
            "organisation": organisation.legal_name,
            "reference": request.reference,
            "right": Right(request.right).label,
            "article": RIGHT_ARTICLE.get(request.right, ""),
            "link": public_url(
                reverse("rights_portal:confirm", kwargs={"org": organisation.slug, "token": token})
            ),
            "expires": _moment(request.confirmation_expires_at, language)
            if request.confirmation_expires_at
            else "",
        }
        subject = _("Confirm your request to %(organisation)s (%(reference)s)") % context
        body = render_to_string("rights/emails/confirmation.txt", context)
    reply_to = _reply_to(organisation)
    _message(subject=subject, body=body, to=request.requester_email, reply_to=reply_to).send()
    return True


def status_link_email_send(*, request_id: int) -> bool:
    """Email the requester the current link to their status page (links sent before stop working).
    False when the request is gone or has no address."""
    request = _request(request_id)
    if request is None or not request.requester_email:
        return False
    organisation = request.organisation
    with translation.override(letter_language(request.language)):
        context = {
            "organisation": organisation.legal_name,
            "reference": request.reference,
            "link": status_url(request),
        }
        subject = _("Your request %(reference)s: new link to follow it") % context
        body = render_to_string("rights/emails/status_link.txt", context)
    reply_to = _reply_to(organisation)
    _message(subject=subject, body=body, to=request.requester_email, reply_to=reply_to).send()
    return True


def issued_document_email_send(*, document_id: int, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Email an issued letter to its requester, once: the PDF attached when it holds no health data,
    the status-page link otherwise. False when already sent, or when the requester has no address or
    asked for an answer on paper."""
    with transaction.atomic():
        document = (
            IssuedDocument.objects.all_organisations_unscoped()
            .select_for_update()
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.emailed_at is not None:
            return False
        request = document.request
        if not (request.requester_email and request.electronic_answer):
            return False
        attached = document.letter_kind in ATTACHABLE_LETTERS
        organisation = request.organisation
        language = letter_language(document.language or request.language)
        with translation.override(language):
            context = {
                "organisation": organisation.legal_name,
                "reference": request.reference,
                "title": document.title,
                "issued_on": day(document.created_at, language),
                "status_url": status_url(request),
                "attached": attached,
            }
            body = render_to_string("rights/emails/issued_document.txt", context)
        message = _message(
            subject=document.title, body=body, to=request.requester_email,
            reply_to=_reply_to(organisation),
        )  # fmt: skip
        if attached:
            message.attach(document.filename, bytes(document.content), document.content_type)
        message.send()
        document.emailed_at = clock.now()
        document.save(update_fields=["emailed_at"])
        _record_sent(document, request, attached=attached, clock=clock)
    return True


def _record_sent(
    document: IssuedDocument, request: RightsRequest, *, attached: bool, clock: Clock
) -> None:
    from egide.rights.services import timeline_add

    timeline_add(
        request=request,
        kind=TimelineKind.LETTER_SENT,
        actor=EMAIL_ACTOR,
        clock=clock,
        message=document.title,
        data={"document": document.pk, "attached": attached},
        visible_to_requester=True,
    )
    audit_record(
        actor=EMAIL_ACTOR,
        organisation=request.organisation,
        action="rights_letter.email",
        obj=document,
        after={"request": request.reference, "attached": attached},
        clock=clock,
    )


def _reminded(request: RightsRequest, now: datetime) -> list[User]:
    if request.assigned_to is not None and request.assigned_to.is_active:
        return [request.assigned_to]
    memberships = (
        Membership.objects.filter(
            organisation_id=request.organisation_id,
            role__in=REMINDED_ROLES,
            revoked_at__isnull=True,
            user__is_active=True,
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("user")
        .order_by("user__email")
    )
    return [m.user for m in memberships]


def reminder_email_send(
    *, request_id: int, deadline: date, days_before: int, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """Remind the request's assignee (else the organisation's DPO team) of a deadline ``days_before``
    days ahead (negative: an overdue notice). The email counts the days from today. False when there
    is nobody to tell."""
    request = _request(request_id)
    if request is None:
        return False
    recipients = _reminded(request, clock.now())
    # Counted from today (Europe/Paris): a reminder sent late says how far the deadline really is.
    left = (deadline - clock.now().astimezone(PARIS).date()).days
    overdue = days_before < 0 or left < 0
    consistent = (left < 0) == overdue
    days = abs(left) if consistent else abs(days_before)
    link = public_url(
        reverse(
            "rights:detail",
            kwargs={"org": request.organisation.slug, "request_id": request.pk},
        )
    )
    for user in recipients:
        language = letter_language(user.language or settings.LANGUAGE_CODE)
        with translation.override(language):
            context = {
                "organisation": request.organisation.legal_name,
                "reference": request.reference,
                "right": Right(request.right).label,
                "deadline": day(deadline, language),
                "days": days,
                "overdue": overdue,
                "today": not overdue and left == 0,
                "link": link,
            }
            if overdue:
                subject = _("[Egide] %(reference)s: the deadline of %(deadline)s has passed")
            else:
                subject = _("[Egide] %(reference)s: deadline on %(deadline)s")
            body = render_to_string("rights/emails/reminder.txt", context)
        _message(subject=subject % context, body=body, to=user.email).send()
    return bool(recipients)
