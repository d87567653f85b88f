"""The register's processing activities: list, record, create (blank or from a template), change,
status workflow, the rows each records, history and the diff of two versions.

Thin: reads through ``egide.registry.selectors``/``compliance``, writes through ``egide.registry.services``
with ``actor=request.user``. Contributors change only the activities they own (403, nothing written).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.core.serializers import AuditEventSerializer
from egide.registry import selectors, services
from egide.registry import serializers as s
from egide.registry.api import details
from egide.registry.api.base import RegistryViewSet
from egide.registry.compliance import compliance_findings_for_activity
from egide.registry.models import DataSubjectCategory, ProcessingActivity
from egide.registry.serializers.history import ActivityDiffSerializer, DiffQuerySerializer

# A status step takes no body and answers with the activity's record.
_STATUS_STEP = extend_schema(request=None, responses={200: s.ActivityDetailSerializer})


def _row_creation(name: str, kind: details.DetailKind, doc: str) -> Any:
    """The ``POST activities/{id}/<rows>/`` action adding one row of ``kind`` to the activity."""

    def add(self: ActivityViewSet, request: Request, *args: Any, **kwargs: Any) -> Response:
        activity = self.get_object()
        self.require_may_change(activity)
        with transaction.atomic():
            kind.prepare(self.organisation, self.user)
            fields = self.validated_input(kind.input, request.data)
            row = kind.add(self.user, activity, fields)
        return Response(kind.output(row).data, status=status.HTTP_201_CREATED)

    add.__name__ = name
    add.__doc__ = doc
    routed = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(add)
    return extend_schema(request=kind.input, responses={201: kind.output})(routed)


class ActivityViewSet(mixins.ListModelMixin, RegistryViewSet):
    """The record of processing activities (GDPR Art. 30). Everyone reads; contributors, the DPO and
    assistants write (contributors only what they own); the DPO and managers validate."""

    serializer_class = s.ActivitySerializer
    action_permissions = {
        "validate": Perm.VALIDATE,
        "history": Perm.VIEW_AUDIT,
        "diff": Perm.VIEW_AUDIT,
    }

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[ProcessingActivity]:
        if self.action != "list":
            return selectors.processing_activities_list(
                organisation=organisation, include_archived=True
            )
        params = self.validated_input(s.ActivityFilterSerializer, self.request.query_params)
        filters = selectors.ActivityFilters(
            search=params.get("search", ""),
            status=params.get("status", ""),
            record_kind=params.get("record_kind", ""),
            legal_basis=params.get("legal_basis", ""),
            finding_severity=params.get("severity", ""),
            owner_id=params.get("owner"),
            template_code=params.get("template", ""),
        )
        activities = selectors.processing_activities_search(
            organisation=organisation, filters=filters
        )
        return activities.prefetch_related("purposes")

    def _answer(self, activity: ProcessingActivity, code: int = status.HTTP_200_OK) -> Response:
        """The activity's full record, read back as a GET would show it."""
        fresh = selectors.processing_activity_detail(organisation=self.organisation, pk=activity.pk)
        context = {
            **self.get_serializer_context(),
            "controller": {
                "organisation": self.organisation,
                "dpo": selectors.dpo_designation_current(organisation=self.organisation),
            },
            "findings": [f.as_dict() for f in compliance_findings_for_activity(activity=fresh)],
        }
        return Response(s.ActivityDetailSerializer(fresh, context=context).data, status=code)

    @extend_schema(parameters=[s.ActivityFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The organisation's activities by reference (archived ones only when filtered on)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=s.ActivityDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Everything the activity records (Art. 30), with the compliance findings on it."""
        return self._answer(self.get_object())

    @extend_schema(request=s.ActivityCreateSerializer, responses={201: s.ActivityDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A new draft activity: blank, or pre-filled from a template of the library (purposes and
        bases, data subjects, data categories with retention, recipients, security measures)."""
        fields = self.validated_input(s.ActivityCreateSerializer, request.data)
        fields = self.owner_rule(fields, creating=True)
        template = fields.pop("from_template", "")
        name, reference = fields.pop("name", ""), fields.pop("reference", "")
        if template:
            activity = services.processing_activity_instantiate_template(
                actor=self.user,
                organisation=self.organisation,
                template_code=template,
                name=name,
                reference=reference,
                **fields,
            )
        else:
            activity = services.processing_activity_create(
                actor=self.user,
                organisation=self.organisation,
                name=name,
                reference=reference,
                **fields,
            )
        return self._answer(activity, status.HTTP_201_CREATED)

    @extend_schema(request=s.ActivityUpdateSerializer, responses=s.ActivityDetailSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the activity's own fields, its data subjects or its systems (lists replaced)."""
        activity = self.get_object()
        self.require_may_change(activity)
        with transaction.atomic():
            fields = self.validated_input(s.ActivityUpdateSerializer, request.data, partial=True)
            subjects, systems = fields.pop("data_subjects", None), fields.pop("systems", None)
            fields = self.owner_rule(fields, creating=False)
            if fields:
                services.processing_activity_update(actor=self.user, activity=activity, **fields)
            if subjects is not None:
                services.processing_activity_set_data_subjects(
                    actor=self.user, activity=activity, categories=self._data_subjects(subjects)
                )
            if systems is not None:
                services.processing_activity_set_systems(
                    actor=self.user, activity=activity, systems=systems
                )
        return self._answer(activity)

    def _data_subjects(self, codes: Sequence[str]) -> Sequence[DataSubjectCategory]:
        """The organisation's data subject categories named by ``codes`` (built-in ones seeded first)."""
        services.data_subject_categories_ensure(organisation=self.organisation, actor=self.user)
        known = {
            c.code: c
            for c in selectors.data_subject_categories_list(organisation=self.organisation)
        }
        unknown = sorted({code for code in codes if code not in known})
        if unknown:
            raise serializers.ValidationError(
                {"data_subjects": [_("Unknown data subject category %s.") % c for c in unknown]}
            )
        return [known[code] for code in dict.fromkeys(codes)]

    # --- Status workflow ---------------------------------------------------------------------

    @_STATUS_STEP
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a draft for review."""
        activity = self.get_object()
        self.require_may_change(activity)
        services.processing_activity_submit_for_review(actor=self.user, activity=activity)
        return self._answer(activity)

    @_STATUS_STEP
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Validate on behalf of the controller (the DPO and managers)."""
        activity = self.get_object()
        services.processing_activity_validate(actor=self.user, activity=activity)
        return self._answer(activity)

    @_STATUS_STEP
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Take the activity out of the live record (kept for history, never deleted)."""
        activity = self.get_object()
        self.require_may_change(activity)
        services.processing_activity_archive(actor=self.user, activity=activity)
        return self._answer(activity)

    @_STATUS_STEP
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Bring an archived activity back as a draft."""
        activity = self.get_object()
        self.require_may_change(activity)
        services.processing_activity_restore(actor=self.user, activity=activity)
        return self._answer(activity)

    # --- The rows it records -----------------------------------------------------------------

    purposes = _row_creation("purposes", details.PURPOSES, "Add a purpose and its legal basis.")
    data_categories = _row_creation(
        "data_categories",
        details.DATA_CATEGORIES,
        "Record a data category the activity processes, its retention and source.",
    )
    recipients = _row_creation("recipients", details.RECIPIENTS, "Add a recipient.")
    transfers = _row_creation(
        "transfers", details.TRANSFERS, "Record a transfer outside the EEA and its tool."
    )
    security_measures = _row_creation(
        "security_measures",
        details.SECURITY_MEASURES,
        "Record a security measure of the catalogue.",
    )
    joint_controllers = _row_creation(
        "joint_controllers", details.JOINT_CONTROLLERS, "Add a joint controller (GDPR Art. 26)."
    )
    controllers_served = _row_creation(
        "controllers_served",
        details.CONTROLLERS_SERVED,
        "In a processor record, add a controller the organisation acts for.",
    )

    # --- History -----------------------------------------------------------------------------

    @extend_schema(responses=AuditEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The audit events of the activity and of the rows it records, newest first."""
        events = selectors.processing_activity_history(activity=self.get_object())
        page = self.paginate_queryset(events)
        return self.get_paginated_response(AuditEventSerializer(page, many=True).data)

    @extend_schema(parameters=[DiffQuerySerializer], responses=ActivityDiffSerializer)
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Two versions side by side: the activity right after event ``from`` (left) and right after
        event ``to`` (right). Event ids come from ``history``; by default ``to`` is the latest change
        and ``from`` the one before it."""
        activity = self.get_object()
        query = self.validated_input(DiffQuerySerializer, request.query_params)
        events = selectors.processing_activity_history(activity=activity)
        ids = list(events.values_list("pk", flat=True))
        if not ids:
            raise exceptions.ValidationError(_("No change of this activity is recorded yet."))
        to_event = query.get("to", ids[0])
        before_to = ids.index(to_event) + 1 if to_event in ids else 0
        from_event = query.get("from", ids[min(before_to, len(ids) - 1)])
        errors = {
            name: [_("This is not an event of this activity (see its history).")]
            for name, event in (("from", from_event), ("to", to_event))
            if event not in ids
        }
        if errors:
            raise exceptions.ValidationError(errors)
        result = selectors.processing_activity_versions_diff(
            activity=activity, from_event_id=from_event, to_event_id=to_event
        )
        return Response(
            ActivityDiffSerializer({"from": from_event, "to": to_event, "diff": result}).data
        )
