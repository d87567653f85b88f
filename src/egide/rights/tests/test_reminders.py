"""Reminders before deadlines and overdue flags (the hourly sweep), and the purge of unconfirmed requests.

The request of :class:`RightsRequestFactory` was received on Thursday 15 January 2026: its GDPR deadline
(one month) falls on Sunday 15 February, so it ends on Monday 16 February (Regulation 1182/71 Art. 3(4)).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.core.tasks import registered_sweeps
from egide.rights.choices import RequestStatus, Right, TimelineKind
from egide.rights.models import ReminderSent, RightsRequest, TimelineEntry
from egide.rights.reminders import reminder_due, rights_reminders_send, watched_deadlines
from egide.rights.sweeps import reminders_send_everywhere, unconfirmed_requests_purge
from egide.rights.tests.factories import (
    RequestPauseFactory,
    RightsRequestFactory,
    RightsSettingsFactory,
    TimelineEntryFactory,
)

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 2, 16)


def paris_morning(day: date) -> FrozenClock:
    """09:00 in Paris (08:00 UTC in winter) on ``day``."""
    return FrozenClock(datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC))


@pytest.fixture
def emails(settings, monkeypatch):
    """Run the tasks at once, and record every reminder handed to ``reminder_email_send`` (which then
    sends it for real, into ``mail.outbox``)."""
    import egide.rights.emails as emails_module

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    sent: list[tuple[int, date, int]] = []
    real = emails_module.reminder_email_send

    def record(*, request_id: int, deadline: date, days_before: int) -> bool:
        sent.append((request_id, deadline, days_before))
        return real(request_id=request_id, deadline=deadline, days_before=days_before)

    monkeypatch.setattr(emails_module, "reminder_email_send", record)
    return sent


def sweep(organisation, day: date, django_capture_on_commit_callbacks, clock=None):
    with django_capture_on_commit_callbacks(execute=True):
        return rights_reminders_send(organisation=organisation, clock=clock or paris_morning(day))


def rows(request) -> list[tuple[date, int]]:
    return sorted(
        ReminderSent.objects.filter(request=request).values_list("deadline", "days_before")
    )


# --- The pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        (DEADLINE - timedelta(days=8), (), None),
        (DEADLINE - timedelta(days=7), (), 7),
        (DEADLINE - timedelta(days=7), (7,), None),
        (DEADLINE - timedelta(days=3), (7,), None),
        (DEADLINE - timedelta(days=2), (7,), 2),
        (DEADLINE - timedelta(days=1), (), 2),  # catching up: the most urgent only
        (DEADLINE - timedelta(days=1), (2,), None),
        (DEADLINE, (7,), 2),
        (DEADLINE + timedelta(days=1), (), None),  # passed: the overdue flag's business
    ],
)
def test_reminder_due(today, sent, expected):
    assert reminder_due(deadline=DEADLINE, today=today, offsets=[7, 2], sent=sent) == expected


def test_the_first_gdpr_deadline_is_watched_until_the_request_is_extended():
    medical, gdpr = date(2026, 1, 23), DEADLINE
    assert watched_deadlines(governing_due_on=medical, due_on=gdpr, extended=False) == [
        medical,
        gdpr,
    ]
    assert watched_deadlines(governing_due_on=medical, due_on=gdpr, extended=True) == [medical]
    assert watched_deadlines(governing_due_on=gdpr, due_on=gdpr, extended=False) == [gdpr]


# --- The sweep --------------------------------------------------------------------------------


def test_reminders_go_out_7_and_2_days_before_and_never_twice(
    organisation, dpo, emails, django_capture_on_commit_callbacks
):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    assert request.governing_due_on == DEADLINE

    assert (
        sweep(
            organisation, DEADLINE - timedelta(days=8), django_capture_on_commit_callbacks
        ).reminders
        == 0
    )
    assert (
        sweep(
            organisation, DEADLINE - timedelta(days=7), django_capture_on_commit_callbacks
        ).reminders
        == 1
    )
    assert (
        sweep(
            organisation, DEADLINE - timedelta(days=7), django_capture_on_commit_callbacks
        ).reminders
        == 0
    )
    for days in (6, 5, 4, 3):
        sweep(organisation, DEADLINE - timedelta(days=days), django_capture_on_commit_callbacks)
    assert (
        sweep(
            organisation, DEADLINE - timedelta(days=2), django_capture_on_commit_callbacks
        ).reminders
        == 1
    )
    sweep(organisation, DEADLINE - timedelta(days=1), django_capture_on_commit_callbacks)
    sweep(organisation, DEADLINE, django_capture_on_commit_callbacks)

    assert rows(request) == [(DEADLINE, 2), (DEADLINE, 7)]
    assert emails == [(request.pk, DEADLINE, 7), (request.pk, DEADLINE, 2)]
    assert [m.to for m in mail.outbox] == [[dpo.email], [dpo.email]]  # the DPO team is told
    assert all(request.reference in m.subject for m in mail.outbox)
    timeline = TimelineEntry.objects.filter(request=request, kind=TimelineKind.REMINDER_SENT)
    assert [e.data["days_before"] for e in timeline] == [7, 2]
    assert "in 7 days" in timeline[0].message
    assert (
        AuditEvent.objects.filter(
            action="rights_request.reminder", object_id=str(request.pk)
        ).count()
        == 2
    )


def test_a_sweep_catching_up_sends_only_the_most_urgent_reminder(
    organisation, emails, django_capture_on_commit_callbacks
):
    request = RightsRequestFactory(organisation=organisation)
    # The worker was down from 8 days before the deadline until the day before it.
    assert (
        sweep(
            organisation, DEADLINE - timedelta(days=1), django_capture_on_commit_callbacks
        ).reminders
        == 1
    )
    assert rows(request) == [(DEADLINE, 2)]
    assert sweep(organisation, DEADLINE, django_capture_on_commit_callbacks).reminders == 0
    assert emails == [(request.pk, DEADLINE, 2)]


def test_the_day_is_the_paris_day(organisation, emails, django_capture_on_commit_callbacks):
    request = RightsRequestFactory(organisation=organisation)
    eve = DEADLINE - timedelta(days=8)
    late_evening_utc = FrozenClock(datetime(eve.year, eve.month, eve.day, 22, 30, tzinfo=UTC))
    # 22:30 UTC is 23:30 in Paris: still 8 days before; 23:30 UTC is already the next day in Paris.
    assert (
        sweep(
            organisation, eve, django_capture_on_commit_callbacks, clock=late_evening_utc
        ).reminders
        == 0
    )
    late_evening_utc.advance(timedelta(hours=1))
    assert (
        sweep(
            organisation, eve, django_capture_on_commit_callbacks, clock=late_evening_utc
        ).reminders
        == 1
    )
    assert rows(request) == [(DEADLINE, 7)]


def test_closed_answered_and_paused_requests_get_no_reminder(
    organisation, emails, django_capture_on_commit_callbacks
):
    for status in (
        RequestStatus.ANSWERED,
        RequestStatus.REFUSED,
        RequestStatus.CLOSED,
        RequestStatus.WITHDRAWN,
    ):
        RightsRequestFactory(organisation=organisation, status=status)
    RightsRequestFactory(organisation=organisation, awaiting=True)
    paused = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.VERIFYING_IDENTITY
    )
    RequestPauseFactory(request=paused, started_on=date(2026, 1, 20))
    # A pause that ended does not stop the clock.
    resumed = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    RequestPauseFactory(request=resumed, started_on=date(2026, 1, 16), ended_on=date(2026, 1, 17))

    summary = sweep(organisation, DEADLINE - timedelta(days=2), django_capture_on_commit_callbacks)
    assert (summary.reminders, summary.overdue) == (1, 0)
    summary = sweep(organisation, DEADLINE + timedelta(days=3), django_capture_on_commit_callbacks)
    assert (summary.reminders, summary.overdue) == (0, 1)
    assert list(
        ReminderSent.objects.for_organisation(organisation)
        .values_list("request", flat=True)
        .distinct()
    ) == [resumed.pk]
    assert [e[0] for e in emails] == [resumed.pk, resumed.pk]
    paused.refresh_from_db()
    assert paused.overdue_since is None


def test_an_overdue_request_is_flagged_once(
    organisation, emails, django_capture_on_commit_callbacks
):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    assert (
        sweep(organisation, DEADLINE, django_capture_on_commit_callbacks).overdue == 0
    )  # last day
    assert (
        sweep(
            organisation, DEADLINE + timedelta(days=1), django_capture_on_commit_callbacks
        ).overdue
        == 1
    )
    assert (
        sweep(
            organisation, DEADLINE + timedelta(days=1), django_capture_on_commit_callbacks
        ).overdue
        == 0
    )
    assert (
        sweep(
            organisation, DEADLINE + timedelta(days=9), django_capture_on_commit_callbacks
        ).overdue
        == 0
    )

    request.refresh_from_db()
    assert request.overdue_since == DEADLINE + timedelta(days=1)
    assert (DEADLINE, -1) in rows(request)
    assert TimelineEntry.objects.filter(request=request, kind=TimelineKind.OVERDUE).count() == 1
    event = AuditEvent.objects.get(action="rights_request.overdue", object_id=str(request.pk))
    assert event.after["overdue_since"] == "2026-02-17"
    assert [e for e in emails if e[2] == -1] == [(request.pk, DEADLINE, -1)]


def test_medical_record_requests_are_reminded_of_both_deadlines_until_extended(
    organisation, emails, django_capture_on_commit_callbacks
):
    medical = RightsRequestFactory(
        organisation=organisation, includes_medical_record=True, status=RequestStatus.IN_PROGRESS
    )
    # Eight days from 15 January: Friday 23 January (CSP L.1111-7); the GDPR month: 16 February.
    assert (medical.governing_due_on, medical.due_on) == (date(2026, 1, 23), DEADLINE)
    extended = RightsRequestFactory(
        organisation=organisation,
        right=Right.RECTIFICATION,
        status=RequestStatus.EXTENDED,
        extended_at=datetime(2026, 2, 1, tzinfo=UTC),
    )
    extended.governing_due_on = extended.extended_due_on
    extended.save()

    sweep(organisation, date(2026, 1, 21), django_capture_on_commit_callbacks)
    sweep(organisation, DEADLINE - timedelta(days=7), django_capture_on_commit_callbacks)
    assert rows(medical) == [(date(2026, 1, 23), -1), (date(2026, 1, 23), 2), (DEADLINE, 7)]
    assert rows(extended) == []


def test_the_organisation_chooses_its_reminder_days(
    organisation, emails, django_capture_on_commit_callbacks
):
    RightsSettingsFactory(organisation=organisation, reminder_days=[10])
    request = RightsRequestFactory(organisation=organisation)
    sweep(organisation, DEADLINE - timedelta(days=7), django_capture_on_commit_callbacks)
    assert rows(request) == [(DEADLINE, 10)]


def test_the_hourly_sweep_covers_every_organisation(
    organisation, other_organisation, emails, django_capture_on_commit_callbacks
):
    mine = RightsRequestFactory(organisation=organisation)
    theirs = RightsRequestFactory(organisation=other_organisation)
    with django_capture_on_commit_callbacks(execute=True):
        totals = reminders_send_everywhere(clock=paris_morning(DEADLINE - timedelta(days=2)))
    assert totals == {"organisations": 2, "reminders": 2, "overdue": 0}
    assert sorted(e[0] for e in emails) == sorted([mine.pk, theirs.pk])
    names = {s.name: s.every for s in registered_sweeps()}
    for name in ("rights.reminders", "rights.identity_documents_purge", "rights.unconfirmed_purge"):
        assert names[name] == timedelta(hours=1)


# --- Unconfirmed portal requests -----------------------------------------------------------


def test_unconfirmed_requests_are_deleted_after_the_organisation_s_delay(
    organisation, other_organisation
):
    now = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
    old = RightsRequestFactory(
        organisation=organisation, awaiting=True, submitted_at=now - timedelta(hours=73)
    )
    TimelineEntryFactory(request=old, kind=TimelineKind.SUBMITTED)
    recent = RightsRequestFactory(
        organisation=organisation, awaiting=True, submitted_at=now - timedelta(hours=71)
    )
    confirmed = RightsRequestFactory(
        organisation=organisation, submitted_at=now - timedelta(days=30)
    )
    RightsSettingsFactory(organisation=other_organisation, unconfirmed_expiry_hours=24)
    theirs = RightsRequestFactory(
        organisation=other_organisation, awaiting=True, submitted_at=now - timedelta(hours=25)
    )

    assert unconfirmed_requests_purge(clock=FrozenClock(now)) == {
        organisation.pk: 1,
        other_organisation.pk: 1,
    }
    remaining = set(RightsRequest.objects.all_organisations_unscoped().values_list("pk", flat=True))
    assert remaining == {recent.pk, confirmed.pk}
    assert not TimelineEntry.objects.filter(organisation=organisation, request_id=old.pk).exists()
    assert not RightsRequest.objects.filter(pk=theirs.pk, organisation=other_organisation).exists()
    event = AuditEvent.objects.get(
        action="rights_request.unconfirmed_purge", organisation=organisation
    )
    assert event.after == {"deleted": 1, "older_than_hours": 72}

    assert unconfirmed_requests_purge(clock=FrozenClock(now)) == {}  # idempotent
    assert unconfirmed_requests_purge(clock=FrozenClock(now + timedelta(hours=2))) == {
        organisation.pk: 1
    }


def test_the_identity_documents_sweep_empties_the_documents_due(organisation):
    from egide.rights.models import IdentityDocument
    from egide.rights.sweeps import rights_identity_documents_purge
    from egide.rights.tests.factories import IdentityDocumentFactory

    request = RightsRequestFactory(organisation=organisation)
    due = IdentityDocumentFactory(request=request, delete_after=datetime(2026, 1, 1, tzinfo=UTC))
    kept = IdentityDocumentFactory(request=request, delete_after=None)

    assert rights_identity_documents_purge.call() == 1
    assert rights_identity_documents_purge.call() == 0  # idempotent
    documents = {d.pk: d for d in IdentityDocument.objects.filter(request=request)}
    assert documents[due.pk].is_deleted
    assert documents[due.pk].content is None
    assert not documents[kept.pk].is_deleted
