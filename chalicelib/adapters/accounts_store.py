"""PynamoDB persistence for accounts, sessions, one-time tokens, security events and
login throttles. Every multi-item write is a transaction with conditions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import (
    DoesNotExist,
    PutError,
    TransactGetError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactGet, TransactWrite

from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.models.accounts import (
    EmailLockModel,
    OneTimeTokenModel,
    SecurityEventModel,
    SessionModel,
    ThrottleModel,
    UserModel,
)
from chalicelib.adapters.models.base import connection, field_actions
from chalicelib.domain.retention import period
from chalicelib.errors import Conflict
from chalicelib.ids import new_id

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
        user_id = self.user_id_for_email(email)
        return self.get_user(user_id) if user_id else None

    def user_id_for_email(self, email: str) -> str | None:
        try:
            return EmailLockModel.get(email.lower(), consistent_read=True).user_id
        except DoesNotExist:
            return None

    def set_user_fields(self, user: UserModel, **fields: Any) -> None:
        """Set (None: remove) attributes of the user, under its optimistic-lock version."""
        user.update(actions=field_actions(UserModel, fields))

    def add_to_user_field(self, user: UserModel, name: str, amount: int) -> None:
        user.update(actions=[getattr(UserModel, name).add(amount)], add_version_condition=False)

    def set_password(self, user: UserModel, password_hash: str) -> None:
        """A new password and a new password epoch (tokens of the old one stop working)."""
        user.update(
            actions=[UserModel.password_hash.set(password_hash), UserModel.password_epoch.add(1)],
            add_version_condition=False,
        )

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
    def get_token(self, token_hash: str) -> OneTimeTokenModel | None:
        try:
            return OneTimeTokenModel.get(token_hash, consistent_read=True)
        except DoesNotExist:
            return None

    def issue_token(self, token: OneTimeTokenModel) -> bool:
        """Save the token if its user exists and is still in the token's password epoch
        (else DynamoDB cancels the transaction and nothing is written)."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(token, condition=OneTimeTokenModel.token_hash.does_not_exist())
                tx.condition_check(
                    UserModel,
                    token.user_id,
                    condition=UserModel.user_id.exists() & _in_epoch(token.password_epoch),
                )
        except TransactWriteError as exc:
            if _cancelled_by_a_condition(exc):
                return False
            raise
        return True

    def reset_password(self, token: OneTimeTokenModel, password_hash: str, now: datetime) -> bool:
        """In one transaction: mark the token used (if unused and unexpired) and set the
        password with a new epoch (if the user is still in the token's epoch)."""
        user = self.get_user(token.user_id)
        if user is None:
            return False
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    token,
                    actions=[OneTimeTokenModel.used.set(True)],
                    condition=(OneTimeTokenModel.used == False)  # noqa: E712 (PynamoDB)
                    & (OneTimeTokenModel.expires_at > now),
                )
                tx.update(
                    user,
                    actions=[
                        UserModel.password_hash.set(password_hash),
                        UserModel.password_epoch.add(1),
                    ],
                    condition=_in_epoch(token.password_epoch),
                    add_version_condition=False,
                )
        except TransactWriteError as exc:
            if _cancelled_by_a_condition(exc):
                return False
            raise
        return True

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
        return page_query(SecurityEventModel, user_id, limit, after)

    # Throttles (the conditions behind `domain.throttle.Throttle`) ---------------
    def get_throttle(self, key: str) -> ThrottleModel | None:
        try:
            return ThrottleModel.get(key, consistent_read=True)
        except DoesNotExist:
            return None

    def open_throttle_window(
        self, key: str, *, now: datetime, window_after: datetime, expires: datetime
    ) -> bool:
        """Replaces a counter whose window is over (or missing, as the old read-then-write
        race could leave it), never one that is current or blocked."""
        over = ThrottleModel.window_started_at.does_not_exist() | (
            ThrottleModel.window_started_at <= window_after
        )
        condition = ThrottleModel.key.does_not_exist() | (over & _not_blocked(now))
        fresh = ThrottleModel(key, failures=1, window_started_at=now, expires=expires)
        try:
            fresh.save(condition=condition)
        except PutError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def count_throttle_attempt(
        self,
        key: str,
        *,
        now: datetime,
        window_after: datetime,
        expires: datetime,
        below: int | None = None,
        at_least: int | None = None,
        lease_until: datetime | None = None,
    ) -> tuple[int, datetime] | None:
        condition = (ThrottleModel.window_started_at > window_after) & _not_blocked(now)
        if below is not None:
            # Under the allowance, a missing counter is created in the same write.
            condition = ThrottleModel.key.does_not_exist() | (
                condition & (ThrottleModel.failures < below)
            )
        if at_least is not None:
            condition &= ThrottleModel.failures >= at_least
        actions: list[Action] = [
            ThrottleModel.failures.add(1),
            ThrottleModel.window_started_at.set(ThrottleModel.window_started_at | now),
            ThrottleModel.expires.set(expires),
        ]
        if lease_until is not None:
            actions.append(ThrottleModel.blocked_until.set(lease_until))
        item = ThrottleModel(key)
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if _condition_failed(exc):
                return None
            raise
        return int(item.failures), item.window_started_at

    def block_throttle(self, key: str, window_started_at: datetime, until: datetime) -> None:
        try:
            ThrottleModel(key).update(
                actions=[ThrottleModel.blocked_until.set(until)],
                condition=ThrottleModel.window_started_at == window_started_at,
            )
        except UpdateError as exc:
            if not _condition_failed(exc):  # a success reset the counter meanwhile
                raise

    def release_throttle(
        self, key: str, window_started_at: datetime, lease_until: datetime | None
    ) -> None:
        condition = ThrottleModel.window_started_at == window_started_at
        actions: list[Any] = [ThrottleModel.failures.add(-1)]
        if lease_until is not None:
            condition &= ThrottleModel.blocked_until == lease_until
            actions.append(ThrottleModel.blocked_until.remove())
        try:
            ThrottleModel(key).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if not _condition_failed(exc):  # the window is over: nothing to give back
                raise

    def clear_throttle(self, key: str) -> None:
        ThrottleModel(key).delete()


def _in_epoch(epoch: float) -> Any:
    condition = UserModel.password_epoch == epoch
    if epoch == 0:  # accounts created before epochs were counted
        condition |= UserModel.password_epoch.does_not_exist()
    return condition


def _cancelled_by_a_condition(exc: TransactWriteError) -> bool:
    reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
    return "ConditionalCheckFailed" in reasons


def _not_blocked(now: datetime) -> Any:
    return ThrottleModel.blocked_until.does_not_exist() | (ThrottleModel.blocked_until <= now)


def _condition_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def _found(future: Any) -> Any:
    """The item a TransactGet read, or None."""
    try:
        return future.get()
    except DoesNotExist:
        return None
