"""The register's pages under /o/<org>/registry/: every view declares its policy with ``org_view``."""

from django.urls import path

from egide.registry.views import activities, dpo, editing, history, vendors
from egide.registry.views._lists import SECTIONS
from egide.registry.views.sections import section_views

app_name = "registry"

ACTIVITY = "o/<slug:org>/registry/<int:activity_id>/"

urlpatterns = [
    path("o/<slug:org>/registry/", activities.activity_list_view, name="activity_list"),
    path("o/<slug:org>/registry/new/", editing.activity_create_view, name="activity_create"),
    path(ACTIVITY, activities.activity_detail_view, name="activity_detail"),
    path(f"{ACTIVITY}edit/", editing.activity_edit_view, name="activity_edit"),
    path(f"{ACTIVITY}submit/", editing.activity_submit_view, name="activity_submit"),
    path(f"{ACTIVITY}validate/", editing.activity_validate_view, name="activity_validate"),
    path(f"{ACTIVITY}archive/", editing.activity_archive_view, name="activity_archive"),
    path(f"{ACTIVITY}restore/", editing.activity_restore_view, name="activity_restore"),
    path(f"{ACTIVITY}history/", history.activity_history_view, name="activity_history"),
    path(f"{ACTIVITY}history/diff/", history.activity_diff_view, name="activity_diff"),
    path("o/<slug:org>/registry/vendors/", vendors.vendor_list_view, name="vendor_list"),
    path("o/<slug:org>/registry/vendors/new/", vendors.vendor_create_view, name="vendor_create"),
    path(
        "o/<slug:org>/registry/vendors/<int:vendor_id>/",
        vendors.vendor_detail_view,
        name="vendor_detail",
    ),
    path(
        "o/<slug:org>/registry/vendors/<int:vendor_id>/edit/",
        vendors.vendor_edit_view,
        name="vendor_edit",
    ),
    path(
        "o/<slug:org>/registry/vendors/<int:vendor_id>/agreement/",
        vendors.vendor_agreement_view,
        name="vendor_agreement",
    ),
    path("o/<slug:org>/registry/systems/new/", vendors.system_create_view, name="system_create"),
    path(
        "o/<slug:org>/registry/systems/<int:system_id>/",
        vendors.system_detail_view,
        name="system_detail",
    ),
    path(
        "o/<slug:org>/registry/systems/<int:system_id>/edit/",
        vendors.system_edit_view,
        name="system_edit",
    ),
    path("o/<slug:org>/registry/dpo/", dpo.dpo_designation_view, name="dpo_designation"),
    path(
        "o/<slug:org>/registry/dpo/end/", dpo.dpo_designation_end_view, name="dpo_designation_end"
    ),
]

# The lists an activity records: add, change and remove rows (egide.registry.views.sections).
for _section in SECTIONS:
    _add, _edit, _delete = section_views(_section)
    urlpatterns += [
        path(f"{ACTIVITY}{_section.slug}/", _add, name=f"{_section.key}_add"),
        path(f"{ACTIVITY}{_section.slug}/<int:item_id>/", _edit, name=f"{_section.key}_edit"),
        path(
            f"{ACTIVITY}{_section.slug}/<int:item_id>/delete/",
            _delete,
            name=f"{_section.key}_delete",
        ),
    ]
