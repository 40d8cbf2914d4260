"""The Idempotency-Key records: claimed with a conditional write, finished with the
first response, forgotten with the resource they answered for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from chalicelib.domain.json_types import JSONValue


@dataclass(frozen=True)
class StoredResponse:
    """The first answer to a key, replayed to every later request with it."""

    status: int
    body: JSONValue


class Recorded(Protocol):
    """What an earlier request with the same key left."""

    @property
    def request_hash(self) -> str: ...
    @property
    def response(self) -> StoredResponse | None: ...  # None: still being processed


class IdempotencyRecords(Protocol):
    def claim(self, user_id: str, key: str, request_hash: str, now: datetime) -> Recorded | None:
        """Claim the key; None when claimed, else what the earlier request left."""

    def finish(self, key: str, response: StoredResponse) -> None: ...

    def release(self, key: str) -> None:
        """Forget a claim whose request failed, so the client may retry with the key."""

    def get(self, key: str, now: datetime) -> Recorded | None: ...

    def forget(self, key: str, generation_id: str) -> None:
        """Delete a record whose stored response names `generation_id`."""
