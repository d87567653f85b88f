"""Filing, confirming and recording requests: references, idempotency, deadlines, duplicates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from egide.core.models import AuditEvent
from egide.rights.choices import (
    Channel,
    IdentityStatus,
    LetterKind,
    RequesterCapacity,
    RequestStatus,
    Right,
    TimelineKind,
)
from egide.rights.models import RightsRequest, RightsSettings
from egide.rights.services import (
    RequestIntake,
    RightsError,
    confirmation_token_issue,
    rights_request_close,
    rights_request_confirm_email,
    rights_request_recompute_deadlines,
    rights_request_record,
    rights_request_submit,
)
from egide.rights.services import intake as intake_module
from egide.rights.tests import services_support
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db
clock = services_support.clock
letters = services_support.letters
S = RequestStatus


def intake(**overrides) -> RequestIntake:  # noqa: ANN003
    values = {
        "right": Right.ACCESS,
        "requester_first_name": "Jeanne",
        "requester_last_name": "Martin",
        "requester_email": "jeanne.martin@example.net",
    }
    values.update(overrides)
    return RequestIntake(**values)


def requests_of(organisation):  # noqa: ANN001, ANN201
    return RightsRequest.objects.for_organisation(organisation)


def test_submit_files_an_unconfirmed_request(
    organisation, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        request = rights_request_submit(
            organisation=organisation, intake=intake(), submission_key="k1", clock=clock
        )
    assert request.status == S.AWAITING_CONFIRMATION
    assert request.received_on is None
    assert request.due_on is None
    assert request.reference == "DR-2026-00001"
    assert request.channel == Channel.PORTAL
    assert len(callbacks) == 1  # send_confirmation_email
    assert request.timeline.get().kind == TimelineKind.SUBMITTED
    assert AuditEvent.objects.filter(action="rights_request.submit").count() == 1


def test_same_submission_key_gives_one_row(organisation, other_organisation, clock):
    first = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key="k", clock=clock
    )
    again = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key="k", clock=clock
    )
    elsewhere = rights_request_submit(
        organisation=other_organisation, intake=intake(), submission_key="k", clock=clock
    )
    assert again.pk == first.pk
    assert requests_of(organisation).count() == 1
    assert elsewhere.pk != first.pk
    assert AuditEvent.objects.filter(action="rights_request.submit").count() == 2


def test_racing_submission_returns_the_winners_row(organisation, clock, monkeypatch):
    """The loser of a race passes the existence checks, hits the unique constraint and gets the row."""
    winner = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key="race", clock=clock
    )
    calls = {"n": 0}
    real = intake_module._existing_submission

    def blind_then_real(organisation, key):  # noqa: ANN001, ANN202
        calls["n"] += 1
        return None if calls["n"] <= 2 else real(organisation, key)

    monkeypatch.setattr(intake_module, "_existing_submission", blind_then_real)
    loser = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key="race", clock=clock
    )
    assert loser.pk == winner.pk
    assert requests_of(organisation).count() == 1


def test_references_count_per_organisation_and_year(organisation, other_organisation, clock):
    a = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key=None, clock=clock
    )
    b = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key=None, clock=clock
    )
    c = rights_request_submit(
        organisation=other_organisation, intake=intake(), submission_key=None, clock=clock
    )
    clock.current = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 1 January 2027 in Paris
    d = rights_request_submit(
        organisation=organisation, intake=intake(), submission_key=None, clock=clock
    )
    assert [a.reference, b.reference, c.reference, d.reference] == [
        "DR-2026-00001",
        "DR-2026-00002",
        "DR-2026-00001",
        "DR-2027-00001",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"requester_email": ""}, "requester_email"),
        ({"requester_email": "not-an-email"}, "requester_email"),
        ({"right": "everything"}, "right"),
        ({"right": Right.ERASURE, "includes_medical_record": True}, "includes_medical_record"),
        ({"medical_record_older_than_5_years": True}, "medical_record_older_than_5_years"),
        ({"requester_capacity": RequesterCapacity.PARENT}, "patient_last_name"),
        (
            {
                "requester_capacity": RequesterCapacity.HEIR,
                "patient_first_name": "P",
                "patient_last_name": "Q",
            },
            "patient_deceased",
        ),
    ],
)
def test_submit_refuses_bad_input(overrides, field, organisation, clock):
    with pytest.raises(RightsError) as caught:
        rights_request_submit(
            organisation=organisation, intake=intake(**overrides), submission_key="x", clock=clock
        )
    assert field in caught.value.message_dict
    assert requests_of(organisation).count() == 0
    assert AuditEvent.objects.count() == 0


def submitted(organisation, clock, **overrides):  # noqa: ANN001, ANN003, ANN201
    request = rights_request_submit(
        organisation=organisation, intake=intake(**overrides), submission_key=None, clock=clock
    )
    return request, confirmation_token_issue(request=request, clock=clock)


def test_confirm_email_receives_the_request(organisation, clock, letters):
    request, token = submitted(organisation, clock)
    clock.current = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)  # 16 January in Paris
    confirmed = rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    assert confirmed.pk == request.pk
    assert confirmed.status == S.RECEIVED
    assert confirmed.identity_status == IdentityStatus.EMAIL_CONFIRMED
    assert confirmed.received_on == date(2026, 1, 16)
    assert confirmed.due_on == date(2026, 2, 16)
    assert confirmed.governing_due_on == confirmed.due_on
    assert letters.kinds == [LetterKind.ACKNOWLEDGEMENT]
    # Clicking the link again changes nothing.
    clock.advance(timedelta(days=1))
    again = rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    assert again.pk == request.pk
    assert again.received_on == date(2026, 1, 16)
    assert letters.kinds == [LetterKind.ACKNOWLEDGEMENT]
    assert AuditEvent.objects.filter(action="rights_request.confirm_email").count() == 1


def test_confirm_link_expired_wrong_organisation_or_replaced(
    organisation, other_organisation, clock, letters
):
    request, token = submitted(organisation, clock)
    with pytest.raises(RightsError, match="not valid"):
        rights_request_confirm_email(organisation=other_organisation, token=token, clock=clock)
    with pytest.raises(RightsError, match="not valid"):
        rights_request_confirm_email(organisation=organisation, token="forged", clock=clock)
    newer = confirmation_token_issue(request=request, clock=clock)
    with pytest.raises(RightsError, match="not valid"):
        rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    clock.advance(timedelta(hours=72, seconds=1))
    with pytest.raises(RightsError, match="expired"):
        rights_request_confirm_email(organisation=organisation, token=newer, clock=clock)
    request.refresh_from_db()
    assert request.status == S.AWAITING_CONFIRMATION
    assert letters.calls == []


@pytest.mark.parametrize(
    ("overrides", "asks"),
    [
        ({}, False),
        ({"includes_medical_record": True}, True),
        (
            {
                "requester_capacity": RequesterCapacity.HEIR,
                "patient_first_name": "Paul",
                "patient_last_name": "Martin",
                "patient_deceased": True,
            },
            True,
        ),
    ],
)
def test_proof_asked_at_once_when_needed(overrides, asks, organisation, clock, letters):
    _, token = submitted(organisation, clock, **overrides)
    request = rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    if asks:
        assert request.status == S.VERIFYING_IDENTITY
        assert request.identity_status == IdentityStatus.PROOF_REQUESTED
        assert request.pauses.get().ended_on is None
        assert letters.kinds == [LetterKind.ACKNOWLEDGEMENT, LetterKind.PROOF_REQUEST]
    else:
        assert request.status == S.RECEIVED
        assert not request.pauses.exists()


def test_medical_record_proof_can_be_switched_off(organisation, clock, letters):
    RightsSettings.objects.create(organisation=organisation, medical_record_requires_proof=False)
    _, token = submitted(organisation, clock, includes_medical_record=True)
    request = rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    assert request.status == S.RECEIVED
    assert request.medical_record_due_on == date(2026, 1, 23)
    assert request.governing_due_on == date(2026, 1, 23)


def test_record_uses_the_real_date_of_receipt(organisation, dpo, clock):
    request = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(requester_email=""),
        channel=Channel.PAPER,
        received_on=date(2026, 1, 2),
        clock=clock,
    )
    assert request.status == S.RECEIVED
    assert request.received_on == date(2026, 1, 2)
    assert request.due_on == date(2026, 2, 2)
    assert request.timeline.get().kind == TimelineKind.RECORDED
    with pytest.raises(RightsError) as caught:
        rights_request_record(
            actor=dpo,
            organisation=organisation,
            intake=intake(),
            channel=Channel.PAPER,
            received_on=date(2026, 1, 16),
            clock=clock,
        )
    assert "received_on" in caught.value.message_dict
    with pytest.raises(RightsError):
        rights_request_record(
            actor=dpo,
            organisation=organisation,
            intake=intake(),
            channel=Channel.PORTAL,
            received_on=date(2026, 1, 2),
            clock=clock,
        )
    assert requests_of(organisation).count() == 1


def test_alsace_moselle_calendar_and_recompute(organisation, dpo, clock):
    """Received 26 February 2027: due Good Friday 26 March, a holiday in Alsace-Moselle only; the next
    working day there is Tuesday 30 March (Easter Monday is a holiday everywhere)."""
    clock.current = datetime(2027, 3, 1, 9, tzinfo=UTC)
    organisation.uses_alsace_moselle_calendar = True
    organisation.save()
    request = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(),
        channel=Channel.EMAIL,
        received_on=date(2027, 2, 26),
        clock=clock,
    )
    assert request.due_on == date(2027, 3, 30)
    organisation.uses_alsace_moselle_calendar = False
    organisation.save()
    rights_request_recompute_deadlines(request=request, clock=clock)
    assert request.due_on == date(2027, 3, 26)
    assert request.timeline.filter(kind=TimelineKind.DEADLINES_CHANGED).count() == 1
    assert AuditEvent.objects.filter(action="rights_request.recompute_deadlines").count() == 1


def test_duplicates_are_flagged_never_blocked(organisation, other_organisation, dpo, clock):
    original = RightsRequestFactory(
        organisation=organisation, requester_email="Jeanne.Martin@Example.net"
    )
    RightsRequestFactory(
        organisation=other_organisation, requester_email="jeanne.martin@example.net"
    )
    dup = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(),
        channel=Channel.EMAIL,
        received_on=date(2026, 1, 15),
        clock=clock,
    )
    assert dup.duplicate_of == original
    assert dup.timeline.filter(kind=TimelineKind.DUPLICATE_FLAGGED).count() == 1
    other_right = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(right=Right.ERASURE),
        channel=Channel.EMAIL,
        received_on=date(2026, 1, 15),
        clock=clock,
    )
    assert other_right.duplicate_of is None


def test_duplicate_by_patient_identity_and_only_open_ones(organisation, dpo, clock, letters):
    born = date(1950, 3, 4)
    closed = RightsRequestFactory(
        organisation=organisation,
        status=S.WITHDRAWN,
        requester_email="a@example.net",
        patient_first_name="Paul",
        patient_last_name="Durand",
        patient_birth_date=born,
    )
    rights_request_close(actor=dpo, request=closed, clock=clock)
    fields = {
        "requester_email": "other@example.net",
        "patient_first_name": "paul",
        "patient_last_name": "DURAND",
        "patient_birth_date": born,
        "requester_capacity": RequesterCapacity.PARENT,
    }
    first = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(**fields),
        channel=Channel.PAPER,
        received_on=date(2026, 1, 10),
        clock=clock,
    )
    assert first.duplicate_of is None
    second = rights_request_record(
        actor=dpo,
        organisation=organisation,
        intake=intake(**{**fields, "requester_email": "third@example.net"}),
        channel=Channel.PAPER,
        received_on=date(2026, 1, 12),
        clock=clock,
    )
    assert second.duplicate_of == first
