"""The DPO team's pages of rights requests, under /o/<org>/rights/: every view declares its policy with
``org_view``. URL kwargs: request_id, task_id, document_id, issued_document_id, kind, language."""

from django.urls import URLPattern, URLResolver, path

from egide.rights.views import (
    detail,
    documents,
    export,
    intake,
    letters,
    lists,
    portfolio,
    settings,
    work,
)
from egide.rights.views.actions import ACTION_VIEWS

app_name = "rights"

BASE = "o/<slug:org>/rights/"
REQUEST = f"{BASE}<int:request_id>/"
LETTER = f"{BASE}letters/<slug:kind>/<slug:language>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("rights/portfolio/", portfolio.portfolio_view, name="portfolio"),
    path(BASE, lists.request_list_view, name="list"),
    path(f"{BASE}dashboard/", lists.dashboard_view, name="dashboard"),
    path(f"{BASE}new/", intake.request_new_view, name="new"),
    path(f"{BASE}export/", export.export_view, name="export"),
    path(f"{BASE}settings/", settings.settings_view, name="settings"),
    path(f"{BASE}letters/", letters.letter_list_view, name="letters"),
    path(LETTER, letters.letter_edit_view, name="letter_edit"),
    path(f"{LETTER}reset/", letters.letter_reset_view, name="letter_reset"),
    path(REQUEST, detail.request_detail_view, name="detail"),
    path(f"{REQUEST}assign/", work.assign_view, name="assign"),
    path(f"{REQUEST}note/", work.note_view, name="note"),
    path(f"{REQUEST}status-link/", work.status_link_renew_view, name="status_link_renew"),
    path(f"{REQUEST}tasks/add/", work.task_add_view, name="task_add"),
    path(f"{REQUEST}tasks/suggest/", work.tasks_suggest_view, name="tasks_suggest"),
    path(f"{BASE}tasks/<int:task_id>/complete/", work.task_complete_view, name="task_complete"),
    path(
        f"{BASE}documents/<int:document_id>/",
        documents.identity_document_view,
        name="document",
    ),
    path(
        f"{BASE}issued/<int:issued_document_id>/",
        documents.issued_document_view,
        name="issued_document",
    ),
]
# The workflow's actions (egide.rights.views.actions): rights:start, rights:ask_proof, rights:answer, ...
urlpatterns += [
    path(f"{REQUEST}{slug}/", view, name=slug.replace("-", "_"))
    for slug, view in ACTION_VIEWS.items()
]
