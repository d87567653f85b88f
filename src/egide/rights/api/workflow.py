"""The workflow's steps, as ``POST requests/{id}/<step>/`` sub-routes of the request viewset. Each checks
who may act on the request, validates its body, calls one service, and answers with the request's record
(a note answers with the timeline entry it wrote). A refused step (RightsError: a transition the workflow
does not allow, a missing reason) answers 400 with the message and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.roles import Perm
from egide.rights import serializers as s
from egide.rights import services
from egide.rights.api.base import RequestViewSetBase

# Deciding on identity follows from the proofs, which only the DPO team sees (egide.rights.permissions).
IDENTITY_DECISION_PERM = Perm.EDIT_ALL

Step = Callable[..., Any]


def _step(
    name: str,
    service: str,
    body: type[serializers.Serializer] | None,
    doc: str,
) -> Step:
    """The ``POST requests/{id}/<name>/`` action calling ``services.<service>`` with the body's fields."""

    def run(self: RequestViewSetBase, request: Request, *args: Any, **kwargs: Any) -> Response:
        rights_request = self.get_object()
        self.require_may_handle(rights_request)
        fields = self.validated_input(body, request.data) if body is not None else {}
        getattr(services, service)(
            actor=self.user, request=rights_request, clock=self.clock, **fields
        )
        return self.respond(rights_request)

    run.__name__ = name
    run.__doc__ = doc
    routed = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(run)
    return extend_schema(request=body, responses={200: s.RightsRequestDetailSerializer})(routed)


class RequestWorkflowMixin(RequestViewSetBase):
    """The steps from receipt to closure (transitions enforced by the services)."""

    action_permissions = {
        "confirm_identity": IDENTITY_DECISION_PERM,
        "identity_not_established": IDENTITY_DECISION_PERM,
    }

    start = _step("start", "rights_request_start", None, "Start handling a received request.")
    extend = _step(
        "extend",
        "rights_request_extend",
        s.ReasonSerializer,
        "Extend the deadline to three months from receipt (GDPR Art. 12(3)), before the first "
        "deadline; the extension notice with the reason is issued and sent.",
    )
    ask_proof = _step(
        "ask_proof",
        "rights_request_ask_proof",
        s.ReasonSerializer,
        "Ask for a proof of identity or standing (GDPR Art. 12(6), CSP R.1111-1): the clock stops "
        "until it arrives; the letter is issued and sent.",
    )
    confirm_identity = _step(
        "confirm_identity",
        "rights_request_confirm_identity",
        None,
        "Identity (and standing) confirmed: the clock resumes, the proofs are scheduled for "
        "deletion. The DPO team only.",
    )
    identity_not_established = _step(
        "identity_not_established",
        "rights_request_identity_not_established",
        s.ReasonSerializer,
        "Refuse the request because identity could not be established (GDPR Art. 11(2), 12(6)). "
        "The DPO team only.",
    )
    answer = _step(
        "answer",
        "rights_request_answer",
        s.AnswerSerializer,
        "Answer the request: the letter (with the Art. 15 information for access) is issued, "
        "archived and sent unless send is false.",
    )
    refuse = _step(
        "refuse",
        "rights_request_refuse",
        s.RefuseSerializer,
        "Refuse the request, or part of it, on a ground with its reasons and the remedies.",
    )
    withdraw = _step(
        "withdraw", "rights_request_withdraw", s.OptionalReasonSerializer, "The requester withdrew."
    )
    close = _step("close", "rights_request_close", None, "Close a request once it was decided.")

    @extend_schema(request=s.AssignSerializer, responses={200: s.RightsRequestDetailSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Assign the request to a member who handles requests, or unassign it (null).
        Contributors may only name themselves."""
        rights_request = self.get_object()
        self.require_may_handle(rights_request)
        assignee = self.validated_input(s.AssignSerializer, request.data)["assignee"]
        if not self.handles_all and assignee is not None and assignee != self.user:
            raise exceptions.ValidationError(
                {"assignee": [_("You may only assign a request to yourself.")]}
            )
        services.rights_request_assign(
            actor=self.user, request=rights_request, assignee=assignee, clock=self.clock
        )
        return self.respond(rights_request)

    @extend_schema(request=s.NoteSerializer, responses={201: s.TimelineEntrySerializer})
    @action(detail=True, methods=["post"])
    def note(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add an internal note to the timeline (never shown to the requester)."""
        rights_request = self.get_object()
        self.require_may_handle(rights_request)
        text = self.validated_input(s.NoteSerializer, request.data)["text"]
        entry = services.rights_request_note(
            actor=self.user, request=rights_request, text=text, clock=self.clock
        )
        return Response(s.TimelineEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
