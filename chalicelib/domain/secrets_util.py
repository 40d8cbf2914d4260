"""Random tokens and their stored form: only SHA-256 digests are ever persisted."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_code() -> str:
    """A 6-digit one-time code."""
    return f"{secrets.randbelow(1_000_000):06d}"


def code_digest(user_id: str, code: str) -> str:
    return digest(f"{user_id}:{code}")


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
