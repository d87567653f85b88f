"""What the portal's information notice says (GDPR Art. 13): who processes the requester's data, why, on
what basis, for how long, for whom, and whom to contact."""

from __future__ import annotations

from dataclasses import dataclass

from egide.accounts.models import Organisation
from egide.registry.selectors import dpo_designation_current
from egide.rights.models import RightsSettings

# Handled requests are kept this long after they are closed, then deleted.
# Source: CNIL, retention of rights-request files: the duration of the limitation period (5 years,
# French Civil Code art. 2224), so the controller can prove it answered.
REQUEST_FILE_RETENTION_YEARS = 5
# The legal basis of the processing of the requester's own data.
NOTICE_LEGAL_BASIS = "GDPR Art. 6(1)(c), Art. 12-22; CSP L.1111-7"


@dataclass(frozen=True)
class PortalNotice:
    controller: str
    legal_basis: str
    retention_years: int
    contact_email: str
    contact_url: str
    extra: str
    unconfirmed_expiry_hours: int


def portal_notice(*, organisation: Organisation, settings: RightsSettings) -> PortalNotice:
    """The notice's facts: the contact is the portal's address, else the designated DPO's published
    contact (GDPR Art. 37(7)), else the DPO's address."""
    email, url = settings.contact_email, ""
    if not email:
        dpo = dpo_designation_current(organisation=organisation)
        if dpo is not None:
            email = dpo.published_contact_email or dpo.email
            url = dpo.published_contact_url
    return PortalNotice(
        controller=organisation.legal_name,
        legal_basis=NOTICE_LEGAL_BASIS,
        retention_years=REQUEST_FILE_RETENTION_YEARS,
        contact_email=email,
        contact_url=url,
        extra=settings.notice_extra,
        unconfirmed_expiry_hours=settings.unconfirmed_expiry_hours,
    )
