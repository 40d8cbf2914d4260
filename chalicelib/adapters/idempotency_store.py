"""Idempotency records in DynamoDB. A record is claimed with a conditional put (absent
or expired), so two concurrent requests with one key cannot both run."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError

from chalicelib.adapters.models.idempotency import IdempotencyModel
from chalicelib.domain.ports.idempotency import StoredResponse

LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class Existing:
    request_hash: str
    response: StoredResponse | None  # None while the first request is still running


def claim_condition(now: datetime) -> Any:
    return IdempotencyModel.key.does_not_exist() | (IdempotencyModel.expires < now)


def done_record(
    user_id: str, key: str, request_hash: str, response: StoredResponse, now: datetime
) -> IdempotencyModel:
    """A finished record, for writing inside another transaction."""
    return IdempotencyModel(
        key,
        user_id=user_id,
        request_hash=request_hash,
        state="done",
        response_status=response.status,
        response_body=json.dumps(response.body),
        expires=now + LIFETIME,
    )


class IdempotencyStore:
    def claim(self, user_id: str, key: str, request_hash: str, now: datetime) -> Existing | None:
        """Claim the key; None when claimed, else what the earlier request left."""
        record = IdempotencyModel(
            key,
            user_id=user_id,
            request_hash=request_hash,
            state="in_progress",
            expires=now + LIFETIME,
        )
        try:
            record.save(condition=claim_condition(now))
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            existing = self.get(key, now)
            if existing is None:
                return self.claim(user_id, key, request_hash, now)
            return existing
        return None

    def get(self, key: str, now: datetime) -> Existing | None:
        try:
            item = IdempotencyModel.get(key, consistent_read=True)
        except DoesNotExist:
            return None
        if item.expires <= now:
            return None
        response = None
        if item.state == "done":
            response = StoredResponse(int(item.response_status), json.loads(item.response_body))
        return Existing(item.request_hash, response)

    def finish(self, key: str, response: StoredResponse) -> None:
        IdempotencyModel(key).update(
            actions=[
                IdempotencyModel.state.set("done"),
                IdempotencyModel.response_status.set(response.status),
                IdempotencyModel.response_body.set(json.dumps(response.body)),
            ]
        )

    def forget(self, key: str, generation_id: str) -> None:
        """Delete a record whose stored response names `generation_id` (not a later
        request's record under the same key)."""
        condition = IdempotencyModel.response_body.contains(generation_id)
        try:
            IdempotencyModel(key).delete(condition=condition)
        except DeleteError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise

    def release(self, key: str) -> None:
        """Forget a claim whose request failed, so the client may retry with the key."""
        IdempotencyModel(key).delete()
