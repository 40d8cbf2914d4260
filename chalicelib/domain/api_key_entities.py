"""API keys as the domain sees them: the scopes a key may hold, the key's record (its
secret only as a SHA-256 digest) and what creating one hands back once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.accounts_entities import User

SECRET_PREFIX = "gi2_sk_"
# What the list shows of a key: the prefix and the first 5 characters of its secret
# (30 of its 256 bits: enough to tell keys apart, far too little to guess one).
DISPLAY_LENGTH = len(SECRET_PREFIX) + 5


def looks_like_key(token: str) -> bool:
    """Whether a bearer token is meant as an API key (rather than a session token)."""
    return token.startswith(SECRET_PREFIX)


class Scope(StrEnum):
    GENERATIONS_READ = "generations:read"
    GENERATIONS_WRITE = "generations:write"
    LIBRARY = "library"


@dataclass(frozen=True, slots=True)
class KeyScopes:
    """The scope a key needs on a family of routes: reading (GET) or anything else."""

    read: Scope
    write: Scope

    def for_method(self, method: str) -> Scope:
        return self.read if method in ("GET", "HEAD") else self.write


# Generations, uploads, quotes, workflows and runs.
GENERATIONS = KeyScopes(Scope.GENERATIONS_READ, Scope.GENERATIONS_WRITE)
# Favorites and collections.
LIBRARY = KeyScopes(Scope.LIBRARY, Scope.LIBRARY)


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKey:
    key_hash: str  # SHA-256 of the whole key: the table's key, so auth is one GetItem
    key_id: str
    user_id: str
    name: str
    prefix: str
    scopes: tuple[Scope, ...]
    created_at: datetime
    last_used_at: datetime | None = None
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A new key and its secret, which is never stored and never shown again."""

    secret: str
    key: ApiKey


@dataclass(frozen=True, slots=True)
class KeyCaller:
    """A request authenticated by an API key: the key's owner and the key."""

    user: User
    key: ApiKey
