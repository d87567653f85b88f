"""Emails: the portal's one-time confirmation link, issued letters (attached when they hold no health
data, a status-page link otherwise; sent once), and deadline reminders to the assignee or the DPO team."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from egide.accounts.roles import Role
from egide.accounts.tests.factories import MembershipFactory, UserFactory
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry.tests.factories import DpoDesignationFactory
from egide.rights.choices import LetterKind, RequestStatus, TimelineKind
from egide.rights.emails import (
    confirmation_email_send,
    issued_document_email_send,
    reminder_email_send,
)
from egide.rights.models import TimelineEntry
from egide.rights.services.letters import letter_issue
from egide.rights.status_links import request_for_status_token
from egide.rights.tests.factories import RightsRequestFactory, RightsSettingsFactory

pytestmark = pytest.mark.django_db
PUBLIC = "https://egide.example.org"


@pytest.fixture(autouse=True)
def _public_url(settings):
    settings.EGIDE_PUBLIC_URL = PUBLIC + "/"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _on(year: int, month: int, day: int) -> FrozenClock:
    return FrozenClock(datetime(year, month, day, 8, 0, tzinfo=UTC))


def _link(body: str, kind: str) -> str:
    found = re.search(rf"{re.escape(PUBLIC)}/p/[\w-]+/{kind}/(\S+)/", body)
    assert found, body
    return found.group(1)


def test_the_confirmation_email_carries_a_one_time_link(organisation):
    RightsSettingsFactory(organisation=organisation, contact_email="dpo@chu-test.fr")
    request = RightsRequestFactory(organisation=organisation, awaiting=True, language="en")

    assert confirmation_email_send(request_id=request.pk, clock=FrozenClock()) is True

    [email] = mail.outbox
    assert email.to == [request.requester_email]
    assert email.reply_to == ["dpo@chu-test.fr"]
    assert request.reference in email.subject
    token = _link(email.body, "confirm")
    request.refresh_from_db()
    assert request.confirmation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "18 January 2026, 10:00" in email.body  # 72 hours, Paris time


def test_the_confirmation_email_is_written_in_the_request_language(organisation):
    request = RightsRequestFactory(organisation=organisation, awaiting=True, language="fr")

    confirmation_email_send(request_id=request.pk, clock=FrozenClock())

    assert "18 janvier 2026" in mail.outbox[0].body


def test_no_confirmation_email_for_a_confirmed_or_missing_request(organisation):
    confirmed = RightsRequestFactory(organisation=organisation)

    assert confirmation_email_send(request_id=confirmed.pk) is False
    assert confirmation_email_send(request_id=confirmed.pk + 1000) is False
    assert mail.outbox == []


def test_a_letter_without_health_data_is_attached_and_sent_once(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation, reference="DR-2026-00012")
    document = letter_issue(actor=dpo, request=request, kind=LetterKind.ACKNOWLEDGEMENT, send=False)
    clock = FrozenClock()

    assert issued_document_email_send(document_id=document.pk, clock=clock) is True
    assert issued_document_email_send(document_id=document.pk, clock=clock) is False

    [email] = mail.outbox
    assert email.subject == document.title
    [(filename, content, mimetype)] = email.attachments
    assert filename == "DR-2026-00012-acknowledgement-fr.pdf"
    assert content.startswith(b"%PDF-")
    assert mimetype == "application/pdf"
    document.refresh_from_db()
    assert document.emailed_at == clock.now()
    sent = TimelineEntry.objects.filter(request=request, kind=TimelineKind.LETTER_SENT)
    assert sent.count() == 1
    assert sent.get().data == {"document": document.pk, "attached": True}
    assert (
        AuditEvent.objects.filter(organisation=organisation, action="rights_letter.email").count()
        == 1
    )


@pytest.mark.parametrize("kind", [LetterKind.ACCESS_ANSWER, LetterKind.ANSWER, LetterKind.REFUSAL])
def test_an_answer_is_not_attached_but_offered_on_the_status_page(organisation, dpo, kind):
    request = RightsRequestFactory(
        organisation=organisation, language="en", status=RequestStatus.ANSWERED, outcome="Done."
    )
    document = letter_issue(actor=dpo, request=request, kind=kind, send=False)

    assert issued_document_email_send(document_id=document.pk) is True

    [email] = mail.outbox
    assert email.attachments == []
    assert "email is not a secure channel" in email.body
    token = _link(email.body, "status")
    assert request_for_status_token(organisation=organisation, token=token) == request
    assert "Done." not in email.body  # nothing of the answer itself travels by email


@pytest.mark.parametrize(
    "fields", [{"electronic_answer": False}, {"requester_email": ""}], ids=["paper", "no-email"]
)
def test_no_letter_email_for_a_paper_answer_or_without_an_address(organisation, dpo, fields):
    request = RightsRequestFactory(organisation=organisation, **fields)
    document = letter_issue(actor=dpo, request=request, kind=LetterKind.ACKNOWLEDGEMENT)

    assert issued_document_email_send(document_id=document.pk) is False
    assert mail.outbox == []
    document.refresh_from_db()
    assert document.emailed_at is None


def test_a_reminder_goes_to_the_assignee(organisation, member_factory):
    assignee = member_factory(Role.CONTRIBUTOR)
    member_factory(Role.DPO)
    request = RightsRequestFactory(
        organisation=organisation,
        assigned_to=assignee,
        requester_last_name="Dupontel",
        patient_last_name="Secret",
    )

    sent = reminder_email_send(
        request_id=request.pk, deadline=date(2026, 2, 16), days_before=7, clock=_on(2026, 2, 9)
    )

    assert sent is True
    [email] = mail.outbox
    assert email.to == [assignee.email]
    assert request.reference in email.subject
    assert "16 February 2026" in email.subject
    assert "in 7 days" in email.body
    assert f"{PUBLIC}/o/{organisation.slug}/rights/{request.pk}/" in email.body
    assert request.requester_last_name not in email.body + email.subject
    assert "Secret" not in email.body


def test_without_assignee_the_dpo_team_is_reminded_in_its_language(organisation, member_factory):
    chief = member_factory(Role.DPO)
    chief.language = "fr"
    chief.save()
    assistant = member_factory(Role.DPO_ASSISTANT)
    member_factory(Role.CONTRIBUTOR)
    gone = MembershipFactory(organisation=organisation, role=Role.DPO, user=UserFactory())
    gone.revoked_at = FrozenClock().now() - timedelta(days=1)
    gone.save()
    request = RightsRequestFactory(organisation=organisation)

    assert reminder_email_send(
        request_id=request.pk, deadline=date(2026, 2, 16), days_before=-1, clock=_on(2026, 2, 19)
    )

    by_address = {email.to[0]: email for email in mail.outbox}
    assert set(by_address) == {chief.email, assistant.email}
    assert "16 février 2026" in by_address[chief.email].subject
    assert "passed 3 days ago" in by_address[assistant.email].body


def test_nobody_to_remind(organisation):
    DpoDesignationFactory(organisation=organisation)
    request = RightsRequestFactory(organisation=organisation)

    assert (
        reminder_email_send(request_id=request.pk, deadline=date(2026, 2, 16), days_before=2)
        is False
    )
    assert mail.outbox == []
