from django.urls import path

from egide.core.views_audit import audit_export_view, audit_log_view
from egide.core.views_ops import healthz_view, jobs_view, readyz_view

app_name = "core"

urlpatterns = [
    path("healthz", healthz_view, name="healthz"),
    path("readyz", readyz_view, name="readyz"),
    path("ops/jobs/", jobs_view, name="jobs"),
    path("o/<slug:org>/audit/", audit_log_view, name="audit_log"),
    path("o/<slug:org>/audit/export.csv", audit_export_view, name="audit_export"),
]
