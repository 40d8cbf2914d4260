"""API keys: created from a fresh session, listed without their secret, revoked at once,
and accepted as `Authorization: Bearer gi2_sk_...` on the routes their scopes allow.

A key is `gi2_sk_` and 256 random bits. Only the SHA-256 of the whole key is stored, and
it is the table's key, so authenticating is one consistent GetItem (then the owner's).
Why a plain digest and not an HMAC with the server's key: the secret is 256 random bits,
so no one can guess a key from its digest whether or not a pepper is mixed in (a pepper
helps low-entropy secrets such as passwords or emails); a plain digest needs no secret
at request time and survives a rotation of PRIVACY_HMAC_KEY, as session tokens do.

`last_used_at` costs no write per request: only a use a minute or more after the one
recorded tries one conditional UpdateItem. Every request with a key counts against the
key's own allowance (120 a minute) by one conditional write on its throttle counter."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from chalicelib.clock import Clock
from chalicelib.domain import secrets_util
from chalicelib.domain.accounts_entities import ClientInfo, Principal, SecurityEventType
from chalicelib.domain.api_key_entities import (
    DISPLAY_LENGTH,
    SECRET_PREFIX,
    ApiKey,
    IssuedKey,
    KeyCaller,
    Scope,
)
from chalicelib.domain.cursors import Page
from chalicelib.domain.ports.accounts import Users
from chalicelib.domain.ports.api_keys import ApiKeyRecords, SecurityEventRecords
from chalicelib.domain.throttle import ThrottleRule, ThrottleStore
from chalicelib.errors import (
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    ReauthRequired,
    Unauthenticated,
)
from chalicelib.ids import new_id

USE_EVERY = timedelta(minutes=1)  # last_used_at moves at most this often
# Requests per key: `free_failures` is the allowance of each window (no delays here).
REQUEST_RATE = ThrottleRule("apikey", 120, timedelta(minutes=1), 60, 60)
_SHAPE = re.compile(re.escape(SECRET_PREFIX) + r"[A-Za-z0-9_-]{43}")


def _invalid() -> Unauthenticated:
    return Unauthenticated("The API key is not valid.")


class ApiKeyService:
    def __init__(
        self,
        store: ApiKeyRecords,
        users: Users,
        events: SecurityEventRecords,
        throttles: ThrottleStore,
        clock: Clock,
        throttle_secret: str,
    ) -> None:
        if not throttle_secret:
            raise ValueError("a key for the throttle-counter HMACs is required")
        self._store = store
        self._users = users
        self._events = events
        self._throttles = throttles
        self._clock = clock
        self._secret = throttle_secret

    # Managing keys (from a session) ----------------------------------------------
    def create(
        self,
        principal: Principal,
        name: str,
        scopes: Iterable[Scope],
        expires_at: datetime | None,
        client: ClientInfo,
    ) -> IssuedKey:
        now = self._clock.now()
        if not principal.is_fresh(now):
            raise ReauthRequired("Confirm your password (POST /v1/auth/reauth) first.")
        if expires_at is not None and expires_at <= now:
            raise InvalidInput([FieldError("expires_at", "must be in the future")])
        held = set(scopes)
        secret = SECRET_PREFIX + secrets_util.new_token()
        key = ApiKey(
            key_hash=secrets_util.digest(secret),
            key_id=new_id("key", int(now.timestamp() * 1000)),
            user_id=principal.user.user_id,
            name=name,
            prefix=secret[:DISPLAY_LENGTH],
            scopes=tuple(s for s in Scope if s in held),
            created_at=now,
            expires_at=None if expires_at is None else expires_at.astimezone(UTC),
        )
        self._store.save(key)
        self._record(key.user_id, SecurityEventType.API_KEY_CREATED, client, now)
        return IssuedKey(secret, key)

    def page(self, user_id: str, limit: int, cursor: str | None) -> Page[ApiKey]:
        return self._store.page(user_id, limit, cursor, self._clock.now())

    def revoke(self, user_id: str, key_id: str, client: ClientInfo) -> None:
        key = self._store.find_by_id(user_id, key_id)
        if key is None or not self._store.delete(key):
            raise NotFound("No such API key.")
        self._record(user_id, SecurityEventType.API_KEY_REVOKED, client, self._clock.now())

    def _record(
        self, user_id: str, kind: SecurityEventType, client: ClientInfo, now: datetime
    ) -> None:
        self._events.record_event(user_id, kind, now, client.ip_prefix, client.user_agent)

    # Requests made with a key ------------------------------------------------------
    def authenticate(self, token: str, scope: Scope) -> KeyCaller:
        """The key's owner, if the key is current, within its allowance and holds
        `scope`: else 401 (not a key, revoked, expired), 429, or 403 `insufficient_scope`."""
        now = self._clock.now()
        if not _SHAPE.fullmatch(token):
            raise _invalid()
        key = self._store.find(secrets_util.digest(token))
        if key is None:
            raise _invalid()
        if key.expired(now):
            raise Unauthenticated("The API key has expired.")
        user = self._users.get_user(key.user_id)
        if user is None or user.erasing is not None:
            raise _invalid()
        self._admit(key, now)
        if key.last_used_at is None or now - key.last_used_at >= USE_EVERY:
            self._store.touch(key, now, unless_after=now - USE_EVERY)
        if scope not in key.scopes:
            raise Forbidden(
                f"This API key does not hold the {scope.value} scope.", code="insufficient_scope"
            )
        return KeyCaller(user, key)

    def _admit(self, key: ApiKey, now: datetime) -> None:
        """Count the request in the key's current minute, or raise RateLimited. Each try
        is one conditional write: add to a current window under the allowance (a missing
        counter is created), or start a new window when the last one is over; a second
        count covers a window another request opened meanwhile."""
        rule, store = REQUEST_RATE, self._throttles
        counter = rule.key(key.key_id, self._secret)
        window_after, expires = now - rule.window, now + rule.window
        counted = store.count_throttle_attempt(
            counter, now=now, window_after=window_after, expires=expires, below=rule.free_failures
        )
        if counted is not None:
            return
        if store.open_throttle_window(counter, now=now, window_after=window_after, expires=expires):
            return
        if store.count_throttle_attempt(
            counter, now=now, window_after=window_after, expires=expires, below=rule.free_failures
        ):
            return
        state = store.get_throttle(counter)
        started = state.window_started_at if state and state.window_started_at else now
        wait = (started + rule.window - now).total_seconds()
        raise RateLimited(int(wait) + 1, "Too many requests with this API key.")
