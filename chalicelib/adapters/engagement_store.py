"""PynamoDB persistence for consent records, usage events, support messages and
child-account reports. Reads skip items past their expiry (TTL deletes late)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.adapters.cursors import page_query, page_scan
from chalicelib.adapters.models.engagement import (
    ChildReportModel,
    ConsentRecordModel,
    SupportMessageModel,
    UsageEventModel,
)
from chalicelib.domain.cursors import Page
from chalicelib.domain.retention import period
from chalicelib.domain.support_entities import (
    ChildReport,
    MessageStatus,
    ReportStatus,
    SupportMessage,
)
from chalicelib.ids import new_id
from chalicelib.privacy.consent_state import ConsentState


def _ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


class EngagementStore:
    # Tables the API's admin routes scan (`all_messages`, `reports`): infra grants the
    # API Scan on exactly these.
    API_SCANS = (SupportMessageModel, ChildReportModel)

    # Consent ------------------------------------------------------------------
    def add_consent(self, subject_id: str, state: ConsentState) -> None:
        at = state.updated_at
        assert at is not None, "a recorded choice has a time"
        ConsentRecordModel(
            subject_id,
            new_id("cnr", _ms(at)),
            consent_id=state.consent_id,
            functional=state.functional,
            analytics=state.analytics,
            marketing=state.marketing,
            policy_version=state.policy_version,
            method=state.method,
            gpc=state.gpc,
            created_at=at,
            expires=at + period("consent"),
        ).save()

    def latest_consent(self, subject_id: str, now: datetime) -> ConsentState | None:
        for record in ConsentRecordModel.query(subject_id, scan_index_forward=False, limit=1):
            return _consent(record) if record.expires > now else None
        return None

    # Usage events -------------------------------------------------------------
    def add_events(self, subject_id: str, events: list[dict[str, Any]], now: datetime) -> int:
        expires = now + period("usage_events")
        with UsageEventModel.batch_write() as batch:
            for values in events:
                batch.save(
                    UsageEventModel(
                        subject_id,
                        new_id("evt", _ms(now)),
                        received_at=now,
                        expires=expires,
                        **values,
                    )
                )
        return len(events)

    # Support messages ---------------------------------------------------------
    def add_message(self, user_id: str, subject: str, body: str, now: datetime) -> SupportMessage:
        message = SupportMessageModel(
            user_id,
            new_id("msg", _ms(now)),
            subject=subject,
            body=body,
            status=MessageStatus.OPEN.value,
            created_at=now,
            expires=now + period("support_messages"),
        )
        message.save()
        return _message(message)

    def messages_of(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> Page[SupportMessage]:
        items, after = page_query(
            SupportMessageModel,
            user_id,
            limit,
            cursor,
            range_key_condition=SupportMessageModel.message_id.startswith("msg_"),
            filter_condition=SupportMessageModel.expires > now,
        )
        return [_message(item) for item in items], after

    def all_messages(self, now: datetime, limit: int, cursor: str | None) -> Page[SupportMessage]:
        condition = SupportMessageModel.expires > now
        items, after = page_scan(SupportMessageModel, condition, limit, cursor)
        return [_message(item) for item in items], after

    # Child-account reports ------------------------------------------------------
    def add_report(
        self,
        now: datetime,
        *,
        account_user_id: str | None,
        reporter_user_id: str | None,
        details: str,
    ) -> ChildReport:
        report = ChildReportModel(
            new_id("rep", _ms(now)),
            account_user_id=account_user_id,
            reporter_user_id=reporter_user_id,
            details=details,
            status=ReportStatus.OPEN.value,
            created_at=now,
            expires=now + period("child_reports"),
        )
        report.save()
        return _report(report)

    def reports(self, now: datetime, limit: int, cursor: str | None) -> Page[ChildReport]:
        condition = ChildReportModel.expires > now
        items, after = page_scan(ChildReportModel, condition, limit, cursor)
        return [_report(item) for item in items], after

    def get_report(self, report_id: str) -> ChildReport | None:
        try:
            return _report(ChildReportModel.get(report_id, consistent_read=True))
        except DoesNotExist:
            return None

    def resolve_report(self, report: ChildReport, status: ReportStatus, now: datetime) -> bool:
        try:
            ChildReportModel(report.report_id).update(
                actions=[
                    ChildReportModel.status.set(status.value),
                    ChildReportModel.resolved_at.set(now),
                ],
                condition=ChildReportModel.status == ReportStatus.OPEN.value,
            )
        except UpdateError:
            return False
        return True


def _consent(record: ConsentRecordModel) -> ConsentState:
    return ConsentState(
        record.consent_id,
        bool(record.functional),
        bool(record.analytics),
        bool(record.marketing),
        record.policy_version,
        record.method,
        bool(record.gpc),
        record.created_at,
    )


def _message(item: SupportMessageModel) -> SupportMessage:
    return SupportMessage(
        user_id=item.user_id,
        message_id=item.message_id,
        subject=item.subject,
        body=item.body,
        status=MessageStatus(item.status),
        created_at=item.created_at,
    )


def _report(item: ChildReportModel) -> ChildReport:
    return ChildReport(
        report_id=item.report_id,
        account_user_id=item.account_user_id,
        reporter_user_id=item.reporter_user_id,
        details=item.details,
        status=ReportStatus(item.status),
        created_at=item.created_at,
        resolved_at=item.resolved_at,
    )
