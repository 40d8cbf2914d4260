"""Webhook endpoints and deliveries, as the API shows them (the secret only once)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.api.models.base import RequestModel, ResponseModel, Time
from chalicelib.domain.webhook_entities import Delivery as DeliveryEntity
from chalicelib.domain.webhook_entities import DeliveryStatus
from chalicelib.domain.webhook_entities import Endpoint as EndpointEntity
from chalicelib.domain.webhook_rules import MAX_URL_LENGTH

EventName = Literal[
    "generation.succeeded",
    "generation.failed",
    "generation.blocked",
    "generation.canceled",
    "workflow_run.completed",
]
Url = Annotated[
    str, Field(min_length=8, max_length=MAX_URL_LENGTH, examples=["https://example.com/hooks"])
]
Events = Annotated[list[EventName], Field(min_length=1, max_length=5)]
Description = Annotated[str, Field(max_length=200)]


class EndpointRequest(RequestModel):
    url: Url
    events: Events
    description: Description = ""


class EndpointPatch(RequestModel):
    url: Url | None = None
    events: Events | None = None
    description: Description | None = None
    enabled: bool | None = None


class WebhookEndpoint(ResponseModel):
    id: str = Field(examples=["whe_01jd4x0000abcdefghjkmnpqrs"])
    url: str
    events: list[str]
    description: str
    enabled: bool
    disabled_reason: str | None
    failing_since: Time | None
    created_at: Time
    updated_at: Time

    @classmethod
    def of(cls, endpoint: EndpointEntity) -> WebhookEndpoint:
        return cls(
            id=endpoint.endpoint_id,
            url=endpoint.url,
            events=list(endpoint.events),
            description=endpoint.description,
            enabled=endpoint.enabled,
            disabled_reason=endpoint.disabled_reason,
            failing_since=endpoint.failing_since,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )


class CreatedWebhookEndpoint(WebhookEndpoint):
    secret: str = Field(description="Shown once: `whsec_…`, the signing secret")

    @classmethod
    def created(cls, endpoint: EndpointEntity) -> CreatedWebhookEndpoint:
        shown = WebhookEndpoint.of(endpoint).model_dump()
        return cls(**shown, secret=endpoint.secret)


class WebhookDelivery(ResponseModel):
    id: str
    event_id: str
    event_type: str
    status: DeliveryStatus
    attempts: int
    response_status: int | None
    next_attempt_at: Time | None
    created_at: Time

    @classmethod
    def of(cls, delivery: DeliveryEntity) -> WebhookDelivery:
        return cls(
            id=delivery.delivery_id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            status=delivery.status,
            attempts=delivery.attempts,
            response_status=delivery.response_status,
            next_attempt_at=delivery.next_attempt_at,
            created_at=delivery.created_at,
        )
