"""URL kwargs of the rights app's routes for the tenant sweep (``egide.core.testing.discover_sweep_fixtures``):
staff pages, the public portal and the API.

Contributors act only on the requests assigned to them, so every object in a staff or API URL belongs to a
request made for, and assigned to, the visiting member (:class:`PerMember`; visitors who are not members
name the DPO's). One request per member serves every route, with a search task, a letter and an identity
document; each visit runs in a savepoint rolled back after it, so what one route changes no other sees.

The portal's ``token`` means two things: on ``confirm`` a one-time confirmation token of a request awaiting
confirmation, elsewhere a signed status token; ``document_id`` is a letter of that request on the portal, an
identity document on the staff pages (``issued_document_id`` names a letter there).
"""

from __future__ import annotations

from typing import Any

from egide.core.clock import SYSTEM_CLOCK
from egide.core.testing import PerMember, SweepFixture, SweepKey, SweepWorld
from egide.rights.choices import LetterKind, RequestStatus
from egide.rights.models import RightsRequest
from egide.rights.tests.factories import (
    IdentityDocumentFactory,
    IssuedDocumentFactory,
    RightsRequestFactory,
    SearchTaskFactory,
)


def _member_request(world: SweepWorld, role: str) -> RightsRequest:
    """The request assigned to ``role``'s member, with a task, a letter and an identity document; made
    once per member for every route."""
    made: dict[str, RightsRequest] = world.__dict__.setdefault("rights_member_requests", {})
    if role not in made:
        member = world.members[role]
        request: Any = RightsRequestFactory(
            organisation=world.organisation,
            status=RequestStatus.IN_PROGRESS,
            assigned_to=member,
            requester_last_name=f"Sweep {role}",
        )
        SearchTaskFactory(request=request, assigned_to=member)
        IssuedDocumentFactory(request=request)
        IdentityDocumentFactory(request=request)
        made[role] = request
    return made[role]


def _per_member(pick: Any) -> PerMember:
    return PerMember(lambda world, role: pick(_member_request(world, role)))


REQUEST = _per_member(lambda request: request.pk)
TASK = _per_member(lambda request: request.search_tasks.get().pk)
LETTER = _per_member(lambda request: request.issued_documents.get().pk)
IDENTITY_DOCUMENT = _per_member(lambda request: request.identity_documents.get().pk)


# --- The public portal ---------------------------------------------------------------------------


def _portal_request(world: SweepWorld) -> RightsRequest:
    """A received request with a letter on its status page, shared by the portal's signed routes."""
    if "rights_portal_request" not in world.__dict__:
        request = RightsRequestFactory(organisation=world.organisation)
        IssuedDocumentFactory(request=request, on_status_page=True)
        world.__dict__["rights_portal_request"] = request
    request = world.__dict__["rights_portal_request"]
    assert isinstance(request, RightsRequest)
    return request


def _status_token(world: SweepWorld) -> str:
    from egide.rights.status_links import status_token_for

    return status_token_for(_portal_request(world))


def _confirm_token(world: SweepWorld) -> str:
    from egide.rights.services import confirmation_token_issue

    request: Any = RightsRequestFactory(organisation=world.organisation, awaiting=True)
    return confirmation_token_issue(request=request, clock=SYSTEM_CLOCK)


SWEEP_FIXTURES: dict[SweepKey, SweepFixture] = {
    # Staff pages (egide.rights.urls): ``document_id`` is an identity document there.
    "request_id": REQUEST,
    "task_id": TASK,
    "document_id": IDENTITY_DOCUMENT,
    "issued_document_id": LETTER,
    "kind": lambda world: LetterKind.ACKNOWLEDGEMENT.value,
    "language": lambda world: "fr",
    # The portal (egide.rights.urls_portal).
    ("rights_portal:confirm", "token"): _confirm_token,
    ("rights_portal:status", "token"): _status_token,
    ("rights_portal:document", "token"): _status_token,
    ("rights_portal:upload", "token"): _status_token,
    ("rights_portal:document", "document_id"): lambda world: (
        _portal_request(world).issued_documents.get().pk
    ),
}

# --- The API (egide.rights.api): ``pk`` names a request, a task, a letter or an identity document. ---

_REQUEST_ROUTES = (
    "detail",
    "start",
    "assign",
    "note",
    "extend",
    "ask-proof",
    "confirm-identity",
    "identity-not-established",
    "answer",
    "refuse",
    "withdraw",
    "close",
    "timeline",
    "tasks",
    "documents",
    "identity-documents",
    "status-link",
)
SWEEP_FIXTURES.update(
    {
        **{(f"api:rights-request-{name}", "pk"): REQUEST for name in _REQUEST_ROUTES},
        ("api:rights-task-complete", "pk"): TASK,
        ("api:rights-document-content", "pk"): LETTER,
        ("api:rights-identity-document-content", "pk"): IDENTITY_DOCUMENT,
    }
)
