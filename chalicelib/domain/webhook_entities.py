"""Webhook endpoints, their deliveries and the events they carry (Standard Webhooks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.json_types import JSONObject


class EventType(StrEnum):
    GENERATION_SUCCEEDED = "generation.succeeded"
    GENERATION_FAILED = "generation.failed"
    GENERATION_BLOCKED = "generation.blocked"
    GENERATION_CANCELED = "generation.canceled"
    RUN_COMPLETED = "workflow_run.completed"
    PING = "ping"


SUBSCRIBABLE = tuple(e.value for e in EventType if e is not EventType.PING)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(frozen=True)
class Endpoint:
    user_id: str
    endpoint_id: str
    url: str
    events: tuple[str, ...]
    description: str
    enabled: bool
    secret: str  # `whsec_<base64>`: shown once, never logged or exported
    created_at: datetime
    updated_at: datetime
    failing_since: datetime | None = None  # the first failed attempt since a success
    disabled_reason: str | None = None

    def wants(self, event_type: str) -> bool:
        return self.enabled and (event_type == EventType.PING or event_type in self.events)


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    created_at: datetime
    data: JSONObject


@dataclass(frozen=True)
class Delivery:
    endpoint_id: str
    delivery_id: str
    user_id: str
    event_id: str
    event_type: str
    body: str  # the JSON sent, byte for byte the same at every attempt
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    expires_at: datetime
    response_status: int | None = None
    response_body: str | None = None  # at most 1 KB of the last answer
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class Answer:
    """What one attempt got back: the status (None when nothing came) and its start."""

    status: int | None
    body: str = ""
    problem: str = ""  # why nothing came (refused address, timeout), for the item

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300
