"""The account records as the domain sees them: a user, a session, a one-time token and a
security event. Frozen: a change is asked of the store (`domain.ports.accounts`), which
answers with the record as it now is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.netinfo import ip_prefix


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class TokenPurpose(StrEnum):
    PASSWORD_RESET = "password_reset"
    REALTIME_TICKET = "realtime_ticket"  # a WebSocket ticket (`domain.realtime`)


class SecurityEventType(StrEnum):
    SIGNUP = "signup"
    EMAIL_VERIFIED = "email_verified"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    SESSION_REVOKED = "session_revoked"
    REAUTHENTICATED = "reauthenticated"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    REALTIME_TICKET = "realtime_ticket"  # a WebSocket ticket (`domain.realtime`)
    API_KEY_CREATED = "api_key_created"
    API_KEY_REVOKED = "api_key_revoked"


@dataclass(frozen=True, slots=True, kw_only=True)
class User:
    user_id: str
    email: str
    name: str
    password_hash: str
    created_at: datetime
    email_verified: bool = False
    settings: JSONObject
    plan: str = "free"
    role: Role = Role.USER
    credits_available: int = 0
    credits_held: int = 0
    restricted: bool = False
    suspended: bool = False
    birth_year: int
    policy_version: str
    policy_accepted_at: datetime
    verify_code_hash: str | None = None
    verify_expires_at: datetime | None = None
    verify_attempts: int = 0
    bonus_granted: bool = False
    # Goes up with each password change or reset; a reset token is good only in its epoch.
    password_epoch: int = 0
    deletion_request_id: str | None = None
    deletion_scheduled_for: datetime | None = None
    # Generation admission: tasks holding credits, and the per-minute submission window.
    active_generations: int = 0
    generation_window: str | None = None
    generation_window_count: int = 0
    # Set when an erasure starts: the user is then gone for every late write.
    erasing: datetime | None = None
    # The optimistic lock: a change conditioned on it fails if another writer came first.
    version: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    token_hash: str
    session_id: str
    user_id: str
    created_at: datetime
    last_seen_at: datetime
    idle_expires_at: datetime
    absolute_expires_at: datetime
    fresh_until: datetime | None
    user_agent: str
    ip_prefix: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OneTimeToken:
    token_hash: str
    purpose: TokenPurpose
    user_id: str
    password_epoch: int  # the user's when the token was issued
    expires_at: datetime
    used: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityEvent:
    event_id: str
    type: SecurityEventType
    created_at: datetime
    ip_prefix: str
    user_agent: str


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Who is on the other end of a request, as far as security records keep it."""

    ip: str
    user_agent: str

    @property
    def ip_prefix(self) -> str:
        return ip_prefix(self.ip)


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user and the session the request came with."""

    user: User
    session: Session
    via_cookie: bool

    def is_fresh(self, now: datetime) -> bool:
        fresh_until = self.session.fresh_until
        return fresh_until is not None and fresh_until > now
