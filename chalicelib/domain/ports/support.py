"""What the support desk needs: support messages and child-account reports, stored with
their retention (reads skip what is past it)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.domain.cursors import Page
from chalicelib.domain.support_entities import ChildReport, ReportStatus, SupportMessage


class SupportRecords(Protocol):
    def add_message(
        self, user_id: str, subject: str, body: str, now: datetime
    ) -> SupportMessage: ...

    def messages_of(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> Page[SupportMessage]: ...

    def all_messages(
        self, now: datetime, limit: int, cursor: str | None
    ) -> Page[SupportMessage]: ...

    def add_report(
        self,
        now: datetime,
        *,
        account_user_id: str | None,
        reporter_user_id: str | None,
        details: str,
    ) -> ChildReport: ...

    def reports(self, now: datetime, limit: int, cursor: str | None) -> Page[ChildReport]: ...

    def get_report(self, report_id: str) -> ChildReport | None: ...

    def resolve_report(self, report: ChildReport, status: ReportStatus, now: datetime) -> bool:
        """Close an open report; False when it was already resolved."""
        ...
