"""API token keys: how a key is recognised (its prefix) and stored (its hash).

Shared by the token services and the API authentication, so that domain code never imports API code.
"""

from __future__ import annotations

import hashlib

TOKEN_PREFIX_LENGTH = 8


def hash_token_key(key: str) -> str:
    """Tokens are long random strings: a plain SHA-256 is enough to make a stolen table useless."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
