"""An upload of an input image or a mask, as the domain knows it: its purpose and
status, the sanitizer's verdict, and a started upload's form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class UploadPurpose(StrEnum):
    input = "input"
    mask = "mask"


class UploadStatus(StrEnum):
    pending = "pending"
    ready = "ready"
    rejected = "rejected"


@dataclass(frozen=True, slots=True, kw_only=True)
class Upload:
    user_id: str
    upload_id: str
    status: UploadStatus
    purpose: UploadPurpose
    content_type: str
    declared_size: int
    created_at: datetime
    expires_at: datetime
    width: int | None = None
    height: int | None = None
    key: str | None = None  # the sanitized object, once ready
    reason: str | None = None  # why it was rejected


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The sanitizer's judgement: ready (with the sanitized copy) or rejected (why)."""

    status: UploadStatus
    reason: str | None = None
    key: str | None = None
    content_type: str | None = None
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class UploadStarted:
    """A new upload and the form to post its file with."""

    id: str
    url: str
    fields: dict[str, str]
    expires_at: datetime
