"""What an activity records, one row at a time: added through the activity
(``POST activities/{id}/purposes/``...), then read, changed and removed at its own address
(``purposes/{id}/``...). Every write goes through ``egide.registry.services``; contributors change only
the rows of activities they own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models, transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.models import Organisation, User
from egide.registry import serializers as s
from egide.registry import services
from egide.registry.api.base import RegistryViewSet
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ControllerServed,
    JointController,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
)

Fields = dict[str, Any]


@dataclass(frozen=True)
class DetailKind:
    """One kind of row an activity records, and the services that write it."""

    model: type[models.Model]
    output: type[serializers.Serializer]
    input: type[serializers.Serializer]
    add: Callable[[User, ProcessingActivity, Fields], Any]
    change: Callable[[User, Any, Fields], Any]
    remove: Callable[[User, Any], None]
    change_input: type[serializers.Serializer] | None = None
    needs_categories: bool = False  # built-in data category codes are seeded before validation

    def prepare(self, organisation: Organisation, actor: User) -> None:
        """Runs in the write's transaction, before validation (undone when the input is refused)."""
        if self.needs_categories:
            services.data_categories_ensure(organisation=organisation, actor=actor)


PURPOSES = DetailKind(
    Purpose,
    s.PurposeSerializer,
    s.PurposeInputSerializer,
    add=lambda actor, activity, f: services.purpose_create(actor=actor, activity=activity, **f),
    change=lambda actor, row, f: services.purpose_update(actor=actor, purpose=row, **f),
    remove=lambda actor, row: services.purpose_delete(actor=actor, purpose=row),
)
DATA_CATEGORIES = DetailKind(
    ActivityDataCategory,
    s.ActivityDataCategorySerializer,
    s.ActivityDataCategoryInputSerializer,
    add=lambda actor, activity, f: services.activity_data_category_add(
        actor=actor, activity=activity, **f
    ),
    change=lambda actor, row, f: services.activity_data_category_update(
        actor=actor, data_category=row, **f
    ),
    remove=lambda actor, row: services.activity_data_category_remove(
        actor=actor, data_category=row
    ),
    needs_categories=True,
)
RECIPIENTS = DetailKind(
    Recipient,
    s.RecipientSerializer,
    s.RecipientInputSerializer,
    add=lambda actor, activity, f: services.recipient_add(actor=actor, activity=activity, **f),
    change=lambda actor, row, f: services.recipient_update(actor=actor, recipient=row, **f),
    remove=lambda actor, row: services.recipient_remove(actor=actor, recipient=row),
)
TRANSFERS = DetailKind(
    Transfer,
    s.TransferSerializer,
    s.TransferInputSerializer,
    add=lambda actor, activity, f: services.transfer_add(actor=actor, activity=activity, **f),
    change=lambda actor, row, f: services.transfer_update(actor=actor, transfer=row, **f),
    remove=lambda actor, row: services.transfer_remove(actor=actor, transfer=row),
)
SECURITY_MEASURES = DetailKind(
    ActivitySecurityMeasure,
    s.SecurityMeasureSerializer,
    s.SecurityMeasureInputSerializer,
    add=lambda actor, activity, f: services.activity_security_measure_add(
        actor=actor, activity=activity, **f
    ),
    change=lambda actor, row, f: services.activity_security_measure_update(
        actor=actor, security_measure=row, detail=f.get("detail", row.detail)
    ),
    remove=lambda actor, row: services.activity_security_measure_remove(
        actor=actor, security_measure=row
    ),
    change_input=s.SecurityMeasureUpdateSerializer,
)
JOINT_CONTROLLERS = DetailKind(
    JointController,
    s.JointControllerSerializer,
    s.JointControllerInputSerializer,
    add=lambda actor, activity, f: services.joint_controller_add(
        actor=actor, activity=activity, **f
    ),
    change=lambda actor, row, f: services.joint_controller_update(
        actor=actor, joint_controller=row, **f
    ),
    remove=lambda actor, row: services.joint_controller_remove(actor=actor, joint_controller=row),
)
CONTROLLERS_SERVED = DetailKind(
    ControllerServed,
    s.ControllerServedSerializer,
    s.ControllerServedInputSerializer,
    add=lambda actor, activity, f: services.controller_served_add(
        actor=actor, activity=activity, **f
    ),
    change=lambda actor, row, f: services.controller_served_update(
        actor=actor, controller=row, **f
    ),
    remove=lambda actor, row: services.controller_served_remove(actor=actor, controller=row),
)


class ActivityRowViewSet(mixins.RetrieveModelMixin, RegistryViewSet):
    """Base of the rows' own addresses: read (VIEW), change and remove (EDIT; contributors only on
    activities they own)."""

    kind: ClassVar[DetailKind]

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Any]:
        rows = self.kind.model._default_manager.for_organisation(organisation)  # type: ignore[attr-defined]
        return rows.select_related("activity", "activity__owner")

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        self.require_may_change(row.activity)
        with transaction.atomic():
            self.kind.prepare(self.organisation, self.user)
            fields = self.validated_input(
                self.kind.change_input or self.kind.input, request.data, partial=True
            )
            row = self.kind.change(self.user, row, fields)
        return Response(self.get_serializer(row).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        self.require_may_change(row.activity)
        self.kind.remove(self.user, row)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _documented(kind: DetailKind) -> Callable[[type[ActivityRowViewSet]], Any]:
    return extend_schema_view(
        partial_update=extend_schema(
            request=kind.change_input or kind.input, responses=kind.output
        ),
        destroy=extend_schema(responses={204: None}),
    )


@_documented(PURPOSES)
class PurposeViewSet(ActivityRowViewSet):
    """A purpose of an activity and its legal basis."""

    kind = PURPOSES
    serializer_class = s.PurposeSerializer


@_documented(DATA_CATEGORIES)
class ActivityDataCategoryViewSet(ActivityRowViewSet):
    """A data category an activity processes, with its retention and source."""

    kind = DATA_CATEGORIES
    serializer_class = s.ActivityDataCategorySerializer


@_documented(RECIPIENTS)
class RecipientViewSet(ActivityRowViewSet):
    """A recipient of an activity's data."""

    kind = RECIPIENTS
    serializer_class = s.RecipientSerializer


@_documented(TRANSFERS)
class TransferViewSet(ActivityRowViewSet):
    """A transfer outside the EEA and the tool that makes it lawful."""

    kind = TRANSFERS
    serializer_class = s.TransferSerializer


@_documented(SECURITY_MEASURES)
class SecurityMeasureViewSet(ActivityRowViewSet):
    """A security measure applied to an activity (only its detail changes)."""

    kind = SECURITY_MEASURES
    serializer_class = s.SecurityMeasureSerializer


@_documented(JOINT_CONTROLLERS)
class JointControllerViewSet(ActivityRowViewSet):
    """A joint controller of an activity and the essence of the Art. 26 arrangement."""

    kind = JOINT_CONTROLLERS
    serializer_class = s.JointControllerSerializer


@_documented(CONTROLLERS_SERVED)
class ControllerServedViewSet(ActivityRowViewSet):
    """In a processor record (Art. 30(2)), a controller the organisation processes data for."""

    kind = CONTROLLERS_SERVED
    serializer_class = s.ControllerServedSerializer
