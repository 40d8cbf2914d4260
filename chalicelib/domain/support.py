"""Support messages, reports of accounts held by children under 13 (always accepted,
whether or not the account exists), and the admin actions on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from chalicelib.clock import Clock
from chalicelib.domain.cursors import Page
from chalicelib.errors import Conflict, NotFound


class SupportStore(Protocol):
    def add_message(self, user_id: str, subject: str, body: str, now: datetime) -> Any: ...
    def messages_of(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> Page[Any]: ...
    def all_messages(self, now: datetime, limit: int, cursor: str | None) -> Page[Any]: ...
    def add_report(self, now: datetime, **values: Any) -> Any: ...
    def reports(self, now: datetime, limit: int, cursor: str | None) -> Page[Any]: ...
    def get_report(self, report_id: str) -> Any: ...
    def resolve_report(self, report: Any, status: str, now: datetime) -> bool: ...


class SupportDesk:
    def __init__(self, store: SupportStore, accounts_store: Any, clock: Clock) -> None:
        self._store = store
        self._accounts = accounts_store
        self._clock = clock

    def post_message(self, user: Any, subject: str, body: str) -> Any:
        return self._store.add_message(user.user_id, subject.strip(), body, self._clock.now())

    def messages(self, user: Any, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
        return self._store.messages_of(user.user_id, limit, cursor, self._clock.now())

    def all_messages(self, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
        return self._store.all_messages(self._clock.now(), limit, cursor)

    def report_child(self, account_email: str, details: str, reporter: Any) -> None:
        """Record a report for admins. The email is resolved now and not stored; the
        answer never says whether the account exists."""
        account = self._accounts.find_user_by_email(account_email.strip().lower())
        self._store.add_report(
            self._clock.now(),
            account_user_id=account.user_id if account else None,
            reporter_user_id=reporter.user_id if reporter else None,
            details=details,
            status="open",
        )

    def reports(self, limit: int, cursor: str | None) -> tuple[list[Any], str | None]:
        return self._store.reports(self._clock.now(), limit, cursor)

    def confirm_report(self, report_id: str, privacy: Any) -> Any:
        """An admin confirms the account belongs to a child: it is deleted at once."""
        report = self._store.get_report(report_id)
        if report is None:
            raise NotFound("No such report.")
        if not self._store.resolve_report(report, "confirmed", self._clock.now()):
            raise Conflict("This report was already resolved.", code="already_resolved")
        if report.account_user_id:
            privacy.delete_now(report.account_user_id, "admin")
        return self._store.get_report(report_id)

    def dismiss_report(self, report_id: str) -> Any:
        report = self._store.get_report(report_id)
        if report is None:
            raise NotFound("No such report.")
        if not self._store.resolve_report(report, "dismissed", self._clock.now()):
            raise Conflict("This report was already resolved.", code="already_resolved")
        return self._store.get_report(report_id)

    def set_suspended(self, user_id: str, suspended: bool) -> Any:
        user = self._accounts.get_user(user_id)
        if user is None:
            raise NotFound("No such user.")
        self._accounts.set_flags(user, suspended=suspended)
        return self._accounts.get_user(user_id)
