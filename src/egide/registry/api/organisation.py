"""The organisation-wide parts of the register: vendors (processors, GDPR Art. 28), information
systems, data categories, the DPO designation (Art. 37), the template library, and the compliance
findings and score.

Everyone reads. Vendors, systems and categories are changed by the DPO and assistants (not by
contributors: they belong to no one); the DPO designation by those who manage the organisation.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.registry import selectors, services
from egide.registry import serializers as s
from egide.registry.api.base import RegistryViewSet
from egide.registry.compliance import (
    compliance_findings_list,
    compliance_summary_get,
    organisation_profile,
)
from egide.registry.designation import dpo_designation_required
from egide.registry.library import TEMPLATES
from egide.registry.models import (
    DataCategory,
    InformationSystem,
    ProcessingActivity,
    Vendor,
)
from egide.registry.rule_engine import Severity


class VendorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    """Processors, sub-processors and joint controllers, with their contract, Art. 28(3) clauses and
    HDS certificate."""

    write_permission = Perm.EDIT_ALL
    serializer_class = s.VendorSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Vendor]:
        if self.action != "list":
            vendors = selectors.vendors_list(organisation=organisation)
        else:
            params = self.validated_input(s.VendorFilterSerializer, self.request.query_params)
            vendors = selectors.vendors_list(
                organisation=organisation,
                role=params.get("role", ""),
                search=params.get("search", ""),
            )
        return vendors.prefetch_related("sub_processors")

    def _answer(self, vendor: Vendor, code: int = status.HTTP_200_OK) -> Response:
        return Response(
            self.get_serializer(self.get_queryset().get(pk=vendor.pk)).data, status=code
        )

    def _write(self, vendor: Vendor | None, fields: dict[str, Any]) -> Vendor:
        sub_processors = fields.pop("sub_processors", None)
        with transaction.atomic():
            if vendor is None:
                vendor = services.vendor_create(
                    actor=self.user, organisation=self.organisation, **fields
                )
            elif fields:
                vendor = services.vendor_update(actor=self.user, vendor=vendor, **fields)
            if sub_processors is not None:
                services.vendor_set_sub_processors(
                    actor=self.user, vendor=vendor, sub_processors=sub_processors
                )
        return vendor

    @extend_schema(parameters=[s.VendorFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=s.VendorInputSerializer, responses={201: s.VendorSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated_input(s.VendorInputSerializer, request.data)
        return self._answer(self._write(None, fields), status.HTTP_201_CREATED)

    @extend_schema(request=s.VendorInputSerializer, responses=s.VendorSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        vendor = self.get_object()
        fields = self.validated_input(s.VendorInputSerializer, request.data, partial=True)
        return self._answer(self._write(vendor, fields))

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete a vendor no activity, transfer or system names any more (400 otherwise)."""
        services.vendor_delete(actor=self.user, vendor=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InformationSystemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    """Software and infrastructure supporting the activities (linked from an activity's ``systems``)."""

    write_permission = Perm.EDIT_ALL
    serializer_class = s.InformationSystemSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[InformationSystem]:
        return selectors.information_systems_list(organisation=organisation)

    @extend_schema(
        request=s.InformationSystemInputSerializer, responses={201: s.InformationSystemSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated_input(s.InformationSystemInputSerializer, request.data)
        system = services.information_system_create(
            actor=self.user, organisation=self.organisation, **fields
        )
        return Response(self.get_serializer(system).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.InformationSystemInputSerializer, responses=s.InformationSystemSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        system = self.get_object()
        fields = self.validated_input(
            s.InformationSystemInputSerializer, request.data, partial=True
        )
        system = services.information_system_update(actor=self.user, system=system, **fields)
        return Response(self.get_serializer(system).data)


class DataCategoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RegistryViewSet):
    """The organisation's data categories: the built-in, health-aware taxonomy (once an activity uses
    it) and the organisation's own. Built-in categories may only be relabelled."""

    write_permission = Perm.EDIT_ALL
    serializer_class = s.DataCategorySerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[DataCategory]:
        return selectors.data_categories_list(organisation=organisation)

    @extend_schema(request=s.DataCategoryInputSerializer, responses={201: s.DataCategorySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add one of the organisation's own categories."""
        fields = self.validated_input(s.DataCategoryInputSerializer, request.data)
        category = services.data_category_create(
            actor=self.user, organisation=self.organisation, **fields
        )
        return Response(self.get_serializer(category).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DataCategoryInputSerializer, responses=s.DataCategorySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        category = self.get_object()
        fields = self.validated_input(s.DataCategoryInputSerializer, request.data, partial=True)
        if category.builtin and set(fields) - {"label"}:
            raise exceptions.ValidationError(
                {
                    name: [gettext("A built-in category keeps its %s.") % name]
                    for name in sorted(set(fields) - {"label"})
                }
            )
        if fields:
            category = services.data_category_update(actor=self.user, category=category, **fields)
        return Response(self.get_serializer(category).data)


class ProcessingTemplateViewSet(mixins.ListModelMixin, RegistryViewSet):
    """The library of health-sector processing templates (the same for every organisation), to create
    activities ``from_template``."""

    write_permission = None
    serializer_class = s.ProcessingTemplateSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Any]:
        # The library is code, not rows: nothing to query (the browsable API still asks).
        return ProcessingActivity.objects.for_organisation(organisation).none()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        templates: Any = list(TEMPLATES)  # paginated like a queryset
        page = self.paginate_queryset(templates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class FindingViewSet(mixins.ListModelMixin, RegistryViewSet):
    """What the compliance checks found, most severe first (recomputed after every change)."""

    write_permission = None
    serializer_class = s.FindingSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Any]:
        return compliance_findings_list(organisation=organisation)

    @extend_schema(parameters=[s.FindingFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        params = self.validated_input(s.FindingFilterSerializer, request.query_params)
        activity = None
        if "activity" in params:
            activity = self._activity(params["activity"])
        findings = compliance_findings_list(
            organisation=self.organisation, activity=activity, severity=params.get("severity")
        )
        page = self.paginate_queryset(findings)
        return self.get_paginated_response(
            self.get_serializer([f.as_dict() for f in page or []], many=True).data
        )

    def _activity(self, pk: int) -> ProcessingActivity:
        try:
            return selectors.processing_activity_get(organisation=self.organisation, pk=pk)
        except ProcessingActivity.DoesNotExist:
            raise exceptions.ValidationError(
                {"activity": [gettext("Unknown activity %s.") % pk]}
            ) from None


class ComplianceViewSet(RegistryViewSet):
    """The organisation's compliance score and its findings counted by severity."""

    write_permission = None
    serializer_class = s.ComplianceSummarySerializer

    @extend_schema(responses=s.ComplianceSummarySerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        summary = compliance_summary_get(organisation=self.organisation)
        counts = summary.counts if summary is not None else dict.fromkeys(reversed(Severity), 0)
        data = {
            "score": summary.score if summary is not None else None,
            "counts": {severity.value: n for severity, n in counts.items()},
            "activity_count": summary.activity_count if summary is not None else None,
            "computed_at": summary.computed_at if summary is not None else None,
        }
        return Response(self.get_serializer(data).data)


class DpoDesignationViewSet(RegistryViewSet):
    """The organisation's DPO (GDPR Art. 37): the current designation, the earlier ones, and whether
    designating one is mandatory here and why."""

    write_permission = Perm.MANAGE_ORGANISATION
    serializer_class = s.DpoDesignationStateSerializer

    def _state(self) -> Response:
        designations = list(selectors.dpo_designations_list(organisation=self.organisation))
        assessment = dpo_designation_required(organisation_profile(self.organisation))
        state: dict[str, Any] = {
            "current": next((d for d in designations if d.is_current), None),
            "history": [d for d in designations if not d.is_current],
            "assessment": {
                "required": assessment.required,
                "recommended": assessment.recommended,
                "reasons": [
                    {
                        "code": r.code,
                        "mandatory": r.mandatory,
                        "legal_reference": gettext(r.legal_reference),
                        "message": r.message(gettext),
                    }
                    for r in assessment.reasons
                ],
            },
        }
        return Response(self.get_serializer(state).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._state()

    @extend_schema(
        request=s.DpoDesignationInputSerializer, responses={200: s.DpoDesignationStateSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record the DPO: the same person (kind, name, firm) completes the current designation;
        someone else ends it on the new ``designated_on`` and starts a new one."""
        fields = self.validated_input(s.DpoDesignationInputSerializer, request.data)
        try:
            services.dpo_designation_set(actor=self.user, organisation=self.organisation, **fields)
        except DjangoValidationError as exc:
            # Naming someone else ends the current designation on the new ``designated_on``: an
            # ``ended_on`` error is about the date this request gave.
            if hasattr(exc, "error_dict") and "ended_on" in exc.error_dict:
                exc.error_dict["designated_on"] = exc.error_dict.pop("ended_on")
            raise
        return self._state()


__all__ = [
    "ComplianceViewSet",
    "DataCategoryViewSet",
    "DpoDesignationViewSet",
    "FindingViewSet",
    "InformationSystemViewSet",
    "ProcessingTemplateViewSet",
    "VendorViewSet",
]
