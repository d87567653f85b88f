"""The fictional hospital group loaded by ``egide demo``: plain data, no database.

Everything here is invented: the GHT, the town of Montaurèle, the people. Identifiers only look real:
SIREN and SIRET carry correct Luhn check digits (computed below, as INSEE does), FINESS numbers start
with the department of the address (41, Loir-et-Cher) and end with a Luhn key too.

Private establishments cannot be parties to a GHT (art. L.6132-1 of the Public Health Code): only the
public hospital and the public nursing home belong to the group; the clinic and the laboratory stand alone.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from egide.accounts.choices import LegalStatus, OrganisationKind
from egide.accounts.roles import MFA_REQUIRED_ROLES, Role

# The one password of every demo account, printed by `egide demo`. Public on purpose: demo only.
DEMO_PASSWORD = "Egide-demo-2026"  # noqa: S105
EMAIL_DOMAIN = "demo.egide.local"

GROUP_NAME = "GHT Val d'Aurèle"

HOSPITAL = "ch-montaurele"
CLINIC = "clinique-du-parc"
NURSING_HOME = "ehpad-les-glycines"
LABORATORY = "labo-bio-aurele"
AUDITOR_ACCESS_DAYS = 60


def with_luhn_key(digits: str) -> str:
    """``digits`` followed by the Luhn check digit that makes the whole number valid."""
    return digits + luhn.calc_check_digit(digits)


def siret_of(siren: str, establishment: str) -> str:
    """SIRET = SIREN + the 4-digit establishment number + a Luhn check digit over all 14 digits."""
    return with_luhn_key(siren + establishment)


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    fields: dict[str, Any]
    in_group: bool = False


def _organisation(
    slug: str,
    *,
    siren_base: str,
    establishment: str,
    finess_base: str,
    in_group: bool = False,
    **fields: Any,
) -> DemoOrganisation:
    siren = with_luhn_key(siren_base)
    identifiers = {
        "siren": siren,
        "siret": siret_of(siren, establishment),
        "finess": with_luhn_key(finess_base),
    }
    return DemoOrganisation(
        slug=slug, fields={"slug": slug, **identifiers, **fields}, in_group=in_group
    )


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    _organisation(
        HOSPITAL,
        legal_name="Centre hospitalier de Montaurèle",
        kind=OrganisationKind.HOSPITAL,
        legal_status=LegalStatus.PUBLIC,
        siren_base="26410713",  # 26: public health establishments
        establishment="0018",
        finess_base="41078214",
        address_line="12 avenue des Tilleuls",
        postal_code="41270",
        city="Montaurèle",
        staff_count=3200,
        patient_volume=185000,
        bed_count=900,
        is_group_support=True,
        in_group=True,
    ),
    _organisation(
        CLINIC,
        legal_name="Clinique du Parc de Montaurèle",
        kind=OrganisationKind.CLINIC,
        legal_status=LegalStatus.PRIVATE,
        siren_base="48291537",
        establishment="0026",
        finess_base="41078563",
        address_line="3 allée du Parc",
        postal_code="41270",
        city="Montaurèle",
        staff_count=410,
        patient_volume=42000,
        bed_count=160,
    ),
    _organisation(
        NURSING_HOME,
        legal_name="EHPAD Les Glycines",
        kind=OrganisationKind.MEDICO_SOCIAL,
        legal_status=LegalStatus.PUBLIC,
        siren_base="26410829",
        establishment="0014",
        finess_base="41079127",
        address_line="8 rue des Vignes",
        postal_code="41320",
        city="Saint-Aurèle-sur-Cher",
        staff_count=82,
        patient_volume=118,
        bed_count=96,
        in_group=True,
    ),
    _organisation(
        LABORATORY,
        legal_name="Laboratoire Bio-Aurèle (SELAS)",
        kind=OrganisationKind.LABORATORY,
        legal_status=LegalStatus.PRIVATE,
        siren_base="83472615",
        establishment="0031",
        finess_base="41079348",
        address_line="27 boulevard de la Loire",
        postal_code="41270",
        city="Montaurèle",
        staff_count=135,
        patient_volume=240000,
    ),
)


@dataclass(frozen=True)
class DemoMembership:
    organisation: str  # slug
    role: Role
    access_days: int | None = None  # auditors' access ends this many days after loading


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    title: str | Promise  # what they do, printed under their login
    memberships: tuple[DemoMembership, ...] = field(default_factory=tuple)
    is_staff: bool = False

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    @property
    def needs_mfa(self) -> bool:
        return bool(self.roles & MFA_REQUIRED_ROLES)


def demo_totp_secret(email: str) -> str:
    """The TOTP seed of a demo user: derived from the email so it is known and stable across resets."""
    digest = hashlib.sha256(f"egide-demo-totp:{email}".encode()).digest()
    return base64.b32encode(digest[:20]).decode("ascii")


def _email(local_part: str) -> str:
    return f"{local_part}@{EMAIL_DOMAIN}"


def _in(role: Role, *slugs: str, access_days: int | None = None) -> tuple[DemoMembership, ...]:
    return tuple(DemoMembership(slug, role, access_days) for slug in slugs)


ALL_ORGANISATIONS = tuple(o.slug for o in ORGANISATIONS)

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        _email("claire.delorme"),
        "Claire Delorme",
        _("External DPO (Protégo Santé, the DPO firm)"),
        _in(Role.DPO, *ALL_ORGANISATIONS),
    ),
    DemoUser(
        _email("hugo.marchal"),
        "Hugo Marchal",
        _("DPO assistant (Protégo Santé)"),
        _in(Role.DPO_ASSISTANT, HOSPITAL, NURSING_HOME, CLINIC),
    ),
    DemoUser(
        _email("bernard.ferrand"),
        "Bernard Ferrand",
        _("Director, Centre hospitalier de Montaurèle"),
        _in(Role.MANAGER, HOSPITAL),
    ),
    DemoUser(
        _email("emilie.robin"),
        "Émilie Robin",
        _("Director of the EHPAD, GHT quality referent at the hospital"),
        _in(Role.MANAGER, NURSING_HOME) + _in(Role.CONTRIBUTOR, HOSPITAL),
    ),
    DemoUser(
        _email("nadia.benali"),
        "Nadia Benali",
        _("Managing director, Clinique du Parc"),
        _in(Role.MANAGER, CLINIC),
    ),
    DemoUser(
        _email("paul.lemaire"),
        "Paul Lemaire",
        _("Biologist in charge of the laboratory, the clinic's biology provider"),
        _in(Role.MANAGER, LABORATORY) + _in(Role.CONTRIBUTOR, CLINIC),
    ),
    DemoUser(
        _email("sophie.nguyen"),
        "Dr Sophie Nguyen",
        _("DIM physician (medical information), hospital"),
        _in(Role.CONTRIBUTOR, HOSPITAL),
    ),
    DemoUser(
        _email("julien.caron"),
        "Julien Caron",
        _("IT security officer (RSSI) of the GHT"),
        _in(Role.CONTRIBUTOR, HOSPITAL, NURSING_HOME),
    ),
    DemoUser(
        _email("thomas.girard"),
        "Thomas Girard",
        _("IT manager, Clinique du Parc"),
        _in(Role.CONTRIBUTOR, CLINIC),
    ),
    DemoUser(
        _email("aline.morel"),
        "Aline Morel",
        _("External auditor (certification audit)"),
        _in(Role.AUDITOR, HOSPITAL, NURSING_HOME, access_days=AUDITOR_ACCESS_DAYS),
    ),
    DemoUser(
        _email("ops"),
        "Platform operator",
        _("Runs the Egide instance (jobs and workers pages)"),
        is_staff=True,
    ),
)
