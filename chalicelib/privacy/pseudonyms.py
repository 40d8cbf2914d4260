"""Keyed hashes (HMAC-SHA256, key from settings) for erasure: the pseudonym that replaces
a user id in kept transaction records, and the tombstone hash of an erased email."""

from __future__ import annotations

import hashlib
import hmac

# What a pseudonymized owner id starts with (a user id never does).
PSEUDONYM_PREFIX = "psn_"


class Keyed:
    def __init__(self, key: str) -> None:
        if not key:
            raise ValueError("a privacy HMAC key is required")
        self._key = key.encode()

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    def pseudonym(self, user_id: str) -> str:
        return PSEUDONYM_PREFIX + self._mac("user", user_id)[:32]

    def email_hash(self, email: str) -> str:
        return self._mac("email", email.strip().lower())
