"""The account records as the account, auth, support and privacy services use them. Each
change names its outcome; the store builds the conditions (the user's optimistic-lock
version, the password epoch, a token's single use) and answers with a bool or a named
error, never with a storage detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from chalicelib.domain.accounts_entities import (
    OneTimeToken,
    Role,
    SecurityEvent,
    SecurityEventType,
    Session,
    User,
)
from chalicelib.domain.cursors import Page
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.ledger import Movement


class Mailer(Protocol):
    """Sends one plain-text email."""

    def send(self, to: str, subject: str, body: str) -> None: ...


class Hasher(Protocol):
    """Password hashing (Argon2 in production)."""

    def hash(self, password: str) -> str: ...

    def verify(self, stored: str, password: str) -> bool: ...

    def needs_rehash(self, stored: str) -> bool: ...


class Users(Protocol):
    def get_user(self, user_id: str) -> User | None: ...

    def find_user_by_email(self, email: str) -> User | None: ...


class AccountRecords(Users, Protocol):
    # Users -------------------------------------------------------------------------
    def create_user(self, user: User) -> None:
        """Create the user and claim its email at once; a taken email: Conflict."""
        ...

    def user_id_for_email(self, email: str) -> str | None: ...

    def new_verify_code(self, user: User, code_hash: str, expires_at: datetime) -> None: ...

    def count_verify_attempt(self, user: User) -> None: ...

    def verify_email(self, user: User, role: Role, bonus: Movement | None, now: datetime) -> None:
        """Mark the email verified with `role`, granting `bonus` in the same write."""
        ...

    def set_profile(self, user: User, name: str | None, settings: JSONObject | None) -> None:
        """Set the name and/or the settings (None: unchanged), under the user's version."""
        ...

    def accept_policy(self, user: User, version: str, at: datetime) -> None: ...

    def set_flags(
        self, user: User, *, restricted: bool | None = None, suspended: bool | None = None
    ) -> None:
        """Restrict processing or suspend generation (None: unchanged)."""
        ...

    def rehash_password(self, user: User, password_hash: str) -> None:
        """The same password, hashed with today's parameters (its epoch stays)."""
        ...

    def set_password(self, user: User, password_hash: str) -> None:
        """A new password and a new password epoch (tokens of the old one stop working)."""
        ...

    # Sessions ----------------------------------------------------------------------
    def save_session(self, session: Session) -> None: ...

    def get_session_and_user(
        self, token_hash: str, user_id: str
    ) -> tuple[Session | None, User | None]: ...

    def sessions_of(self, user_id: str) -> Iterator[Session]: ...

    def touch_session(self, session: Session, seen_at: datetime, idle_until: datetime) -> None: ...

    def refresh_session(self, session: Session, fresh_until: datetime) -> None: ...

    def delete_session(self, session: Session) -> None: ...

    # One-time tokens ---------------------------------------------------------------
    def get_token(self, token_hash: str) -> OneTimeToken | None: ...

    def issue_token(self, token: OneTimeToken) -> bool:
        """Save the token if its user exists and is still in the token's password epoch."""
        ...

    def reset_password(self, token: OneTimeToken, password_hash: str, now: datetime) -> bool:
        """Use the token (unused, unexpired) and set the password with a new epoch (the
        user still in the token's epoch), at once; False when either condition fails."""
        ...

    # Security events ---------------------------------------------------------------
    def record_event(
        self,
        user_id: str,
        kind: SecurityEventType,
        now: datetime,
        ip_prefix: str,
        user_agent: str,
    ) -> None: ...

    def events_of(self, user_id: str, limit: int, cursor: str | None) -> Page[SecurityEvent]: ...
