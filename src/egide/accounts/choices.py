from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    CLINIC = "clinic", _("Private clinic")
    MEDICO_SOCIAL = "medico_social", _("Medico-social establishment")
    LABORATORY = "laboratory", _("Medical biology laboratory")
    PHARMACY = "pharmacy", _("Pharmacy")
    PRACTICE = "practice", _("Practice")
    RESEARCH_SPONSOR = "research_sponsor", _("Research sponsor")
    OTHER = "other", _("Other")


class LegalStatus(models.TextChoices):
    PUBLIC = "public", _("Public body")
    PRIVATE_NON_PROFIT = "private_non_profit", _("Private non-profit (ESPIC)")
    PRIVATE = "private", _("Private for-profit")


class GroupKind(models.TextChoices):
    GHT = "ght", _("Hospital group (GHT)")
    PRIVATE_GROUP = "private_group", _("Private group")
    NETWORK = "network", _("Network")
