"""The services issue real letters (archived as IssuedDocument rows) once the letters module is in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from egide.rights.choices import LetterKind, RequestStatus
from egide.rights.models import IssuedDocument
from egide.rights.services import (
    RequestIntake,
    confirmation_token_issue,
    rights_request_answer,
    rights_request_confirm_email,
    rights_request_start,
    rights_request_submit,
)
from egide.rights.tests import services_support

pytestmark = pytest.mark.django_db
clock = services_support.clock


def test_portal_request_to_answer_archives_each_letter(organisation, dpo, clock):
    request = rights_request_submit(
        organisation=organisation,
        intake=RequestIntake(
            right="access",
            requester_first_name="Jeanne",
            requester_last_name="Martin",
            requester_email="jeanne@example.net",
        ),
        submission_key="flow",
        clock=clock,
    )
    token = confirmation_token_issue(request=request, clock=clock)
    request = rights_request_confirm_email(organisation=organisation, token=token, clock=clock)
    rights_request_start(actor=dpo, request=request, clock=clock)
    clock.advance(timedelta(days=3))
    rights_request_answer(actor=dpo, request=request, outcome="Copy sent.", clock=clock)
    assert request.status == RequestStatus.ANSWERED
    kinds = list(
        IssuedDocument.objects.for_organisation(organisation)
        .filter(request=request)
        .values_list("letter_kind", flat=True)
    )
    assert kinds == [LetterKind.ACKNOWLEDGEMENT, LetterKind.ACCESS_ANSWER]
