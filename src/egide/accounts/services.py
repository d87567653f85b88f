"""Writes about organisations, users, memberships and API tokens. Each one is audited."""

from __future__ import annotations

import copy
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from egide.accounts import mfa
from egide.accounts.models import (
    ApiToken,
    Membership,
    Organisation,
    OrganisationGroup,
    RecoveryCode,
    TotpDevice,
    User,
)
from egide.accounts.roles import Role, role_within
from egide.accounts.token_keys import TOKEN_PREFIX_LENGTH, hash_token_key
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


def _lock_members_of(organisation: Organisation) -> None:
    """Serialise membership changes of one organisation (two DPOs removing each other at once)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _ensure_a_dpo_remains(*, membership: Membership, keeps_dpo: bool, now: datetime) -> None:
    """Refuse a change that would leave the organisation without a live, open-ended DPO."""
    is_live_dpo = (
        membership.role == Role.DPO
        and membership.revoked_at is None
        and (membership.expires_at is None or membership.expires_at > now)
    )
    if not is_live_dpo or keeps_dpo:
        return
    other_dpos = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.DPO, revoked_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .exclude(pk=membership.pk)
    )
    if not other_dpos.exists():
        raise ValidationError(
            _(
                "This is the organisation's last DPO: appoint another DPO before removing, "
                "downgrading or time-limiting this access."
            ),
            code="last_dpo",
        )


def organisation_group_get_or_create(*, actor: Actor | User, name: str) -> OrganisationGroup:
    with transaction.atomic():
        group, created = OrganisationGroup.objects.get_or_create(name=name)
        if created:
            audit_record(
                actor=actor,
                organisation=None,
                action="group.create",
                obj=group,
                after=snapshot(group),
            )
    return group


def organisation_create(
    *, actor: Actor | User, group_name: str = "", clock: Clock = SYSTEM_CLOCK, **fields: Any
) -> Organisation:
    """Create an organisation; ``group_name`` puts it in that group (GHT), created if new."""
    organisation = Organisation(**fields)
    organisation.full_clean(exclude=["group"] if group_name else None)
    with transaction.atomic():
        if group_name.strip():
            organisation.group = organisation_group_get_or_create(
                actor=actor, name=group_name.strip()
            )
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
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"unknown organisation fields {sorted(unknown)!r}")
    # Validate a copy: on invalid input the caller's organisation is left as it was.
    candidate = copy.copy(organisation)
    for name, value in fields.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    after = snapshot(candidate, ORGANISATION_FIELDS)
    diff = changed(before, after)
    if not diff:
        return organisation
    for name, value in fields.items():
        setattr(organisation, name, value)
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
            email=email,
            password=password,
            full_name=full_name,
            language=language,
            is_staff=is_staff,
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            organisation=None,
            action="user.create",
            obj=user,
            after=snapshot(user, USER_FIELDS),
        )
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
        _lock_members_of(organisation)
        membership = Membership.objects.filter(user=user, organisation=organisation).first()
        before = snapshot(membership, MEMBERSHIP_FIELDS) if membership else None
        if membership is None:
            membership = Membership(user=user, organisation=organisation)
        else:
            _ensure_a_dpo_remains(
                membership=membership,
                keeps_dpo=role == Role.DPO and expires_at is None,
                now=clock.now(),
            )
        membership.role = role
        membership.expires_at = expires_at
        membership.revoked_at = None
        if before is not None and not changed(before, snapshot(membership, MEMBERSHIP_FIELDS)):
            return membership
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


def membership_revoke(
    *, actor: Actor | User, membership: Membership, clock: Clock = SYSTEM_CLOCK
) -> Membership:
    """End ``membership`` now (and the API tokens it carried). The last DPO cannot be removed."""
    if membership.revoked_at is not None:
        return membership
    with transaction.atomic():
        _lock_members_of(membership.organisation)
        _ensure_a_dpo_remains(membership=membership, keeps_dpo=False, now=clock.now())
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
    membership = Membership.objects.filter(
        user=actor, organisation=organisation, revoked_at__isnull=True
    ).first()
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


# Sign-in security: two-factor authentication, password reset, language preference.


def _recovery_codes_replace(*, user: User) -> list[str]:
    """Swap the user's recovery codes for 10 new ones; returns them in clear, to show once."""
    codes = mfa.new_recovery_codes()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=mfa.hash_recovery_code(code)) for code in codes]
    )
    return codes


