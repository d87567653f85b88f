"""Encryption of secrets at rest (TOTP seeds, identity documents, connector credentials).

Keys come from ``EGIDE_ENCRYPTION_KEYS`` (newest first, for rotation); each is stretched with HKDF into a
Fernet key. :class:`EncryptedTextField` stores ciphertext and hands back plaintext.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

_HKDF_INFO = b"egide-at-rest-v1"


def _derive(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("EGIDE_ENCRYPTION_KEYS is empty")
    return MultiFernet([_derive(k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.EGIDE_ENCRYPTION_KEYS))


def encrypt_text(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt a value: wrong or rotated-out encryption key") from exc


def encrypt_bytes(data: bytes) -> bytes:
    return _current().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _current().decrypt(token)
    except InvalidToken as exc:
        raise ValueError("cannot decrypt a value: wrong or rotated-out encryption key") from exc


class EncryptedTextField(models.TextField):
    """A text column whose value is encrypted at rest. Not searchable, by design."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


class EncryptedBinaryField(models.BinaryField):
    """A binary column (identity documents, letters) encrypted at rest; reads give back the plaintext bytes.

    The database only ever holds Fernet tokens: without ``EGIDE_ENCRYPTION_KEYS`` a dump is unreadable."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> bytes | None:
        if value is None:
            return None
        token = bytes(value)
        return decrypt_bytes(token) if token else b""

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        data = bytes(value)
        return super().get_db_prep_value(encrypt_bytes(data) if data else b"", connection, prepared)
