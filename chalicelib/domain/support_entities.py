"""Support records: a message to support, and a report that an account belongs to a
child under 13."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class MessageStatus(StrEnum):
    OPEN = "open"


class ReportStatus(StrEnum):
    OPEN = "open"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True, kw_only=True)
class SupportMessage:
    user_id: str
    message_id: str
    subject: str
    body: str
    status: MessageStatus
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildReport:
    report_id: str
    account_user_id: str | None  # resolved from the email when reported; None: no account
    reporter_user_id: str | None
    details: str
    status: ReportStatus
    created_at: datetime
    resolved_at: datetime | None
