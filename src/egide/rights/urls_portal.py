"""The public patient portal: one per organisation, no login (egide.rights.portal.views)."""

from django.urls import URLPattern, URLResolver, path

from egide.rights.portal import views

app_name = "rights_portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("p/<slug:org>/", views.start_view, name="start"),
    path("p/<slug:org>/sent/", views.sent_view, name="sent"),
    path("p/<slug:org>/confirm/<str:token>/", views.confirm_view, name="confirm"),
    path("p/<slug:org>/status/<str:token>/", views.status_view, name="status"),
    path(
        "p/<slug:org>/document/<str:token>/<int:document_id>/",
        views.document_view,
        name="document",
    ),
    path("p/<slug:org>/upload/<str:token>/", views.upload_view, name="upload"),
]
