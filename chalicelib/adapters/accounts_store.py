"""PynamoDB persistence for accounts, sessions, one-time tokens and security events
(`domain.ports.accounts.AccountRecords`; the login throttles are `throttle_store`'s).
Every multi-item write is a transaction with conditions; what leaves here is an entity."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import (
    DoesNotExist,
    TransactGetError,
    TransactWriteError,
)
from pynamodb.transactions import TransactGet, TransactWrite

from chalicelib.adapters.accounts_records import (
    session_entity,
    session_model,
    token_entity,
    token_model,
    user_entity,
    user_item,
)
from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.ledger_store import LedgerStore
from chalicelib.adapters.models.accounts import (
    EmailLockModel,
    OneTimeTokenModel,
    SecurityEventModel,
    SessionModel,
    UserModel,
)
from chalicelib.adapters.models.base import connection, field_actions
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
from chalicelib.domain.retention import period
from chalicelib.errors import Conflict
from chalicelib.ids import new_id

SECURITY_EVENT_RETENTION = period("security_events")


class AccountsStore:
    def __init__(self, ledger: LedgerStore) -> None:
        self._ledger = ledger

    # Users -----------------------------------------------------------------
    def create_user(self, user: User) -> None:
        """Create the user and claim the email in one transaction."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(
                    EmailLockModel(user.email, user_id=user.user_id),
                    condition=EmailLockModel.email.does_not_exist(),
                )
                tx.save(user_item(user), condition=UserModel.user_id.does_not_exist())
        except TransactWriteError as exc:
            raise Conflict("That email address is already registered.", code="email_taken") from exc

    def get_user(self, user_id: str) -> User | None:
        try:
            return user_entity(UserModel.get(user_id, consistent_read=True))
        except DoesNotExist:
            return None

    def find_user_by_email(self, email: str) -> User | None:
        user_id = self.user_id_for_email(email)
        return self.get_user(user_id) if user_id else None

    def user_id_for_email(self, email: str) -> str | None:
        try:
            return EmailLockModel.get(email.lower(), consistent_read=True).user_id
        except DoesNotExist:
            return None

    @staticmethod
    def _set(user: User, **fields: Any) -> None:
        """Set (None: remove) attributes of the user, under its optimistic-lock version."""
        user_item(user).update(actions=field_actions(UserModel, fields))

    def new_verify_code(self, user: User, code_hash: str, expires_at: datetime) -> None:
        self._set(user, verify_code_hash=code_hash, verify_expires_at=expires_at, verify_attempts=0)

    def count_verify_attempt(self, user: User) -> None:
        # Whatever the version (the count must land), which still goes up by one.
        user_item(user).update(
            actions=[UserModel.verify_attempts.add(1)], add_version_condition=False
        )

    def verify_email(self, user: User, role: Role, bonus: Movement | None, now: datetime) -> None:
        verified: dict[str, Any] = {
            "email_verified": True,
            "verify_code_hash": None,
            "verify_expires_at": None,
            "role": role.value,
        }
        if bonus is None:
            self._set(user, **verified)
            return
        self._ledger.apply(
            user.user_id, [bonus], now, user_fields={**verified, "bonus_granted": True}
        )

    def set_profile(self, user: User, name: str | None, settings: JSONObject | None) -> None:
        fields = {"name": name, "settings": settings}
        self._set(user, **{key: value for key, value in fields.items() if value is not None})

    def accept_policy(self, user: User, version: str, at: datetime) -> None:
        self._set(user, policy_version=version, policy_accepted_at=at)

    def set_flags(
        self, user: User, *, restricted: bool | None = None, suspended: bool | None = None
    ) -> None:
        fields = {"restricted": restricted, "suspended": suspended}
        self._set(user, **{key: value for key, value in fields.items() if value is not None})

    def rehash_password(self, user: User, password_hash: str) -> None:
        self._set(user, password_hash=password_hash)

    def set_password(self, user: User, password_hash: str) -> None:
        """A new password and a new password epoch (tokens of the old one stop working)."""
        user_item(user).update(
            actions=[UserModel.password_hash.set(password_hash), UserModel.password_epoch.add(1)],
            add_version_condition=False,
        )

    # Sessions --------------------------------------------------------------
    def save_session(self, session: Session) -> None:
        session_model(session).save(condition=SessionModel.token_hash.does_not_exist())

    def get_session(self, token_hash: str) -> Session | None:
        try:
            return session_entity(SessionModel.get(token_hash, consistent_read=True))
        except DoesNotExist:
            return None

    def get_session_and_user(
        self, token_hash: str, user_id: str
    ) -> tuple[Session | None, User | None]:
        """The session and its user in one call (TransactGetItems, strongly consistent).
        A read that collides with a transaction writing the user (a ledger movement in
        flight) is cancelled by DynamoDB; it then falls back to two consistent reads."""
        try:
            with TransactGet(connection=connection()) as tx:
                session_future = tx.get(SessionModel, token_hash)
                user_future = tx.get(UserModel, user_id)
        except TransactGetError:
            return self.get_session(token_hash), self.get_user(user_id)
        session, user = _found(session_future), _found(user_future)
        return (
            session_entity(session) if session is not None else None,
            user_entity(user) if user is not None else None,
        )

    def sessions_of(self, user_id: str) -> Iterator[Session]:
        query = SessionModel.by_user.query(user_id, scan_index_forward=False)
        return (session_entity(session) for session in query)

    def touch_session(self, session: Session, seen_at: datetime, idle_until: datetime) -> None:
        SessionModel(session.token_hash).update(
            actions=[
                SessionModel.last_seen_at.set(seen_at),
                SessionModel.idle_expires_at.set(idle_until),
            ]
        )

    def refresh_session(self, session: Session, fresh_until: datetime) -> None:
        SessionModel(session.token_hash).update(actions=[SessionModel.fresh_until.set(fresh_until)])

    def delete_session(self, session: Session) -> None:
        SessionModel(session.token_hash).delete()

    # One-time tokens -------------------------------------------------------
    def get_token(self, token_hash: str) -> OneTimeToken | None:
        try:
            return token_entity(OneTimeTokenModel.get(token_hash, consistent_read=True))
        except DoesNotExist:
            return None

    def issue_token(self, token: OneTimeToken) -> bool:
        """Save the token if its user exists and is still in the token's password epoch
        (else DynamoDB cancels the transaction and nothing is written)."""
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(token_model(token), condition=OneTimeTokenModel.token_hash.does_not_exist())
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

    def reset_password(self, token: OneTimeToken, password_hash: str, now: datetime) -> bool:
        """In one transaction: mark the token used (if unused and unexpired) and set the
        password with a new epoch (if the user is still in the token's epoch)."""
        user = self.get_user(token.user_id)
        if user is None:
            return False
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    OneTimeTokenModel(token.token_hash),
                    actions=[OneTimeTokenModel.used.set(True)],
                    condition=(OneTimeTokenModel.used == False)  # noqa: E712 (PynamoDB)
                    & (OneTimeTokenModel.expires_at > now),
                )
                tx.update(
                    user_item(user),
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
        self,
        user_id: str,
        kind: SecurityEventType,
        now: datetime,
        ip_prefix: str,
        user_agent: str,
    ) -> None:
        SecurityEventModel(
            user_id,
            new_id("sev", int(now.timestamp() * 1000)),
            type=kind.value,
            created_at=now,
            ip_prefix=ip_prefix,
            user_agent=user_agent[:256],
            expires=now + SECURITY_EVENT_RETENTION,
        ).save()

    def events_of(self, user_id: str, limit: int, cursor: str | None) -> Page[SecurityEvent]:
        items, after = page_query(SecurityEventModel, user_id, limit, cursor)
        return [_event_entity(item) for item in items], after


def _event_entity(item: SecurityEventModel) -> SecurityEvent:
    return SecurityEvent(
        event_id=item.event_id,
        type=SecurityEventType(item.type),
        created_at=item.created_at,
        ip_prefix=item.ip_prefix,
        user_agent=item.user_agent,
    )


def _in_epoch(epoch: float) -> Any:
    condition = UserModel.password_epoch == epoch
    if epoch == 0:  # accounts created before epochs were counted
        condition |= UserModel.password_epoch.does_not_exist()
    return condition


def _cancelled_by_a_condition(exc: TransactWriteError) -> bool:
    reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
    return "ConditionalCheckFailed" in reasons


def _found(future: Any) -> Any:
    """The item a TransactGet read, or None."""
    try:
        return future.get()
    except DoesNotExist:
        return None
