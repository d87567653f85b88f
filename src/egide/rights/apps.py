from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "egide.rights"
    label = "rights"
    verbose_name = _("Rights requests")
    default_auto_field = "django.db.models.BigAutoField"
