"""Reads about users, organisations and memberships."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from egide.accounts.models import Membership, Organisation, User


def _active(now: datetime) -> Q:
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def membership_active_get(*, user: User, organisation_slug: str, now: datetime) -> Membership | None:
    """The user's live membership of the organisation, or None (unknown slug, never a member, expired,
    revoked: all look the same to the caller, so a URL cannot tell outsiders which organisations exist)."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.select_related("organisation")
        .filter(_active(now), user=user, organisation__slug=organisation_slug)
        .first()
    )


def memberships_active_list(*, user: User, now: datetime) -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("organisation", "organisation__group")
        .filter(_active(now), user=user)
        .order_by("organisation__legal_name")
    )


def organisations_visible_list(*, user: User, now: datetime) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=Membership.objects.filter(_active(now), user=user).values("organisation_id")
    ).order_by("legal_name")


def user_requires_mfa(*, user: User, now: datetime) -> bool:
    from egide.accounts.roles import MFA_REQUIRED_ROLES

    return memberships_active_list(user=user, now=now).filter(role__in=MFA_REQUIRED_ROLES).exists()
