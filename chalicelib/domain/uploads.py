"""Uploads of input images and masks: a presigned POST bounded by size and type, then
the sanitizer (on the S3 event) decides `ready` or `rejected`. The raw object is
deleted (every version) once judged; the sanitized copy lives under `inputs/`
(`s3_keys`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import unquote_plus

from chalicelib.adapters import s3_keys
from chalicelib.errors import NotFound, PayloadTooLarge, UnsupportedMediaType
from chalicelib.ids import new_id
from chalicelib.privacy.retention import RETENTION

CONTENT_TYPES = ("image/png", "image/jpeg", "image/webp", "image/heic")
MAX_BYTES = {"input": 50 * 1024 * 1024, "mask": 4 * 1024 * 1024}
URL_LIFETIME = timedelta(minutes=15)


def created_objects(bodies: list[str]) -> Iterator[tuple[str, int | None]]:
    """(key, size) of each ObjectCreated record in SQS bodies of S3 notifications
    (skipping s3:TestEvent); keys arrive URL-encoded."""
    for body in bodies:
        message = json.loads(body)
        for record in message.get("Records", []):
            if not str(record.get("eventName", "")).startswith("ObjectCreated"):
                continue
            obj = record["s3"]["object"]
            yield unquote_plus(obj["key"]), obj.get("size")


def sanitize_events(bodies: list[str], uploads: UploadService) -> list[str]:
    """The sanitize Lambda: judge each object the S3 notifications name."""
    return [uploads.sanitize(key, size) for key, size in created_objects(bodies)]


class UploadService:
    def __init__(self, store: Any, objects: Any, clock: Any) -> None:
        self._store = store
        self._objects = objects
        self._clock = clock

    def create(self, user_id: str, content_type: str, size: int, purpose: str) -> dict[str, Any]:
        if content_type not in CONTENT_TYPES:
            raise UnsupportedMediaType(f"Allowed types: {', '.join(CONTENT_TYPES)}.")
        if size > MAX_BYTES[purpose]:
            limit = MAX_BYTES[purpose] // (1024 * 1024)
            raise PayloadTooLarge(f"A {purpose} may be at most {limit} MB.")
        now = self._clock.now()
        upload_id = new_id("upl", int(now.timestamp() * 1000))
        days = RETENTION["uploads"].retention_days or 30
        upload = self._store.new_upload(
            user_id=user_id,
            upload_id=upload_id,
            status="pending",
            purpose=purpose,
            content_type=content_type,
            declared_size=size,
            created_at=now,
            expires_at=now + timedelta(days=days),
            expires=now + timedelta(days=days),
        )
        self._store.save_upload(upload)
        post = self._objects.presigned_post(
            s3_keys.upload_key(user_id, upload_id), content_type, size
        )
        return {
            "id": upload_id,
            "url": post["url"],
            "fields": post["fields"],
            "expires_at": now + URL_LIFETIME,
        }

    def get(self, user_id: str, upload_id: str) -> Any:
        upload = self._store.get_upload(user_id, upload_id)
        if upload is None or upload.expires_at <= self._clock.now():
            raise NotFound("No such upload.")
        return upload

    def delete(self, user_id: str, upload_id: str) -> None:
        upload = self.get(user_id, upload_id)
        self._objects.delete_everything(s3_keys.upload_key(user_id, upload_id))
        self._objects.delete_everything(s3_keys.input_prefix(user_id, upload_id))
        self._store.delete_upload(upload)

    def sanitize(self, key: str, size: int | None) -> str:
        """Judge one uploaded object; returns what happened (for logs and tests)."""
        from chalicelib import imaging

        owner = s3_keys.parse_upload_key(key)
        if owner is None:
            return "ignored"
        user_id, upload_id = owner
        upload = self._store.get_upload(user_id, upload_id)
        if upload is None or upload.status != "pending":
            if upload is None:
                self._objects.delete_everything(key)
            return "ignored"
        actual = self._objects.size(key) if size is None else size
        if actual is None:
            return "ignored"
        verdict: dict[str, Any]
        # moto (and a forged request) may skip the POST policy: check size and type again.
        if actual > min(int(upload.declared_size), MAX_BYTES[upload.purpose]):
            verdict = {"status": "rejected", "reason": "too_large"}
        else:
            try:
                clean = imaging.sanitize(self._objects.get(key), upload.purpose)
            except imaging.Rejected as rejected:
                verdict = {"status": "rejected", "reason": rejected.reason}
            else:
                if clean.source_type != upload.content_type:
                    verdict = {"status": "rejected", "reason": "content_type_mismatch"}
                else:
                    target = s3_keys.input_key(user_id, upload_id, clean.extension)
                    self._objects.put(target, clean.body, clean.content_type, "uploads")
                    verdict = {
                        "status": "ready",
                        "key": target,
                        "content_type": clean.content_type,
                        "width": clean.width,
                        "height": clean.height,
                    }
        if not self._store.finish_upload(upload, verdict) and "key" in verdict:
            # Refused: the upload was deleted, its owner is being erased, or another
            # delivery judged it first. The copy stays only if it is the one recorded.
            recorded = self._store.get_upload(user_id, upload_id)
            if recorded is None or recorded.key != verdict["key"]:
                self._objects.delete_everything(verdict["key"])
        self._objects.delete_everything(key)
        return str(verdict["status"])