def mfa_device_start(*, actor: Actor | User, user: User, clock: Clock = SYSTEM_CLOCK) -> TotpDevice:
    """The user's authenticator: an existing one as is, otherwise a new unconfirmed one with a fresh
    secret (kept across page reloads so a QR code already scanned stays valid)."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None:
            return device
        device = TotpDevice.objects.create(user=user, secret=mfa.new_secret())
        audit_record(
            actor=actor, organisation=None, action="mfa.enrol_start", obj=device, clock=clock
        )
    return device


def mfa_device_confirm(
    *, actor: Actor | User, user: User, code: str, clock: Clock = SYSTEM_CLOCK
) -> list[str]:
    """Confirm the unconfirmed authenticator with a current code; returns new recovery codes."""
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=True)
            .first()
        )
        if device is None:
            raise ValidationError(_("There is no authenticator waiting for confirmation."))
        now = clock.now()
        step = mfa.matching_step(device.secret, code, now=now, after_step=device.last_used_step)
        if step is None:
            raise ValidationError({"code": _("This code is not valid. Enter the current code.")})
        device.confirmed_at = now
        device.last_used_step = step
        device.save(update_fields=["confirmed_at", "last_used_step"])
        codes = _recovery_codes_replace(user=user)
        audit_record(actor=actor, organisation=None, action="mfa.enrol", obj=device, clock=clock)
    return codes


def mfa_totp_verify(*, user: User, code: str, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Check a code of the user's confirmed authenticator and use up its step (no replay)."""
    with transaction.atomic():
        device = (
            TotpDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=False)
            .first()
        )
        if device is None:
            return False
        step = mfa.matching_step(
            device.secret, code, now=clock.now(), after_step=device.last_used_step
        )
        if step is None:
            return False
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
    return True


def mfa_recovery_code_use(*, user: User, code: str, clock: Clock = SYSTEM_CLOCK) -> bool:
    """Check a recovery code and mark it used (each works once)."""
    with transaction.atomic():
        unused = RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True)
        for recovery_code in unused:
            if mfa.recovery_code_matches(code, recovery_code.code_hash):
                recovery_code.used_at = clock.now()
                recovery_code.save(update_fields=["used_at"])
                audit_record(
                    actor=user,
                    organisation=None,
                    action="mfa.recovery_code_use",
                    obj=recovery_code,
                    clock=clock,
                )
                return True
    return False


def mfa_code_check(*, user: User, code: str, clock: Clock = SYSTEM_CLOCK) -> str | None:
    """The sign-in second step: a 6-digit authenticator code or a recovery code. Returns the method
    that matched (``"totp"`` or ``"recovery_code"``), or None."""
    if mfa.looks_like_totp(code):
        return "totp" if mfa_totp_verify(user=user, code=code, clock=clock) else None
    return "recovery_code" if mfa_recovery_code_use(user=user, code=code, clock=clock) else None


def mfa_recovery_codes_regenerate(
    *, actor: Actor | User, user: User, code: str, clock: Clock = SYSTEM_CLOCK
) -> list[str]:
    """New recovery codes (the old ones stop working), against a current authenticator code."""
    with transaction.atomic():
        if not mfa_totp_verify(user=user, code=code, clock=clock):
            raise ValidationError({"code": _("This code is not valid. Enter the current code.")})
        codes = _recovery_codes_replace(user=user)
        audit_record(
            actor=actor,
            organisation=None,
            action="mfa.recovery_codes_regenerate",
            obj=user,
            after={"count": len(codes)},
            clock=clock,
        )
    return codes


