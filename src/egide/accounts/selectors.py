"""Reads about users, organisations and memberships."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from egide.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    RecoveryCode,
    TotpDevice,
    User,
)


def _active(now: datetime) -> Q:
    return Q(revoked_at__isnull=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def membership_active_get(
    *, user: User, organisation_slug: str, now: datetime
) -> Membership | None:
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


def portfolio_memberships_list(
    *, user: User, now: datetime, search: str = "", kind: str = ""
) -> QuerySet[Membership]:
    """The user's live memberships for the portfolio, narrowed by organisation name and kind."""
    memberships = memberships_active_list(user=user, now=now)
    if search:
        memberships = memberships.filter(
            Q(organisation__legal_name__icontains=search) | Q(organisation__slug__icontains=search)
        )
    if kind:
        memberships = memberships.filter(organisation__kind=kind)
    return memberships


def organisation_members_list(*, organisation: Organisation) -> QuerySet[Membership]:
    """Members not revoked (expired auditors included, so their access can be extended), with
    ``mfa_enrolled`` annotated."""
    from django.db.models import Exists, OuterRef

    from egide.accounts.models import TotpDevice

    confirmed = TotpDevice.objects.filter(user=OuterRef("user"), confirmed_at__isnull=False)
    return (
        Membership.objects.filter(organisation=organisation, revoked_at__isnull=True)
        .select_related("user")
        .annotate(mfa_enrolled=Exists(confirmed))
        .order_by("user__email")
    )


def organisation_members_count(*, organisation: Organisation, now: datetime) -> int:
    return Membership.objects.filter(_active(now), organisation=organisation).count()


def organisation_membership_get(
    *, organisation: Organisation, membership_id: int
) -> Membership | None:
    """A membership of this organisation (fetched through it: another organisation's id finds nothing)."""
    return (
        Membership.objects.select_related("user", "organisation")
        .filter(organisation=organisation, pk=membership_id, revoked_at__isnull=True)
        .first()
    )


def totp_device_confirmed_get(*, user: User) -> TotpDevice | None:
    """The user's confirmed authenticator, or None (none yet, or enrolment not finished)."""
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def recovery_codes_unused_count(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def api_tokens_of_member_list(*, user: User, organisation: Organisation) -> QuerySet[ApiToken]:
    """The user's own API tokens in one organisation, newest first (revoked ones included)."""
    tokens = ApiToken.objects.filter(user=user, organisation=organisation)
    return tokens.order_by("-created_at", "-pk")
