"""Support messages, reports of accounts held by children under 13 (always accepted,
whether or not the account exists), and the admin actions on them."""

from __future__ import annotations

from typing import Protocol

from chalicelib.clock import Clock
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.cursors import Page
from chalicelib.domain.ports.accounts import AccountRecords
from chalicelib.domain.ports.support import SupportRecords
from chalicelib.domain.support_entities import ChildReport, ReportStatus, SupportMessage
from chalicelib.errors import Conflict, NotFound


class AccountEraser(Protocol):
    """The privacy layer's immediate deletion of an account (by a role, e.g. admin)."""

    def delete_now(self, user_id: str, actor: str) -> object: ...


class SupportDesk:
    def __init__(self, store: SupportRecords, accounts_store: AccountRecords, clock: Clock) -> None:
        self._store = store
        self._accounts = accounts_store
        self._clock = clock

    def post_message(self, user: User, subject: str, body: str) -> SupportMessage:
        return self._store.add_message(user.user_id, subject.strip(), body, self._clock.now())

    def messages(self, user: User, limit: int, cursor: str | None) -> Page[SupportMessage]:
        return self._store.messages_of(user.user_id, limit, cursor, self._clock.now())

    def all_messages(self, limit: int, cursor: str | None) -> Page[SupportMessage]:
        return self._store.all_messages(self._clock.now(), limit, cursor)

    def report_child(self, account_email: str, details: str, reporter: User | None) -> None:
        """Record a report for admins. The email is resolved now and not stored; the
        answer never says whether the account exists."""
        account = self._accounts.find_user_by_email(account_email.strip().lower())
        self._store.add_report(
            self._clock.now(),
            account_user_id=account.user_id if account else None,
            reporter_user_id=reporter.user_id if reporter else None,
            details=details,
        )

    def reports(self, limit: int, cursor: str | None) -> Page[ChildReport]:
        return self._store.reports(self._clock.now(), limit, cursor)

    def _resolve(self, report_id: str, status: ReportStatus) -> ChildReport:
        report = self._store.get_report(report_id)
        if report is None:
            raise NotFound("No such report.")
        if not self._store.resolve_report(report, status, self._clock.now()):
            raise Conflict("This report was already resolved.", code="already_resolved")
        return report

    def _reread(self, report_id: str) -> ChildReport:
        report = self._store.get_report(report_id)
        if report is None:
            raise NotFound("No such report.")
        return report

    def confirm_report(self, report_id: str, privacy: AccountEraser) -> ChildReport:
        """An admin confirms the account belongs to a child: it is deleted at once."""
        report = self._resolve(report_id, ReportStatus.CONFIRMED)
        if report.account_user_id:
            privacy.delete_now(report.account_user_id, "admin")
        return self._reread(report_id)

    def dismiss_report(self, report_id: str) -> ChildReport:
        self._resolve(report_id, ReportStatus.DISMISSED)
        return self._reread(report_id)

    def set_suspended(self, user_id: str, suspended: bool) -> User:
        user = self._accounts.get_user(user_id)
        if user is None:
            raise NotFound("No such user.")
        self._accounts.set_flags(user, suspended=suspended)
        again = self._accounts.get_user(user_id)
        if again is None:
            raise NotFound("No such user.")
        return again
