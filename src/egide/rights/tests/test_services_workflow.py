"""The workflow services enforce TRANSITIONS, and each move writes its timeline, audit and letter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from egide.core.models import AuditEvent
from egide.rights.choices import (
    TRANSITIONS,
    LetterKind,
    RefusalGround,
    RequestStatus,
    Right,
    TimelineKind,
)
from egide.rights.deadlines import Calendar, Pause, compute_deadlines
from egide.rights.models import RightsRequest
from egide.rights.services import (
    RightsError,
    rights_request_answer,
    rights_request_ask_proof,
    rights_request_assign,
    rights_request_close,
    rights_request_confirm_identity,
    rights_request_extend,
    rights_request_note,
    rights_request_refuse,
    rights_request_start,
    rights_request_withdraw,
)
from egide.rights.tests import services_support
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db
clock = services_support.clock
letters = services_support.letters
S = RequestStatus
REASON = "The request repeats, word for word, three requests answered this month."


def move(target: str, request: RightsRequest, actor, clock) -> None:  # noqa: ANN001
    """Call the service whose move leads to ``target``."""
    if target == S.VERIFYING_IDENTITY:
        rights_request_ask_proof(
            actor=actor, request=request, reason="Doubt on identity.", clock=clock
        )
    elif target == S.IN_PROGRESS and request.status == S.VERIFYING_IDENTITY:
        rights_request_confirm_identity(actor=actor, request=request, clock=clock)
    elif target == S.IN_PROGRESS:
        rights_request_start(actor=actor, request=request, clock=clock)
    elif target == S.EXTENDED:
        rights_request_extend(
            actor=actor, request=request, reason="Many systems to search.", clock=clock
        )
    elif target == S.ANSWERED:
        rights_request_answer(actor=actor, request=request, outcome="Copy sent.", clock=clock)
    elif target == S.PARTIALLY_REFUSED:
        rights_request_refuse(
            actor=actor,
            request=request,
            ground=RefusalGround.RIGHTS_OF_OTHERS,
            reason="Third parties.",
            partial=True,
            clock=clock,
        )
    elif target == S.REFUSED:
        rights_request_refuse(
            actor=actor, request=request, ground=RefusalGround.EXCESSIVE, reason=REASON, clock=clock
        )
    elif target == S.WITHDRAWN:
        rights_request_withdraw(actor=actor, request=request, reason="Phone call.", clock=clock)
    elif target == S.CLOSED:
        rights_request_close(actor=actor, request=request, clock=clock)
    else:  # pragma: no cover
        raise AssertionError(target)


TARGETS = [t for t in S.values if t not in (S.AWAITING_CONFIRMATION, S.RECEIVED)]
PAIRS = [(source, target) for source in S.values for target in TARGETS]


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_transitions_are_enforced(source, target, organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation, status=source)
    if source == S.EXTENDED:
        request.extended_at = clock.now()
        request.save()
    events_before = AuditEvent.objects.count()
    allowed = target in TRANSITIONS[source]
    if allowed:
        move(target, request, dpo, clock)
        assert RightsRequest.objects.for_organisation(organisation).get().status == target
        assert request.status == target
        assert AuditEvent.objects.count() > events_before
        assert request.timeline.filter(kind=TimelineKind.STATUS_CHANGED).exists()
    else:
        with pytest.raises(RightsError):
            move(target, request, dpo, clock)
        stored = RightsRequest.objects.for_organisation(organisation).get()
        assert stored.status == source
        assert AuditEvent.objects.count() == events_before
        assert not stored.timeline.exists()
        assert letters.calls == []


def test_every_status_is_a_source_and_every_target_is_reachable():
    reachable = set().union(*TRANSITIONS.values())
    assert set(S.values) - reachable == {S.AWAITING_CONFIRMATION}
    assert set(TRANSITIONS) == set(S.values)


def test_extension_before_the_deadline(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    first_due = request.due_on
    clock.current = clock.current.replace(day=1, month=2)  # before the first deadline
    rights_request_extend(
        actor=dpo, request=request, reason="Twelve systems to search.", clock=clock
    )
    assert request.status == S.EXTENDED
    assert request.extension_reason == "Twelve systems to search."
    assert request.governing_due_on == request.extended_due_on
    assert request.due_on == first_due
    assert request.extended_due_on > first_due
    assert letters.kinds == [LetterKind.EXTENSION_NOTICE]
    assert letters.calls[0]["extra"]["reason"] == "Twelve systems to search."
    kinds = set(request.timeline.values_list("kind", flat=True))
    assert {TimelineKind.EXTENDED, TimelineKind.DEADLINES_CHANGED} <= kinds
    assert AuditEvent.objects.filter(action="rights_request.extend").count() == 1


def test_extension_on_the_last_day_is_allowed_and_the_day_after_refused(
    organisation,
    dpo,
    clock,
    letters,
):
    late = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    # 23:30 UTC on the due date is already the next day in Paris.
    clock.current = clock.current.replace(
        year=late.due_on.year, month=late.due_on.month, day=late.due_on.day, hour=23, minute=30
    )
    with pytest.raises(RightsError, match="first deadline has passed"):
        rights_request_extend(actor=dpo, request=late, reason="Too late.", clock=clock)
    late.refresh_from_db()
    assert late.status == S.IN_PROGRESS
    assert late.extended_at is None
    clock.current = clock.current.replace(hour=12)
    rights_request_extend(actor=dpo, request=late, reason="Last day.", clock=clock)
    assert late.status == S.EXTENDED


def test_extension_needs_a_reason_and_happens_once(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    with pytest.raises(RightsError) as caught:
        rights_request_extend(actor=dpo, request=request, reason="  ", clock=clock)
    assert "reason" in caught.value.message_dict
    rights_request_extend(actor=dpo, request=request, reason="Complex.", clock=clock)
    rights_request_ask_proof(actor=dpo, request=request, reason="Doubt.", clock=clock)
    rights_request_confirm_identity(actor=dpo, request=request, clock=clock)
    assert request.status == S.IN_PROGRESS
    with pytest.raises(RightsError, match="already extended"):
        rights_request_extend(actor=dpo, request=request, reason="Again.", clock=clock)


def test_extension_of_a_medical_record_request_keeps_the_csp_deadline(
    organisation,
    dpo,
    clock,
    letters,
):
    request = RightsRequestFactory(
        organisation=organisation, status=S.IN_PROGRESS, includes_medical_record=True
    )
    medical_due = request.medical_record_due_on
    rights_request_extend(actor=dpo, request=request, reason="Archives.", clock=clock)
    assert request.medical_record_due_on == medical_due
    assert request.governing_due_on == min(request.extended_due_on, medical_due) == medical_due


def test_pause_and_resume_shift_the_due_date(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    clock.advance(timedelta(days=5))  # 2026-01-20
    rights_request_ask_proof(actor=dpo, request=request, reason="Signature differs.", clock=clock)
    assert request.status == S.VERIFYING_IDENTITY
    assert request.identity_status == "proof_requested"
    assert letters.kinds == [LetterKind.PROOF_REQUEST]
    pause = request.pauses.get()
    assert pause.started_on == date(2026, 1, 20)
    assert pause.ended_on is None
    clock.advance(timedelta(days=10))  # 2026-01-30
    rights_request_confirm_identity(actor=dpo, request=request, clock=clock)
    pause.refresh_from_db()
    assert pause.ended_on == date(2026, 1, 30)
    expected = compute_deadlines(
        received=date(2026, 1, 15),
        calendar=Calendar.FR,
        pauses=[Pause(date(2026, 1, 20), date(2026, 1, 30))],
    )
    assert request.due_on == expected.due
    assert request.due_on >= date(2026, 2, 25)  # one month plus the ten days waited
    kinds = list(request.timeline.values_list("kind", flat=True))
    assert TimelineKind.CLOCK_PAUSED in kinds
    assert TimelineKind.CLOCK_RESUMED in kinds
    assert TimelineKind.DEADLINES_CHANGED in kinds
    assert request.status == S.IN_PROGRESS
    assert request.identity_status == "confirmed"


@pytest.mark.parametrize(("answered_on", "late"), [(0, False), (1, True)])
def test_answered_late_compares_the_paris_date(
    answered_on, late, organisation, dpo, clock, letters
):
    request = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    due = request.governing_due_on + timedelta(days=answered_on)
    clock.current = clock.current.replace(year=due.year, month=due.month, day=due.day, hour=21)
    rights_request_answer(actor=dpo, request=request, outcome="Copy sent.", clock=clock)
    # 21:00 UTC is 22:00 in Paris: still the same date.
    assert request.answered_late is late
    assert request.answered_at == clock.now()


def test_answer_letters_and_outcome(organisation, dpo, clock, letters):
    access = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    erasure = RightsRequestFactory(
        organisation=organisation, status=S.IN_PROGRESS, right=Right.ERASURE
    )
    with pytest.raises(RightsError):
        rights_request_answer(actor=dpo, request=access, outcome=" ", clock=clock)
    rights_request_answer(actor=dpo, request=access, outcome="Copy sent.", clock=clock, send=False)
    rights_request_answer(actor=dpo, request=erasure, outcome="Erased.", clock=clock)
    assert letters.kinds == [LetterKind.ACCESS_ANSWER, LetterKind.ANSWER]
    assert letters.calls[0]["send"] is False


def test_medical_record_not_answered_within_48_hours(organisation, dpo, clock, letters):
    request = RightsRequestFactory(
        organisation=organisation, status=S.IN_PROGRESS, includes_medical_record=True
    )
    with pytest.raises(RightsError, match="48-hour"):
        rights_request_answer(actor=dpo, request=request, outcome="Record sent.", clock=clock)
    clock.advance(timedelta(days=2))
    rights_request_answer(actor=dpo, request=request, outcome="Record sent.", clock=clock)
    assert request.status == S.ANSWERED


def test_refusal_needs_reasons(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    with pytest.raises(RightsError) as caught:
        rights_request_refuse(
            actor=dpo, request=request, ground=RefusalGround.LEGAL_CLAIMS, reason="", clock=clock
        )
    assert "reason" in caught.value.message_dict
    with pytest.raises(RightsError, match="GDPR Art. 12"):
        rights_request_refuse(
            actor=dpo,
            request=request,
            ground=RefusalGround.MANIFESTLY_UNFOUNDED,
            reason="Spam.",
            clock=clock,
        )
    with pytest.raises(RightsError):
        rights_request_refuse(actor=dpo, request=request, ground="whim", reason=REASON, clock=clock)
    request.refresh_from_db()
    assert request.status == S.IN_PROGRESS
    assert letters.calls == []
    rights_request_refuse(
        actor=dpo,
        request=request,
        ground=RefusalGround.MANIFESTLY_UNFOUNDED,
        reason=REASON,
        clock=clock,
    )
    assert request.status == S.REFUSED
    assert request.refusal_reason == REASON
    assert request.answered_at == clock.now()
    assert letters.kinds == [LetterKind.REFUSAL]
    assert letters.calls[0]["extra"]["source"] == "GDPR Art. 12(5)(b)"


def test_partial_erasure_refused_for_legal_retention(organisation, dpo, clock, letters):
    request = RightsRequestFactory(
        organisation=organisation, status=S.IN_PROGRESS, right=Right.ERASURE
    )
    rights_request_refuse(
        actor=dpo,
        request=request,
        ground=RefusalGround.LEGAL_RETENTION,
        reason="The medical record is kept 20 years (CSP R.1112-7).",
        partial=True,
        clock=clock,
    )
    assert request.status == S.PARTIALLY_REFUSED
    assert letters.kinds == [LetterKind.ERASURE_RETENTION_REFUSAL]


def test_withdraw_while_paused_ends_the_pause(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation)
    rights_request_ask_proof(actor=dpo, request=request, reason="Doubt.", clock=clock)
    clock.advance(timedelta(days=3))
    rights_request_withdraw(actor=dpo, request=request, clock=clock)
    assert request.status == S.WITHDRAWN
    assert request.pauses.get().ended_on == date(2026, 1, 18)
    rights_request_close(actor=dpo, request=request, clock=clock)
    assert request.status == S.CLOSED
    assert request.closed_at == clock.now()


def test_assign_to_an_editor_only(organisation, dpo, member_factory, outsider, clock):
    request = RightsRequestFactory(organisation=organisation)
    contributor = member_factory("contributor")
    rights_request_assign(actor=dpo, request=request, assignee=contributor, clock=clock)
    assert request.assigned_to == contributor
    assert request.timeline.filter(kind=TimelineKind.ASSIGNED).count() == 1
    for refused in (member_factory("auditor"), member_factory("manager"), outsider):
        with pytest.raises(RightsError) as caught:
            rights_request_assign(actor=dpo, request=request, assignee=refused, clock=clock)
        assert "assignee" in caught.value.message_dict
    rights_request_assign(actor=dpo, request=request, assignee=None, clock=clock)
    request.refresh_from_db()
    assert request.assigned_to is None


def test_note_is_internal_and_audited(organisation, dpo, clock):
    request = RightsRequestFactory(organisation=organisation)
    with pytest.raises(RightsError):
        rights_request_note(actor=dpo, request=request, text="   ", clock=clock)
    entry = rights_request_note(
        actor=dpo, request=request, text="Called the archives.", clock=clock
    )
    assert entry.kind == TimelineKind.NOTE
    assert entry.visible_to_requester is False
    assert entry.actor == dpo
    assert AuditEvent.objects.filter(action="rights_request.note").count() == 1
