"""Sign-in lockout: repeated failures lock an account for a while, and a client address that fails too
often across accounts is throttled.

An account is locked after ``settings.EGIDE_LOGIN_MAX_FAILURES`` consecutive failures (wrong password or
wrong second-factor code) for ``settings.EGIDE_LOGIN_LOCKOUT_MINUTES``. An email address that belongs to
nobody behaves the same way (judged from its recent failures), so the answer never tells whether an
account exists. Every failure, success and lock is written to the platform audit chain.

:data:`CLOCK` is the clock of the sign-in pages (lockout windows, pending sign-ins, TOTP steps); tests
replace it with a :class:`~egide.core.clock.FrozenClock`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F

from egide.accounts.models import LoginFailure, User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock

CLOCK: Clock = SYSTEM_CLOCK

# A whole hospital often signs in from one address (NAT): the address limit is a multiple of the
# per-account one, high enough for honest typos, low enough to stop password spraying.
ADDRESS_FAILURES_FACTOR = 10


def max_failures() -> int:
    return int(settings.EGIDE_LOGIN_MAX_FAILURES)


def lockout_window() -> timedelta:
    return timedelta(minutes=int(settings.EGIDE_LOGIN_LOCKOUT_MINUTES))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_for_email(email: str) -> User | None:
    return User.objects.filter(email=normalise_email(email)).first()


def account_locked(*, user: User, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def address_throttled(*, ip_address: str | None, now: datetime) -> bool:
    if not ip_address:
        return False
    recent = LoginFailure.objects.filter(
        ip_address=ip_address, occurred_at__gt=now - lockout_window()
    )
    return recent.count() >= max_failures() * ADDRESS_FAILURES_FACTOR


def _unknown_email_locked(*, email: str, now: datetime) -> bool:
    recent = LoginFailure.objects.filter(email=email, occurred_at__gt=now - lockout_window())
    return recent.count() >= max_failures()


def sign_in_blocked(*, email: str, ip_address: str | None, now: datetime) -> bool:
    """Whether to refuse a sign-in before even checking the password (locked account, unknown email
    with as many recent failures, or a throttled client address)."""
    if address_throttled(ip_address=ip_address, now=now):
        return True
    email = normalise_email(email)
    user = user_for_email(email)
    if user is not None:
        return account_locked(user=user, now=now)
    return _unknown_email_locked(email=email, now=now)


def login_failure_record(
    *,
    email: str,
    ip_address: str | None,
    step: str,
    clock: Clock = SYSTEM_CLOCK,
) -> bool:
    """Record a failed sign-in (``step``: ``"password"`` or ``"mfa"``); returns True when the account
    (or the unknown email) is now locked."""
    email = normalise_email(email)
    now = clock.now()
    with transaction.atomic():
        LoginFailure.objects.create(email=email[:254], ip_address=ip_address, occurred_at=now)
        user = User.objects.select_for_update().filter(email=email).first()
        if user is None:
            audit_record(
                actor=Actor.system("auth"),
                organisation=None,
                action="auth.login_failed",
                object_type="accounts.user",
                object_repr=email,
                after={"step": step},
                source="web",
                ip_address=ip_address,
                clock=clock,
            )
            return _unknown_email_locked(email=email, now=now)
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count"])
        audit_record(
            actor=Actor.system("auth"),
            organisation=None,
            action="auth.login_failed",
            obj=user,
            after={"step": step, "consecutive_failures": user.failed_login_count},
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
        if user.failed_login_count < max_failures():
            return False
        user.locked_until = now + lockout_window()
        user.failed_login_count = 0
        user.save(update_fields=["locked_until", "failed_login_count"])
        audit_record(
            actor=Actor.system("auth"),
            organisation=None,
            action="auth.lockout",
            obj=user,
            after={"locked_until": user.locked_until},
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
    return True


def login_success_record(
    *, user: User, ip_address: str | None, method: str, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Record a completed sign-in (``method``: password, totp or recovery_code); clears the lockout."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count = 0
        user.locked_until = None
        audit_record(
            actor=user,
            organisation=None,
            action="auth.login",
            obj=user,
            after={"method": method},
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
