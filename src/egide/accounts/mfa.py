"""Two-factor authentication rules: TOTP codes (RFC 6238 over pyotp) and single-use recovery codes.

Plain functions, no database: services store the secret (encrypted) and the hashes, and call these.
A code is accepted for the current 30-second step and one step either side (clock drift), and only for
a step later than the last one used, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno

ISSUER = "Egide"
INTERVAL_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: recovery codes are copied by hand from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_HALF = 5
_HASH_SCHEME = "sha256"


def new_secret() -> str:
    """A fresh random TOTP seed (160 bits, base32)."""
    return pyotp.random_base32(length=32)


def secret_is_valid(secret: str) -> bool:
    """Whether ``secret`` is usable as a TOTP seed (base32, at least 128 bits)."""
    try:
        pyotp.TOTP(secret).generate_otp(0)
    except (ValueError, TypeError):
        return False
    return len(secret.rstrip("=")) >= 26


def time_step(now: datetime) -> int:
    """The TOTP step (30-second slot since the Unix epoch) ``now`` falls in."""
    if now.tzinfo is None:
        raise ValueError("time_step needs a timezone-aware datetime")
    return int(now.timestamp()) // INTERVAL_SECONDS


def code_at_step(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL_SECONDS).generate_otp(step)


def current_code(secret: str, now: datetime) -> str:
    return code_at_step(secret, time_step(now))


def normalise_code(code: str) -> str:
    """What the person typed, without spaces or dashes, lower case."""
    return "".join(ch for ch in code.strip().lower() if ch not in " -\t")


def looks_like_totp(code: str) -> bool:
    cleaned = normalise_code(code)
    return len(cleaned) == DIGITS and cleaned.isdigit()


def matching_step(secret: str, code: str, *, now: datetime, after_step: int = 0) -> int | None:
    """The step whose code is ``code`` (current step +/- 1), provided it is later than ``after_step``
    (the last step already used); ``None`` when the code is wrong, stale or a replay."""
    if not looks_like_totp(code):
        return None
    cleaned = normalise_code(code)
    current = time_step(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # Compare every candidate (no early exit) so timing says nothing about which step matched.
        if hmac.compare_digest(code_at_step(secret, step), cleaned) and step > after_step:
            found = step
    return found


def provisioning_uri(secret: str, account: str) -> str:
    """The ``otpauth://`` URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL_SECONDS).provisioning_uri(
        name=account, issuer_name=ISSUER
    )


def qr_code_svg(uri: str) -> str:
    """An inline SVG QR code of ``uri``, drawn on the server (no script, no external service)."""
    return str(
        segno.make(uri, error="m").svg_inline(omitsize=True, svgclass="qr-code", lineclass=None)
    )


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """``count`` random codes shaped ``abcde-fghij`` (50 bits each)."""
    codes: list[str] = []
    while len(codes) < count:
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(2 * _RECOVERY_HALF))
        code = f"{raw[:_RECOVERY_HALF]}-{raw[_RECOVERY_HALF:]}"
        if code not in codes:
            codes.append(code)
    return codes


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise_code(code)}".encode()).hexdigest()


def hash_recovery_code(code: str) -> str:
    """Salted SHA-256 (the codes are random and long: a slow hash would add nothing but latency)."""
    salt = secrets.token_hex(16)
    return f"{_HASH_SCHEME}${salt}${_digest(salt, code)}"


def recovery_code_matches(code: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$", 2)
    except ValueError:
        return False
    if scheme != _HASH_SCHEME:
        return False
    return hmac.compare_digest(_digest(salt, code), digest)
