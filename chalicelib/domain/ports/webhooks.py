"""What webhooks need from outside the domain: their records, the delivery queue, name
resolution, the HTTP call and the owner's address (for the disabled-endpoint email)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.webhook_entities import Answer, Delivery, DeliveryStatus, Endpoint


class WebhookStore(Protocol):
    def create_endpoint(self, endpoint: Endpoint) -> None: ...

    def endpoints(self, user_id: str) -> list[Endpoint]: ...

    def get_endpoint(self, user_id: str, endpoint_id: str) -> Endpoint | None: ...

    def update_endpoint(self, endpoint: Endpoint) -> bool:
        """Write the endpoint's changeable fields, on condition that it still exists."""
        ...

    def delete_endpoint(self, user_id: str, endpoint_id: str) -> bool:
        """The endpoint and its deliveries; False when there was none."""
        ...

    def add_delivery(self, delivery: Delivery) -> bool:
        """False when the endpoint already has a delivery of this event."""
        ...

    def get_delivery(self, endpoint_id: str, delivery_id: str) -> Delivery | None: ...

    def deliveries(self, endpoint_id: str, limit: int) -> list[Delivery]: ...

    def record_attempt(
        self,
        delivery: Delivery,
        status: DeliveryStatus,
        answer: Answer,
        next_attempt_at: datetime | None,
    ) -> bool:
        """Count one attempt, on condition that no other attempt was counted meanwhile."""
        ...

    def reopen(self, delivery: Delivery, at: datetime) -> bool:
        """A manual retry: pending again, its next attempt at `at` (attempts kept)."""
        ...


class WebhookQueue(Protocol):
    def send(self, message: JSONObject, delay_seconds: int) -> None: ...


class Resolver(Protocol):
    def resolve(self, host: str, port: int) -> list[str]:
        """Every address the name has (empty when it has none)."""
        ...


class Transport(Protocol):
    def post(
        self, url: str, address: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> Answer:
        """POST to `url`, connecting to `address` only (no redirect followed)."""
        ...


class OwnerAddress(Protocol):
    def email_of(self, user_id: str) -> str | None: ...
