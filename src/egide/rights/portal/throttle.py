"""Rate limits of the public portal (counters shared by every web worker: egide.core.ratelimit).

Filing a request stores personal data and sends an email: a client address gets a few tries per ten
minutes and per day, and each organisation a ceiling per hour so a botnet spread over many addresses
cannot flood its DPO team. The token pages' POSTs (confirm, upload) have their own per-address limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from egide.accounts.models import Organisation
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.ratelimit import RateLimitResult, ratelimit_hit


@dataclass(frozen=True)
class Limit:
    name: str
    limit: int
    window: timedelta


# Filing: per client address and organisation, then for the whole organisation.
SUBMIT_PER_ADDRESS_SHORT = Limit("submit-10min", 5, timedelta(minutes=10))
SUBMIT_PER_ADDRESS_DAY = Limit("submit-day", 20, timedelta(days=1))
SUBMIT_PER_ORGANISATION = Limit("submit-org-hour", 300, timedelta(hours=1))
# Confirming an email, uploading a proof: per client address.
TOKEN_POST_PER_ADDRESS = Limit("token-post-10min", 30, timedelta(minutes=10))


def _hit(limit: Limit, scope: str, clock: Clock) -> RateLimitResult:
    return ratelimit_hit(
        key=f"rights.portal:{limit.name}:{scope}",
        limit=limit.limit,
        window=limit.window,
        clock=clock,
    )


def submission_hit(
    *, organisation: Organisation, address: str | None, clock: Clock = SYSTEM_CLOCK
) -> RateLimitResult | None:
    """Count one filing; the refusal (with its retry delay) when a limit is reached, None when allowed.
    Stops at the first refusal, so a refused client does not use up the organisation's allowance."""
    who = f"{organisation.pk}:{address or 'unknown'}"
    for limit, scope in (
        (SUBMIT_PER_ADDRESS_SHORT, who),
        (SUBMIT_PER_ADDRESS_DAY, who),
        (SUBMIT_PER_ORGANISATION, str(organisation.pk)),
    ):
        result = _hit(limit, scope, clock)
        if not result.allowed:
            return result
    return None


def token_post_hit(*, address: str | None, clock: Clock = SYSTEM_CLOCK) -> RateLimitResult | None:
    """Count one POST on a token page (confirm, upload); the refusal when over the limit, else None."""
    result = _hit(TOKEN_POST_PER_ADDRESS, address or "unknown", clock)
    return None if result.allowed else result
