"""PynamoDB persistence for accounts, sessions, one-time tokens, security events and
login throttles. Every multi-item write is a transaction with conditions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import (
    DoesNotExist,
    PutError,
    TransactGetError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.transactions import TransactGet, TransactWrite

from chalicelib.adapters.models.accounts import (
    EmailLockModel,
    OneTimeTokenModel,
    SecurityEventModel,
    SessionModel,
    ThrottleModel,
    UserModel,
)
from chalicelib.adapters.models.base import connection, field_actions
from chalicelib.errors import Conflict
from chalicelib.ids import new_id
from chalicelib.privacy.retention import period

SECURITY_EVENT_RETENTION = period("security_events")


class AccountsStore:
    # Users -----------------------------------------------------------------
    def create_user(self, user: UserModel) -> None:
        """Create the user and claim the email in one transaction."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(
                    EmailLockModel(user.email, user_id=user.user_id),
                    condition=EmailLockModel.email.does_not_exist(),
                )
                tx.save(user, condition=UserModel.user_id.does_not_exist())
        except TransactWriteError as exc:
            raise Conflict("That email address is already registered.", code="email_taken") from exc

    def get_user(self, user_id: str) -> UserModel | None:
        try:
            return UserModel.get(user_id, consistent_read=True)
        except DoesNotExist:
            return None

    def find_user_by_email(self, email: str) -> UserModel | None:
        try:
            lock = EmailLockModel.get(email.lower(), consistent_read=True)
        except DoesNotExist:
            return None
        return self.get_user(lock.user_id)

    def set_user_fields(self, user: UserModel, **fields: Any) -> None:
        """Set (None: remove) attributes of the user, under its optimistic-lock version."""
        user.update(actions=field_actions(UserModel, fields))

    def add_to_user_field(self, user: UserModel, name: str, amount: int) -> None:
        user.update(actions=[getattr(UserModel, name).add(amount)], add_version_condition=False)

    # Sessions --------------------------------------------------------------
    def save_session(self, session: SessionModel) -> None:
        session.save(condition=SessionModel.token_hash.does_not_exist())

    def get_session(self, token_hash: str) -> SessionModel | None:
        try:
            return SessionModel.get(token_hash, consistent_read=True)
        except DoesNotExist:
            return None

    def get_session_and_user(
        self, token_hash: str, user_id: str
    ) -> tuple[SessionModel | None, UserModel | None]:
        """The session and its user in one call (TransactGetItems, strongly consistent).
        A read that collides with a transaction writing the user (a ledger movement in
        flight) is cancelled by DynamoDB; it then falls back to two consistent reads."""
        try:
            with TransactGet(connection=connection()) as tx:
                session_future = tx.get(SessionModel, token_hash)
                user_future = tx.get(UserModel, user_id)
        except TransactGetError:
            return self.get_session(token_hash), self.get_user(user_id)
        return _found(session_future), _found(user_future)

    def sessions_of(self, user_id: str) -> Iterator[SessionModel]:
        return SessionModel.by_user.query(user_id, scan_index_forward=False)

    def set_session_fields(self, session: SessionModel, **fields: Any) -> None:
        session.update(actions=field_actions(SessionModel, fields))

    def delete_session(self, session: SessionModel) -> None:
        session.delete()

    # One-time tokens -------------------------------------------------------
    def save_token(self, token: OneTimeTokenModel) -> None:
        token.save(condition=OneTimeTokenModel.token_hash.does_not_exist())

    def consume_token(self, token_hash: str, purpose: str, now: datetime) -> str | None:
        """Mark a token used; the user id if it was valid, unused and unexpired."""
        try:
            token = OneTimeTokenModel.get(token_hash, consistent_read=True)
        except DoesNotExist:
            return None
        if token.purpose != purpose or token.expires_at <= now:
            return None
        try:
            token.update(
                actions=[OneTimeTokenModel.used.set(True)],
                condition=OneTimeTokenModel.used == False,  # noqa: E712 (PynamoDB condition)
            )
        except UpdateError:
            return None
        return token.user_id

    # Security events -------------------------------------------------------
    def record_event(
        self, user_id: str, kind: str, now: datetime, ip_prefix: str, user_agent: str
    ) -> None:
        SecurityEventModel(
            user_id,
            new_id("sev", int(now.timestamp() * 1000)),
            type=kind,
            created_at=now,
            ip_prefix=ip_prefix,
            user_agent=user_agent[:256],
            expires=now + SECURITY_EVENT_RETENTION,
        ).save()

    def events_of(
        self, user_id: str, limit: int, after: str | None
    ) -> tuple[list[SecurityEventModel], str | None]:
        query = SecurityEventModel.query(
            user_id,
            scan_index_forward=False,
            limit=limit,
            last_evaluated_key=_cursor_key(after, user_id, "event_id"),
        )
        items = list(query)
        last = query.last_evaluated_key
        return items, (last["event_id"]["S"] if last else None)

    # Throttles -------------------------------------------------------------
    def get_throttle(self, key: str) -> ThrottleModel | None:
        try:
            return ThrottleModel.get(key, consistent_read=True)
        except DoesNotExist:
            return None

    def add_failure(self, key: str, now: datetime, window: timedelta) -> int:
        """Atomically count a failure in the current window; returns the new count."""
        item = self.get_throttle(key)
        if item is None or item.window_started_at + window <= now:
            fresh = ThrottleModel(key, failures=1, window_started_at=now, expires=now + window)
            try:
                condition = (
                    ThrottleModel.key.does_not_exist()
                    if item is None
                    else ThrottleModel.window_started_at == item.window_started_at
                )
                fresh.save(condition=condition)
                return 1
            except PutError:
                item = self.get_throttle(key)
                if item is None:
                    return self.add_failure(key, now, window)
        item.update(
            actions=[ThrottleModel.failures.add(1), ThrottleModel.expires.set(now + window)]
        )
        return int(item.failures)

    def block(self, key: str, until: datetime) -> None:
        ThrottleModel(key).update(actions=[ThrottleModel.blocked_until.set(until)])

    def clear_throttle(self, key: str) -> None:
        ThrottleModel(key).delete()


def _found(future: Any) -> Any:
    """The item a TransactGet read, or None."""
    try:
        return future.get()
    except DoesNotExist:
        return None


def _cursor_key(cursor: str | None, hash_value: str, range_name: str) -> dict | None:
    if not cursor:
        return None
    return {"user_id": {"S": hash_value}, range_name: {"S": cursor}}
