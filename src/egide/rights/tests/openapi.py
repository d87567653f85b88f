"""Rights requests for the schemathesis run of ``tests/test_openapi.py``: requests received today in every
state a workflow step starts from, with tasks, letters and identity documents; their ids by URL segment
(the segment before ``{id}`` in the schema's paths), and the ids request bodies refer to (``body:<field>``)."""

from __future__ import annotations

from typing import Any

from egide.accounts.models import Organisation, User
from egide.core.clock import PARIS, SYSTEM_CLOCK
from egide.registry.tests.factories import InformationSystemFactory, ProcessingActivityFactory
from egide.rights.choices import IdentityStatus, RequestStatus
from egide.rights.tests.factories import (
    IdentityDocumentFactory,
    IssuedDocumentFactory,
    RightsRequestFactory,
    SearchTaskFactory,
)

# The states each step starts from: start and ask-proof (received), extend, answer and refuse (in
# progress), identity decisions and uploads (verifying identity), close (answered).
SEEDED_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.VERIFYING_IDENTITY,
    RequestStatus.ANSWERED,
)


def seed_ids(*, organisation: Organisation, actor: User) -> dict[str, list[int]]:
    today = SYSTEM_CLOCK.now().astimezone(PARIS).date()
    requests: list[Any] = []
    for status in SEEDED_STATUSES * 2:
        identity = (
            IdentityStatus.PROOF_REQUESTED
            if status == RequestStatus.VERIFYING_IDENTITY
            else IdentityStatus.EMAIL_CONFIRMED
        )
        requests.append(
            RightsRequestFactory(
                organisation=organisation,
                received_on=today,
                status=status,
                identity_status=identity,
                assigned_to=actor,
            )
        )
    tasks: list[Any] = [
        SearchTaskFactory(request=request, assigned_to=actor) for request in requests[:4]
    ]
    letters: list[Any] = [IssuedDocumentFactory(request=request) for request in requests[:4]]
    proofs: list[Any] = [IdentityDocumentFactory(request=request) for request in requests[:4]]
    activity = ProcessingActivityFactory(organisation=organisation)
    system = InformationSystemFactory(organisation=organisation)
    return {
        "body:assigned_to": [actor.pk],
        "body:assignee": [actor.pk],
        "body:activity": [activity.pk],
        "body:system": [system.pk],
        "requests": [request.pk for request in requests],
        "tasks": [task.pk for task in tasks],
        "documents": [letter.pk for letter in letters],
        "identity-documents": [proof.pk for proof in proofs],
    }