def mfa_device_enrol_confirmed(
    *, actor: Actor | User, user: User, secret: str, clock: Clock = SYSTEM_CLOCK
) -> TotpDevice:
    """Give ``user`` a confirmed authenticator with a known ``secret`` (demo data, operators).
    Idempotent: the same secret already confirmed changes nothing and records nothing."""
    if not mfa.secret_is_valid(secret):
        raise ValidationError(
            {"secret": _("Not a valid TOTP secret (base32, 26 characters or more).")}
        )
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.confirmed_at is not None and device.secret == secret:
            return device
        if device is None:
            device = TotpDevice(user=user)
        device.secret = secret
        device.confirmed_at = clock.now()
        device.last_used_step = 0
        device.save()
        audit_record(
            actor=actor,
            organisation=None,
            action="mfa.enrol",
            obj=device,
            after={"by": "operator"},
            clock=clock,
        )
    return device


def user_language_set(*, actor: Actor | User, user: User, language: str) -> User:
    """Set the preferred language (``""``: follow the browser)."""
    if language not in {"", *(code for code, _name in settings.LANGUAGES)}:
        raise ValidationError({"language": _("Unknown language.")})
    if user.language == language:
        return user
    with transaction.atomic():
        before = user.language
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor,
            organisation=None,
            action="user.update",
            obj=user,
            before={"language": before},
            after={"language": language},
        )
    return user


def user_password_reset(
    *,
    user: User,
    password: str,
    ip_address: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> User:
    """Set a new password from an emailed reset link (validated by the caller's form); lifts a lockout."""
    with transaction.atomic():
        user.set_password(password)
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["password", "failed_login_count", "locked_until"])
        audit_record(
            actor=user,
            organisation=None,
            action="user.password_reset",
            obj=user,
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
    return user


def password_setup_email_send(
    *, user: User, site_url: str, organisation: Organisation, role: str, invited_by: str
) -> None:
    """Email ``user`` a one-time link to choose a password (Django's password-reset token, which also
    works for an account created without a password)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "organisation": organisation.legal_name,
        "role": Role(role).label,
        "invited_by": invited_by,
        "link": site_url.rstrip("/") + path,
    }
    subject = _("Your Egide access to %(organisation)s") % context
    body = (
        _(
            "%(invited_by)s gave you access to %(organisation)s in Egide, as %(role)s.\n\n"
            "Choose your password with this link (it works once and expires in a few days):\n"
            "%(link)s\n\n"
            "If you did not expect this message, you can ignore it."
        )
        % context
    )
    send_mail(subject, body, None, [user.email])


def membership_add(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    expires_at: datetime | None = None,
    site_url: str,
    clock: Clock = SYSTEM_CLOCK,
) -> tuple[Membership, bool]:
    """Give the person with ``email`` access to ``organisation``. Someone without an account gets one
    without a password and, once the change is committed, an email to choose it. Returns the membership
    and whether that email was sent."""
    email = email.strip().lower()
    now = clock.now()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(actor=actor, email=email, password=None)
        else:
            current = Membership.objects.filter(
                user=user, organisation=organisation, revoked_at__isnull=True
            ).first()
            if current is not None and (current.expires_at is None or current.expires_at > now):
                raise ValidationError(
                    {"email": _("This person is already a member: change their access instead.")}
                )
        membership = membership_grant(
            actor=actor,
            organisation=organisation,
            user=user,
            role=role,
            expires_at=expires_at,
            clock=clock,
        )
        needs_password = not user.has_usable_password()
        if needs_password:
            invited_user = user
            transaction.on_commit(
                lambda: password_setup_email_send(
                    user=invited_user,
                    site_url=site_url,
                    organisation=organisation,
                    role=role,
                    invited_by=actor.get_full_name(),
                )
            )
    return membership, needs_password
