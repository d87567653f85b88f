"""Writes about organisations, users, memberships and API tokens. Each one is audited."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.api_auth import TOKEN_PREFIX_LENGTH, hash_token_key
from egide.accounts.models import ApiToken, Membership, Organisation, OrganisationGroup, User
from egide.accounts.roles import Role, role_within
from egide.core.audit import Actor, audit_record, changed, snapshot
from egide.core.clock import SYSTEM_CLOCK, Clock

ORGANISATION_FIELDS = (
    "slug",
    "legal_name",
    "kind",
    "legal_status",
    "siren",
    "siret",
    "finess",
    "address_line",
    "postal_code",
    "city",
    "country",
    "staff_count",
    "patient_volume",
    "bed_count",
    "group",
    "is_group_support",
    "uses_alsace_moselle_calendar",
)
MEMBERSHIP_FIELDS = ("user", "organisation", "role", "expires_at", "revoked_at")
USER_FIELDS = ("email", "full_name", "language", "is_active", "is_staff")


def organisation_group_get_or_create(*, actor: Actor | User, name: str) -> OrganisationGroup:
    with transaction.atomic():
        group, created = OrganisationGroup.objects.get_or_create(name=name)
        if created:
            audit_record(actor=actor, organisation=None, action="group.create", obj=group, after=snapshot(group))
    return group


def organisation_create(*, actor: Actor | User, clock: Clock = SYSTEM_CLOCK, **fields: Any) -> Organisation:
    organisation = Organisation(**fields)
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="organisation.create",
            obj=organisation,
            after=snapshot(organisation, ORGANISATION_FIELDS),
            clock=clock,
        )
    return organisation


def organisation_update(
    *, actor: Actor | User, organisation: Organisation, clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Organisation:
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"unknown organisation field {name!r}")
        setattr(organisation, name, value)
    organisation.full_clean()
    after = snapshot(organisation, ORGANISATION_FIELDS)
    diff = changed(before, after)
    if not diff:
        return organisation
    with transaction.atomic():
        organisation.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="organisation.update",
            obj=organisation,
            before={k: before[k] for k in diff},
            after=diff,
            clock=clock,
        )
    return organisation


def user_create(
    *,
    actor: Actor | User,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = "",
    is_staff: bool = False,
) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("A user with this email address already exists.")})
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, language=language, is_staff=is_staff
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        audit_record(actor=actor, organisation=None, action="user.create", obj=user, after=snapshot(user, USER_FIELDS))
    return user


def membership_grant(
    *,
    actor: Actor | User,
    organisation: Organisation,
    user: User,
    role: str,
    expires_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` (or change the role they hold there)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.AUDITOR and expires_at is None:
        raise ValidationError({"expires_at": _("An auditor's access must have an end date.")})
    if expires_at is not None and expires_at <= clock.now():
        raise ValidationError({"expires_at": _("The end of access must be in the future.")})
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        before = snapshot(membership, MEMBERSHIP_FIELDS) if membership else None
        if membership is None:
            membership = Membership(user=user, organisation=organisation)
        membership.role = role
        membership.expires_at = expires_at
        membership.revoked_at = None
        membership.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="membership.grant" if before is None else "membership.update",
            obj=membership,
            before=before,
            after=snapshot(membership, MEMBERSHIP_FIELDS),
            clock=clock,
        )
    return membership


def membership_revoke(*, actor: Actor | User, membership: Membership, clock: Clock = SYSTEM_CLOCK) -> Membership:
    with transaction.atomic():
        before = snapshot(membership, MEMBERSHIP_FIELDS)
        membership.revoked_at = clock.now()
        membership.save(update_fields=["revoked_at"])
        ApiToken.objects.filter(
            user=membership.user, organisation=membership.organisation, revoked_at__isnull=True
        ).update(revoked_at=membership.revoked_at)
        audit_record(
            actor=actor,
            organisation=membership.organisation,
            action="membership.revoke",
            obj=membership,
            before=before,
            after=snapshot(membership, MEMBERSHIP_FIELDS),
            clock=clock,
        )
    return membership


def api_token_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    role: str,
    expires_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` in ``organisation``; returns it and the key, shown once only."""
    membership = Membership.objects.filter(user=actor, organisation=organisation, revoked_at__isnull=True).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this organisation."))
    if role not in Role.values or not role_within(role, membership.role):
        raise ValidationError({"role": _("A token cannot carry more rights than your own role.")})
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    key = secrets.token_urlsafe(32)
    while ApiToken.objects.filter(prefix=key[:TOKEN_PREFIX_LENGTH]).exists():
        key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            organisation=organisation,
            role=role,
            name=name.strip(),
            prefix=key[:TOKEN_PREFIX_LENGTH],
            key_hash=hash_token_key(key),
            expires_at=expires_at,
        )
        audit_record(
            actor=actor,
            organisation=organisation,
            action="api_token.create",
            obj=token,
            after=snapshot(token, ("name", "role", "prefix", "expires_at")),
            clock=clock,
        )
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken, clock: Clock = SYSTEM_CLOCK) -> ApiToken:
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            organisation=token.organisation,
            action="api_token.revoke",
            obj=token,
            after={"revoked_at": token.revoked_at},
            clock=clock,
        )
    return token


def api_token_touch(*, token: ApiToken, now: datetime) -> None:
    """Record the last use, at most once a minute (not audited: a read, not a write of the record)."""
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
