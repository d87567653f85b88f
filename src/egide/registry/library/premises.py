"""Templates for the security of premises: video protection, visitors, access badges."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from egide.registry.choices import DataSource as S
from egide.registry.choices import LegalBasis as B
from egide.registry.choices import RecipientKind as R
from egide.registry.choices import RetentionStart as Start
from egide.registry.choices import RetentionUnit as Unit
from egide.registry.library.base import (
    ProcessingTemplate,
    PurposeSpec,
    RecipientSpec,
    keep,
    keep_for,
)
from egide.registry.library.staff import EVERYONE

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="cctv",
        name=_("Video protection"),
        description=_("Cameras at entrances, car parks and sensitive areas (never in care rooms)."),
        purposes=(
            PurposeSpec(
                _("Protecting people and property in and around the premises"),
                B.PUBLIC_TASK,
                is_main=True,
                basis_reference="Code de la sécurité intérieure L.251-2",
            ),
        ),
        data_subjects=("patients", "visitors", "staff"),
        data=(keep("images.cctv", "cctv_images", S.GENERATED),),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Security department")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Police (on requisition)")),
            RecipientSpec(R.PROCESSOR, _("Security company")),
        ),
        security=("access_control", "traceability", "physical_security", "minimisation"),
        suits=EVERYONE,
    ),
    ProcessingTemplate(
        code="visitor_access",
        name=_("Visitor access"),
        description=_("Registering visitors and contractors entering restricted areas."),
        purposes=(
            PurposeSpec(
                _("Controlling access of visitors and contractors to restricted areas"),
                B.PUBLIC_TASK,
                is_main=True,
            ),
        ),
        data_subjects=("visitors", "suppliers"),
        data=(
            keep("identity", "visitor_access", S.DATA_SUBJECT),
            keep("professional", "visitor_access", S.DATA_SUBJECT),
        ),
        recipients=(RecipientSpec(R.INTERNAL_SERVICE, _("Reception and security")),),
        security=("access_control", "physical_security", "minimisation"),
        suits=EVERYONE,
    ),
    ProcessingTemplate(
        code="access_badges",
        name=_("Staff access badges"),
        description=_("Badges opening doors of the premises, with the record of passages."),
        purposes=(
            PurposeSpec(
                _("Controlling staff access to the premises and restricted areas"),
                B.PUBLIC_TASK,
                is_main=True,
            ),
        ),
        data_subjects=("staff", "students"),
        data=(
            keep_for("identity", 3, Unit.MONTHS, Start.EMPLOYEE_DEPARTURE, S.INTERNAL_SERVICE),
            keep_for("location", 3, Unit.MONTHS, Start.COLLECTION, S.GENERATED),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Security department")),
            RecipientSpec(R.PROCESSOR, _("Access control system vendor")),
        ),
        security=("access_control", "traceability", "physical_security"),
        suits=EVERYONE,
    ),
)
