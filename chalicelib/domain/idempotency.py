"""Idempotency-Key semantics (API.md): the same key with the same body replays the first
response; the same key with a different body answers 409 `idempotency_key_reused`.
Keys are per user and scope, kept 24 hours."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.ports.idempotency import StoredResponse
from chalicelib.errors import Conflict, FieldError, InvalidInput

if TYPE_CHECKING:
    from chalicelib.domain.ports.idempotency import IdempotencyRecords, Recorded

HEADER = "Idempotency-Key"


class IdempotencyKeyTaken(Conflict):
    """Another request recorded this Idempotency-Key while this one was being made."""

    code = "idempotency_in_progress"

    def __init__(self) -> None:
        super().__init__("Try again.")


def record_key(user_id: str, scope: str, key: str) -> str:
    return f"{user_id}#{scope}#{key}"


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not 1 <= len(key) <= 255:
        raise InvalidInput([FieldError(HEADER, "must be 1 to 255 characters")])
    return key


def request_hash(method: str, path: str, body: JSONValue) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def reused() -> Conflict:
    return Conflict(
        "This Idempotency-Key was used with a different request.", code="idempotency_key_reused"
    )


def resolve_existing(existing: Recorded, expected_hash: str) -> StoredResponse:
    """The stored response to replay, or the right error."""
    if existing.request_hash != expected_hash:
        raise reused()
    if existing.response is None:
        raise Conflict(
            "A request with this Idempotency-Key is still being processed.",
            code="idempotency_in_progress",
        )
    return existing.response


@dataclass(frozen=True, slots=True)
class Submitted:
    """A submission's answer: made now, or replayed from its Idempotency-Key's record."""

    status: int
    body: JSONObject
    replayed: bool


def replay(
    records: IdempotencyRecords, stored_key: str | None, request_hash: str, now: datetime
) -> Submitted | None:
    """The recorded answer for this key, if there is one (or the right error)."""
    if stored_key is None:
        return None
    existing = records.get(stored_key, now)
    if existing is None:
        return None
    stored = resolve_existing(existing, request_hash)
    return Submitted(stored.status, stored.body, True)


def run_idempotent(
    store: IdempotencyRecords,
    record_key: str,
    user_id: str,
    expected_hash: str,
    now: datetime,
    action: Callable[[], tuple[int, JSONValue]],
) -> tuple[StoredResponse, bool]:
    """Run `action` once per key; returns (response, replayed)."""
    existing = store.claim(user_id, record_key, expected_hash, now)
    if existing is not None:
        return resolve_existing(existing, expected_hash), True
    try:
        status, body = action()
    except Exception:
        store.release(record_key)
        raise
    response = StoredResponse(status, body)
    store.finish(record_key, response)
    return response, False
