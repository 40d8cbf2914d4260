"""Uploads of input images and masks: a presigned POST bounded by size and type, then
the sanitizer (on the S3 event) decides `ready` or `rejected`. The raw object is
deleted (every version) once judged, and so is anything that arrives at a raw key no
pending upload owns; the sanitized copy lives under `inputs/` (`s3_keys`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from urllib.parse import unquote_plus

from chalicelib.clock import Clock
from chalicelib.domain import s3_keys
from chalicelib.domain.ports.objects import LatestVersion, Objects
from chalicelib.domain.ports.uploads import UploadsStore
from chalicelib.domain.retention import RETENTION
from chalicelib.domain.upload_entities import (
    Upload,
    UploadPurpose,
    UploadStarted,
    UploadStatus,
    Verdict,
)
from chalicelib.errors import NotFound, PayloadTooLarge, UnsupportedMediaType
from chalicelib.ids import new_id

CONTENT_TYPES = ("image/png", "image/jpeg", "image/webp", "image/heic")
MAX_BYTES = {"input": 50 * 1024 * 1024, "mask": 4 * 1024 * 1024}
URL_LIFETIME = timedelta(minutes=15)
# S3 checks a form's expiry when the POST starts and dates the object when it ends: a
# large file sent just before the form expired may land this much later.
TRANSFER_GRACE = timedelta(minutes=10)


def created_objects(bodies: list[str]) -> Iterator[str]:
    """The key of each ObjectCreated record in SQS bodies of S3 notifications (skipping
    s3:TestEvent); keys arrive URL-encoded."""
    for body in bodies:
        message = json.loads(body)
        for record in message.get("Records", []):
            if not str(record.get("eventName", "")).startswith("ObjectCreated"):
                continue
            yield unquote_plus(record["s3"]["object"]["key"])


def sanitize_events(bodies: list[str], uploads: UploadService) -> list[str]:
    """The sanitize Lambda: judge each object the S3 notifications name."""
    return [uploads.sanitize(key) for key in created_objects(bodies)]


class UploadService:
    def __init__(self, store: UploadsStore, objects: Objects, clock: Clock) -> None:
        self._store = store
        self._objects = objects
        self._clock = clock

    def create(
        self, user_id: str, content_type: str, size: int, purpose: UploadPurpose
    ) -> UploadStarted:
        if content_type not in CONTENT_TYPES:
            raise UnsupportedMediaType(f"Allowed types: {', '.join(CONTENT_TYPES)}.")
        if size > MAX_BYTES[purpose]:
            limit = MAX_BYTES[purpose] // (1024 * 1024)
            raise PayloadTooLarge(f"A {purpose} may be at most {limit} MB.")
        now = self._clock.now()
        upload_id = new_id("upl", int(now.timestamp() * 1000))
        days = RETENTION["uploads"].retention_days or 30
        upload = Upload(
            user_id=user_id,
            upload_id=upload_id,
            status=UploadStatus.pending,
            purpose=purpose,
            content_type=content_type,
            declared_size=size,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        self._store.create_upload(upload)
        post = self._objects.presigned_post(
            s3_keys.upload_key(user_id, upload_id), content_type, size
        )
        return UploadStarted(upload_id, post.url, post.fields, now + URL_LIFETIME)

    def get(self, user_id: str, upload_id: str) -> Upload:
        upload = self._store.get_upload(user_id, upload_id)
        if upload is None or upload.expires_at <= self._clock.now():
            raise NotFound("No such upload.")
        return upload

    def delete(self, user_id: str, upload_id: str) -> None:
        upload = self.get(user_id, upload_id)
        self._objects.delete_everything(s3_keys.upload_key(user_id, upload_id))
        self._objects.delete_everything(s3_keys.input_prefix(user_id, upload_id))
        self._store.delete_upload(upload)

    def sanitize(self, key: str) -> str:
        """Judge the object at a raw key; returns what happened (for logs and tests).
        moto (and a forged request) may skip the POST policy, so the key, the form's
        expiry, the size and the type are all checked again here."""
        owner = s3_keys.parse_upload_key(key)
        upload = self._store.get_upload(*owner) if owner else None
        if upload is None or upload.status != UploadStatus.pending:
            # No pending upload owns this key (a made-up key, a deleted upload, or the
            # same form posted again once its upload was judged): the raw bytes go.
            self._objects.delete_key(key)
            return "deleted"
        latest = self._objects.latest(key)
        if latest is None:
            return "ignored"  # judged and deleted already (a repeated event)
        verdict = self._judge(upload, key, latest)
        if not self._store.finish_upload(upload, verdict) and verdict.key is not None:
            # Refused: the upload was deleted, its owner is being erased, or another
            # delivery judged it first. The copy stays only if it is the one recorded.
            recorded = self._store.get_upload(upload.user_id, upload.upload_id)
            if recorded is None or recorded.key != verdict.key:
                self._objects.delete_everything(verdict.key)
        self._objects.delete_key(key)
        return verdict.status.value

    def _judge(self, upload: Upload, key: str, latest: LatestVersion) -> Verdict:
        from chalicelib import imaging

        rejected = UploadStatus.rejected
        if latest.last_modified > upload.created_at + URL_LIFETIME + TRANSFER_GRACE:
            return Verdict(status=rejected, reason="expired")
        if latest.size > min(upload.declared_size, MAX_BYTES[upload.purpose]):
            return Verdict(status=rejected, reason="too_large")
        try:
            clean = imaging.sanitize(self._objects.get(key, latest.version_id), upload.purpose)
        except imaging.Rejected as refused:
            return Verdict(status=rejected, reason=refused.reason)
        if clean.source_type != upload.content_type:
            return Verdict(status=rejected, reason="content_type_mismatch")
        target = s3_keys.input_key(upload.user_id, upload.upload_id, clean.extension)
        self._objects.put(target, clean.body, clean.content_type, "uploads")
        return Verdict(
            status=UploadStatus.ready,
            key=target,
            content_type=clean.content_type,
            width=clean.width,
            height=clean.height,
        )
