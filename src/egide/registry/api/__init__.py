"""The register's API, under ``/api/v1/o/<org>/registry/`` (``egide.config.api_urls`` includes
:data:`urlpatterns`). URL names are in the ``api`` namespace, prefixed ``registry-``."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from egide.registry.api.activities import ActivityViewSet
from egide.registry.api.details import (
    ActivityDataCategoryViewSet,
    ControllerServedViewSet,
    JointControllerViewSet,
    PurposeViewSet,
    RecipientViewSet,
    SecurityMeasureViewSet,
    TransferViewSet,
)
from egide.registry.api.organisation import (
    ComplianceViewSet,
    DataCategoryViewSet,
    DpoDesignationViewSet,
    FindingViewSet,
    InformationSystemViewSet,
    ProcessingTemplateViewSet,
    VendorViewSet,
)

router = SimpleRouter(use_regex_path=False)
router.register("activities", ActivityViewSet, basename="registry-activity")
router.register("purposes", PurposeViewSet, basename="registry-purpose")
router.register(
    "activity-data-categories",
    ActivityDataCategoryViewSet,
    basename="registry-activity-data-category",
)
router.register("recipients", RecipientViewSet, basename="registry-recipient")
router.register("transfers", TransferViewSet, basename="registry-transfer")
router.register("security-measures", SecurityMeasureViewSet, basename="registry-security-measure")
router.register("joint-controllers", JointControllerViewSet, basename="registry-joint-controller")
router.register(
    "controllers-served", ControllerServedViewSet, basename="registry-controller-served"
)
router.register("vendors", VendorViewSet, basename="registry-vendor")
router.register("systems", InformationSystemViewSet, basename="registry-system")
router.register("data-categories", DataCategoryViewSet, basename="registry-data-category")
router.register("templates", ProcessingTemplateViewSet, basename="registry-template")
router.register("findings", FindingViewSet, basename="registry-finding")

urlpatterns = [
    path(
        "compliance/",
        ComplianceViewSet.as_view({"get": "retrieve"}),
        name="registry-compliance",
    ),
    path(
        "dpo-designation/",
        DpoDesignationViewSet.as_view({"get": "retrieve", "post": "create"}),
        name="registry-dpo-designation",
    ),
    *router.urls,
]
