"""Prefixed, time-sortable random ids (`usr_...`, `gen_...`): 48 bits of milliseconds
then 80 random bits, Crockford base32, so sort order is creation order."""

from __future__ import annotations

import hashlib
import re
import secrets
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, rem = divmod(value, 32)
        chars.append(_ALPHABET[rem])
    return "".join(reversed(chars))


def new_id(prefix: str, now_ms: int | None = None) -> str:
    millis = int(time.time() * 1000) if now_ms is None else now_ms
    return f"{prefix}_{_encode(millis, 10)}{_encode(secrets.randbits(80), 16)}"


_ID_SHAPE = re.compile(rf"[a-z]+_[{_ALPHABET}]{{26}}")


def is_id(value: str) -> bool:
    """Whether `value` has the shape of an id made here (checked before a key lookup)."""
    return _ID_SHAPE.fullmatch(value) is not None


def derived_id(prefix: str, *parts: str) -> str:
    """A deterministic id for an effect keyed by a business object (idempotent writes)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return f"{prefix}_{_encode(int.from_bytes(digest[:16], 'big'), 26)}"
