"""Rights requests: list, record (staff with the real receipt date, or ``channel=api`` from a hospital's
patient portal), read, change the editable fields, the timeline and the signed status link.

Thin: reads through ``egide.rights.selectors``, writes through ``egide.rights.services`` with
``actor=request.user``. The workflow's steps are in :mod:`egide.rights.api.workflow`, the files and tasks
of a request in :mod:`egide.rights.api.files`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.models import Organisation
from egide.rights import selectors, services
from egide.rights import serializers as s
from egide.rights.api.base import RequestViewSetBase
from egide.rights.api.files import RequestFilesMixin
from egide.rights.api.workflow import RequestWorkflowMixin
from egide.rights.choices import Channel
from egide.rights.models import RightsRequest
from egide.rights.status_links import status_token_for

# Retries of the same filing (a patient portal's network hiccup) carry the same key: one request only.
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_PREFIX = "api:"  # keeps API keys apart from the public portal's own submission keys
IDEMPOTENCY_KEY_MAX = 64 - len(IDEMPOTENCY_PREFIX)
_IDEMPOTENCY_KEY = re.compile(rf"^[\x21-\x7e]{{1,{IDEMPOTENCY_KEY_MAX}}}$")
# The URL kwarg of the portal's status page (egide.rights.urls_portal): a name, not a secret.
STATUS_TOKEN_KWARG = "token"  # noqa: S105

_ORDERINGS: dict[str, list[Any]] = {
    "deadline": [F("governing_due_on").asc(nulls_last=True), "pk"],
    "-deadline": [F("governing_due_on").desc(nulls_last=True), "-pk"],
    "received": [F("received_on").asc(nulls_last=True), "pk"],
    "-received": [F("received_on").desc(nulls_last=True), "-pk"],
}

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional, up to 60 printable ASCII characters. Sending a request again with the same key "
        "returns the request filed the first time (200) instead of filing a second one (201)."
    ),
)


class RightsRequestViewSet(
    RequestWorkflowMixin, RequestFilesMixin, mixins.ListModelMixin, RequestViewSetBase
):
    """Patients' rights requests (GDPR Art. 12-22, CSP L.1111-7). Everyone reads; the DPO, assistants
    and contributors handle them (contributors only those assigned to them); identity documents and
    identity decisions are for the DPO team only."""

    serializer_class = s.RightsRequestSerializer
    action_permissions = {
        **RequestWorkflowMixin.action_permissions,
        **RequestFilesMixin.action_permissions,
    }

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[RightsRequest]:
        if self.action != "list":
            return RightsRequest.objects.for_organisation(organisation).select_related(
                "organisation", "assigned_to", "duplicate_of"
            )
        params = self.validated_input(s.RequestFilterSerializer, self.request.query_params)
        requests = selectors.rights_requests_for(
            organisation=organisation,
            status=params.get("status"),
            right=params.get("right"),
            overdue=params.get("overdue"),
            q=params.get("search", ""),
            today=self.today,
        )
        if "assigned_to" in params:
            requests = requests.filter(assigned_to_id=params["assigned_to"])
        if "received_after" in params:
            requests = requests.filter(received_on__gte=params["received_after"])
        if "received_before" in params:
            requests = requests.filter(received_on__lte=params["received_before"])
        return requests.order_by(*_ORDERINGS[params.get("ordering", "deadline")])

    @extend_schema(parameters=[s.RequestFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The organisation's requests, the most urgent first (``ordering`` changes it)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.RightsRequestDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Everything about one request: requester, status, identity, deadlines, assignee."""
        return self.respond(self.get_object())

    @extend_schema(
        request=s.RequestCreateSerializer,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={
            201: s.RightsRequestDetailSerializer,
            200: OpenApiResponse(
                s.RightsRequestDetailSerializer,
                description="The request filed earlier with the same Idempotency-Key.",
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a request. Staff give the channel (email, paper, phone, in person) and the real date
        of receipt. A hospital's patient portal files with ``channel=api``: the request is received
        today (the deadlines run from now), its identity is not checked yet (the DPO team decides on
        proofs), and an ``Idempotency-Key`` header makes retries safe."""
        key = self._idempotency_key(request)
        if key is not None:
            earlier = (
                RightsRequest.objects.for_organisation(self.organisation)
                .filter(submission_key=key)
                .first()
            )
            if earlier is not None:
                return self.respond(earlier)
        fields = self.validated_input(s.RequestCreateSerializer, request.data)
        channel = fields.pop("channel")
        received_on = fields.pop("received_on", None)
        if channel == Channel.API:
            if received_on is not None and received_on != self.today:
                raise exceptions.ValidationError(
                    {"received_on": [_("A request filed through the API is received today.")]}
                )
            received_on = self.today
        intake = services.RequestIntake(**fields)
        with transaction.atomic():
            recorded = services.rights_request_record(
                actor=self.user,
                organisation=self.organisation,
                intake=intake,
                channel=channel,
                received_on=received_on,
                clock=self.clock,
                **({"submission_key": key} if key is not None else {}),
            )
            if not self.handles_all and recorded.assigned_to_id is None:
                # A contributor handles what they record (as they own the activities they create).
                services.rights_request_assign(
                    actor=self.user, request=recorded, assignee=self.user, clock=self.clock
                )
        return self.respond(recorded, status.HTTP_201_CREATED)

    def _idempotency_key(self, request: Request) -> str | None:
        raw = request.headers.get(IDEMPOTENCY_HEADER)
        if raw is None:
            return None
        if not _IDEMPOTENCY_KEY.match(raw):
            raise exceptions.ValidationError(
                {
                    IDEMPOTENCY_HEADER: [
                        _("Use 1 to %d printable ASCII characters, without spaces.")
                        % IDEMPOTENCY_KEY_MAX
                    ]
                }
            )
        return IDEMPOTENCY_PREFIX + raw

    @extend_schema(responses=s.TimelineEntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Every step of the request in order, internal notes included."""
        entries = selectors.timeline_for(request=self.get_object(), include_internal=True)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(s.TimelineEntrySerializer(page, many=True).data)

    @extend_schema(request=None, responses=s.StatusLinkSerializer)
    @action(detail=True, methods=["post"], url_path="status-link")
    def status_link(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A signed link to the request's public status page (status, letters to download), to hand to
        the requester, e.g. in the hospital's own patient portal."""
        rights_request = self.get_object()
        self.require_may_handle(rights_request)
        token = status_token_for(rights_request)
        path = reverse(
            "rights_portal:status",
            kwargs={"org": self.organisation.slug, STATUS_TOKEN_KWARG: token},
        )
        return Response({"url": request.build_absolute_uri(path), "token": token})
