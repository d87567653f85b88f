"""Every route declares its access policy (egide.core.policies); the tenant sweep test enforces it."""

from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from egide.core.policies import PUBLIC, declare

urlpatterns = [
    path("", declare(PUBLIC)(RedirectView.as_view(pattern_name="accounts:portfolio")), name="home"),
    path("i18n/setlang/", declare(PUBLIC)(set_language), name="set_language"),
    path("", include("egide.accounts.urls")),
    path("", include("egide.core.urls")),
    path("", include("egide.registry.urls")),
    path("", include("egide.registry.urls_exchange")),
    path("", include("egide.rights.urls")),
    path("", include("egide.rights.urls_portal")),
    path("api/", include("egide.config.api_urls")),
]

# The API's error body under /api/, Django's HTML pages elsewhere.
handler404 = "egide.core.api_views.not_found"
handler500 = "egide.core.api_views.server_error"
