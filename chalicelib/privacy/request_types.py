"""What a person can ask of their data (the `type` of a privacy request), the states a
request goes through, and the request and tombstone records themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class PrivacyRequestType(StrEnum):
    EXPORT = "export"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    RESTRICTION_LIFT = "restriction_lift"


class PrivacyRequestStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELED = "canceled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class PrivacyRequest:
    request_id: str
    user_id: str  # replaced by a pseudonym when the account is erased
    type: PrivacyRequestType
    status: PrivacyRequestStatus
    actor: str = "user"  # a role, never a person
    created_at: datetime
    due_at: datetime
    completed_at: datetime | None = None
    scheduled_for: datetime | None = None
    export_key: str | None = None
    file_expires_at: datetime | None = None
    was_restricted: bool = False


@dataclass(frozen=True, slots=True)
class Tombstone:
    """An erased account's keyed email hash, so a restored backup can be re-erased."""

    pseudonym: str
    deleted_at: datetime


@dataclass(frozen=True, slots=True)
class AccountIdentity:
    """Who an account is, as far as re-erasing restored accounts needs it."""

    user_id: str
    email: str
    created_at: datetime
