"""The requester's signed link to the status page of their request (no login).

The token carries the organisation, the request and its ``status_link_version`` (raise the version to
revoke every link given so far). Signed with the project's secret (django.core.signing), not stored.
A link is good for :data:`STATUS_LINK_MAX_AGE` after it was made: every letter emailed carries a fresh one,
so an old link lying in a mailbox stops opening the answers (GDPR Art. 32)."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from egide.accounts.models import Organisation
from egide.rights.models import RightsRequest

STATUS_SALT = "egide.rights.status"
STATUS_LINK_MAX_AGE = timedelta(days=365)


def status_token_for(request: RightsRequest) -> str:
    return signing.dumps(
        {"o": request.organisation_id, "r": request.pk, "v": request.status_link_version},
        salt=STATUS_SALT,
        compress=True,
    )


def request_for_status_token(*, organisation: Organisation, token: str) -> RightsRequest | None:
    """The request the token names, if it is genuine, of this organisation and of the current link
    version; None otherwise (never tells which check failed)."""
    try:
        payload = signing.loads(token, salt=STATUS_SALT, max_age=STATUS_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    org_id, request_id, version = payload.get("o"), payload.get("r"), payload.get("v")
    if org_id != organisation.pk or not isinstance(request_id, int):
        return None
    request = RightsRequest.objects.for_organisation(organisation).filter(pk=request_id).first()
    if request is None or request.status_link_version != version:
        return None
    return request
