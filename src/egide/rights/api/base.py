"""What every endpoint of the rights-request API shares: the organisation in the serializers' context,
input validation (400 with the fields), the clock, and who may act on which request (contributors only on
the requests assigned to them, as in the register they change only the activities they own)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from egide.accounts.roles import Perm, role_has
from egide.core.api import OrganisationScopedViewSet
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.rights import selectors
from egide.rights.models import RightsRequest


class RightsViewSet(OrganisationScopedViewSet):
    """An organisation endpoint of rights requests. Detail routes take an integer id."""

    lookup_value_converter = "int"
    # Every service call gets this clock (tests freeze it by patching the class attribute).
    clock: ClassVar[Clock] = SYSTEM_CLOCK

    @property
    def today(self) -> date:
        """Today in Europe/Paris: the calendar the deadlines are counted in."""
        return self.clock.now().astimezone(PARIS).date()

    @property
    def handles_all(self) -> bool:
        return role_has(self.role, Perm.EDIT_ALL)

    def require_may_handle(self, request: RightsRequest) -> None:
        """Contributors act only on the requests assigned to them (403, nothing written); the DPO and
        assistants on all."""
        if not self.handles_all and request.assigned_to_id != self.user.pk:
            raise exceptions.PermissionDenied(
                _("You may act only on the requests assigned to you.")
            )


class RequestViewSetBase(RightsViewSet):
    """What the request viewset and its mixins of steps and files share: the answer of a write."""

    def respond(self, request: RightsRequest, code: int = status.HTTP_200_OK) -> Response:
        """The request's full record, read back as a GET would show it."""
        from egide.rights.serializers import RightsRequestDetailSerializer

        fresh = selectors.rights_request_get(organisation=self.organisation, pk=request.pk)
        serializer = RightsRequestDetailSerializer(fresh, context=self.get_serializer_context())
        return Response(serializer.data, status=code)
