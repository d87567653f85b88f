"""Access policies declared on every route.

Each view (function or DRF view) carries an ``egide_policy``. The tenant sweep (tests/test_tenant_sweep.py)
enumerates the URL resolver and fails on any route without one, then checks each route against
every kind of visitor. Declaring a policy is how a route says who may reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from egide.accounts.roles import Perm, role_has

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Audience(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    ANONYMOUS_FLOW = "anonymous_flow"  # sign-in steps: anyone (signed-in users are sent on)
    AUTHENTICATED = "authenticated"  # any signed-in user, no organisation involved
    ORGANISATION = "organisation"  # a member of the organisation in the URL, with a permission
    STAFF = "staff"  # platform operators only


@dataclass(frozen=True)
class Policy:
    audience: Audience
    read: Perm | None = None
    write: Perm | None = None

    def perm_for(self, method: str) -> Perm | None:
        return self.read if method.upper() in SAFE_METHODS else self.write

    def role_may(self, role: str, method: str) -> bool:
        perm = self.perm_for(method)
        return perm is not None and role_has(role, perm)


PUBLIC = Policy(Audience.PUBLIC)
ANONYMOUS_FLOW = Policy(Audience.ANONYMOUS_FLOW)
AUTHENTICATED = Policy(Audience.AUTHENTICATED)
STAFF = Policy(Audience.STAFF)


def organisation_policy(read: Perm, write: Perm | None = None) -> Policy:
    return Policy(Audience.ORGANISATION, read=read, write=write)


F = TypeVar("F", bound=Callable[..., Any])


def declare(policy: Policy) -> Callable[[F], F]:
    """Mark a view (or wrap a third-party view) with its policy without changing its behaviour."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return view(*args, **kwargs)

        wrapper.egide_policy = policy  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def policy_of(callback: Any, method: str = "GET") -> Policy | None:
    """The policy of a resolved URL callback: function views, class views and DRF viewsets."""
    policy = getattr(callback, "egide_policy", None)
    if policy is not None:
        return policy
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:
        return None
    actions: dict[str, str] | None = getattr(callback, "actions", None)
    get_policy = getattr(cls, "egide_policy_for", None)
    if get_policy is not None:
        action = (actions or {}).get(method.lower())
        return get_policy(action)
    return getattr(cls, "egide_policy", None)
