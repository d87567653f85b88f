"""Download and upload of the register under /o/<org>/registry/ (``egide.registry.views_exchange``)."""

from django.urls import path

from egide.registry import views_exchange

app_name = "registry_exchange"

urlpatterns = [
    path(
        "o/<slug:org>/registry/exchange/",
        views_exchange.register_exchange_view,
        name="exchange",
    ),
    path(
        "o/<slug:org>/registry/export/",
        views_exchange.register_download_view,
        name="download",
    ),
]
