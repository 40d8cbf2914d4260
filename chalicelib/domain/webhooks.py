"""Webhook endpoints (a person's own, session-authenticated) and the events they are
sent. An event is emitted once per state change: its id derives from the subject and
its new status, and each endpoint's delivery of it is created on condition that none
exists, so a step that runs twice adds nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from chalicelib.clock import Clock, isoformat
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.ports.webhooks import Resolver, WebhookQueue, WebhookStore
from chalicelib.domain.retention import period
from chalicelib.domain.webhook_entities import (
    Delivery,
    DeliveryStatus,
    Endpoint,
    Event,
    EventType,
)
from chalicelib.domain.webhook_rules import (
    address_allowed,
    check_url,
    new_secret,
    target,
)
from chalicelib.errors import Conflict, FieldError, InvalidInput, NotFound
from chalicelib.ids import derived_id, new_id

MAX_ENDPOINTS = 10
# A pending delivery whose next attempt is this late lost its message (say SQS refused
# the send after the delivery was written): a retry may send it again.
ORPHANED_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class EndpointChange:
    url: str | None = None
    events: tuple[str, ...] | None = None
    description: str | None = None
    enabled: bool | None = None


def _orphaned(delivery: Delivery, now: datetime) -> bool:
    due = delivery.next_attempt_at or delivery.created_at
    return now - due > ORPHANED_AFTER


def message_of(delivery: Delivery) -> JSONObject:
    """The queue message of a delivery's next attempt (ids only: no data, no secret)."""
    return {
        "user_id": delivery.user_id,
        "endpoint_id": delivery.endpoint_id,
        "delivery_id": delivery.delivery_id,
        "attempt": delivery.attempts,
    }


class WebhookService:
    def __init__(
        self,
        store: WebhookStore,
        queue: WebhookQueue,
        resolver: Resolver,
        clock: Clock,
        allow_local: bool,
    ) -> None:
        self._store = store
        self._queue = queue
        self._resolver = resolver
        self._clock = clock
        self._allow_local = allow_local

    # Endpoints -----------------------------------------------------------------
    def endpoints(self, user_id: str) -> list[Endpoint]:
        return self._store.endpoints(user_id)

    def get(self, user_id: str, endpoint_id: str) -> Endpoint:
        endpoint = self._store.get_endpoint(user_id, endpoint_id)
        if endpoint is None:
            raise NotFound("No such webhook endpoint.")
        return endpoint

    def create(self, user_id: str, url: str, events: tuple[str, ...], description: str) -> Endpoint:
        if len(self._store.endpoints(user_id)) >= MAX_ENDPOINTS:
            raise Conflict(f"At most {MAX_ENDPOINTS} webhook endpoints.", code="conflict")
        self._check_target(url)
        now = self._clock.now()
        endpoint = Endpoint(
            user_id=user_id,
            endpoint_id=new_id("whe"),
            url=url,
            events=tuple(dict.fromkeys(events)),
            description=description,
            enabled=True,
            secret=new_secret(),
            created_at=now,
            updated_at=now,
        )
        self._store.create_endpoint(endpoint)
        return endpoint

    def update(self, user_id: str, endpoint_id: str, change: EndpointChange) -> Endpoint:
        endpoint = self.get(user_id, endpoint_id)
        if change.url is not None:
            self._check_target(change.url)
        fields: dict[str, object] = {
            k: v for k, v in vars(change).items() if v is not None and k != "events"
        }
        if change.events is not None:
            fields["events"] = tuple(dict.fromkeys(change.events))
        if change.enabled:  # enabled again: a fresh start
            fields.update(failing_since=None, disabled_reason=None)
        updated = replace(endpoint, **fields, updated_at=self._clock.now())  # type: ignore[arg-type]
        if not self._store.update_endpoint(updated):
            raise NotFound("No such webhook endpoint.")
        return updated

    def delete(self, user_id: str, endpoint_id: str) -> None:
        if not self._store.delete_endpoint(user_id, endpoint_id):
            raise NotFound("No such webhook endpoint.")

    def _check_target(self, url: str) -> None:
        """The URL's form, and every address its host resolves to, at creation."""
        check_url(url, self._allow_local)
        _, host, port, _ = target(url)
        addresses = self._resolver.resolve(host, port)
        if not addresses:
            raise InvalidInput([FieldError("url", "does not resolve")])
        if not all(address_allowed(a, self._allow_local) for a in addresses):
            raise InvalidInput([FieldError("url", "must resolve to public addresses only")])

    # Deliveries ----------------------------------------------------------------
    def deliveries(self, user_id: str, endpoint_id: str, limit: int = 50) -> list[Delivery]:
        self.get(user_id, endpoint_id)
        return self._store.deliveries(endpoint_id, limit)

    def ping(self, user_id: str, endpoint_id: str) -> Delivery:
        endpoint = self.get(user_id, endpoint_id)
        event = Event(new_id("evt"), EventType.PING.value, self._clock.now(), {})
        delivery = self._deliver(endpoint, event)
        if delivery is None:  # a new id each time: never already there
            raise Conflict("The ping was already sent.")
        return delivery

    def retry(self, user_id: str, endpoint_id: str, delivery_id: str) -> Delivery:
        self.get(user_id, endpoint_id)
        delivery = self._store.get_delivery(endpoint_id, delivery_id)
        if delivery is None or delivery.user_id != user_id:
            raise NotFound("No such delivery.")
        now = self._clock.now()
        if delivery.status == DeliveryStatus.PENDING and not _orphaned(delivery, now):
            raise Conflict("This delivery is still being attempted.")
        if not self._store.reopen(delivery, now):
            raise Conflict("This delivery is still being attempted.")
        self._queue.send(message_of(delivery), 0)
        return replace(delivery, status=DeliveryStatus.PENDING, next_attempt_at=now)

    # Events --------------------------------------------------------------------
    def emit(self, user_id: str, event_type: str, subject_id: str, data: JSONObject) -> int:
        """The event of `subject_id` reaching `event_type`, to each endpoint that wants
        it; returns how many deliveries were created (0 for a duplicate)."""
        endpoints = [e for e in self._store.endpoints(user_id) if e.wants(event_type)]
        if not endpoints:
            return 0
        event_id = derived_id("evt", subject_id, event_type)
        event = Event(event_id, event_type, self._clock.now(), data)
        return sum(self._deliver(e, event) is not None for e in endpoints)

    def _deliver(self, endpoint: Endpoint, event: Event) -> Delivery | None:
        body = {
            "id": event.event_id,
            "type": event.event_type,
            "created_at": isoformat(event.created_at),
            "data": event.data,
        }
        delivery = Delivery(
            endpoint_id=endpoint.endpoint_id,
            delivery_id=derived_id("whd", endpoint.endpoint_id, event.event_id),
            user_id=endpoint.user_id,
            event_id=event.event_id,
            event_type=event.event_type,
            body=json.dumps(body, separators=(",", ":"), sort_keys=True),
            status=DeliveryStatus.PENDING,
            attempts=0,
            created_at=event.created_at,
            expires_at=event.created_at + period("webhook_deliveries"),
            next_attempt_at=event.created_at,
        )
        if not self._store.add_delivery(delivery):
            return None
        self._queue.send(message_of(delivery), 0)
        return delivery
