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
from chalicelib.domain.retention import period
from chalicelib.ids import new_id


def _ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


class EngagementStore:
    # Tables the API's admin routes scan (`all_messages`, `reports`): infra grants the
    # API Scan on exactly these.
    API_SCANS = (SupportMessageModel, ChildReportModel)

    # Consent ------------------------------------------------------------------
    def add_consent(self, subject_id: str, now: datetime, **values: Any) -> ConsentRecordModel:
        record = ConsentRecordModel(
            subject_id,
            new_id("cnr", _ms(now)),
            created_at=now,
            expires=now + period("consent"),
            **values,
        )
        record.save()
        return record

    def latest_consent(self, subject_id: str, now: datetime) -> ConsentRecordModel | None:
        for record in ConsentRecordModel.query(subject_id, scan_index_forward=False, limit=1):
            return record if record.expires > now else None
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
    def add_message(self, user_id: str, subject: str, body: str, now: datetime) -> Any:
        message = SupportMessageModel(
            user_id,
            new_id("msg", _ms(now)),
            subject=subject,
            body=body,
            status="open",
            created_at=now,
            expires=now + period("support_messages"),
        )
        message.save()
        return message

    def messages_of(
        self, user_id: str, limit: int, cursor: str | None, now: datetime
    ) -> tuple[list[Any], str | None]:
        return page_query(
            SupportMessageModel,
            user_id,
            limit,
            cursor,
            range_key_condition=SupportMessageModel.message_id.startswith("msg_"),
            filter_condition=SupportMessageModel.expires > now,
        )

    def all_messages(
        self, now: datetime, limit: int, cursor: str | None
    ) -> tuple[list[Any], str | None]:
        return page_scan(SupportMessageModel, SupportMessageModel.expires > now, limit, cursor)

    # Child-account reports ------------------------------------------------------
    def add_report(self, now: datetime, **values: Any) -> Any:
        report = ChildReportModel(
            new_id("rep", _ms(now)),
            created_at=now,
            expires=now + period("child_reports"),
            **values,
        )
        report.save()
        return report

    def reports(
        self, now: datetime, limit: int, cursor: str | None
    ) -> tuple[list[Any], str | None]:
        return page_scan(ChildReportModel, ChildReportModel.expires > now, limit, cursor)

    def get_report(self, report_id: str) -> Any:
        try:
            return ChildReportModel.get(report_id, consistent_read=True)
        except DoesNotExist:
            return None

    def resolve_report(self, report: Any, status: str, now: datetime) -> bool:
        try:
            report.update(
                actions=[
                    ChildReportModel.status.set(status),
                    ChildReportModel.resolved_at.set(now),
                ],
                condition=ChildReportModel.status == "open",
            )
        except UpdateError:
            return False
        return True
