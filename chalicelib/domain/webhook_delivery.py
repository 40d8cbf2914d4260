"""One delivery attempt (the `deliver_webhook` consumer's work) and the events a
generation's or a run's end emits. An attempt re-checks the endpoint's URL and every
address its host resolves to now (a name may change after it was accepted), connects
to the address it checked, signs the body per Standard Webhooks, and either records
success or counts the failure and schedules the next attempt; after three days it is
`failed`, and an endpoint that has failed for five days is disabled and its owner told."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from chalicelib.clock import Clock
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.ports.accounts import Mailer, Users
from chalicelib.domain.ports.webhooks import (
    OwnerAddress,
    Resolver,
    Transport,
    WebhookQueue,
    WebhookStore,
)
from chalicelib.domain.webhook_entities import Answer, Delivery, DeliveryStatus, Endpoint
from chalicelib.domain.webhook_rules import (
    DISABLE_AFTER,
    RETRY_FOR,
    TIMEOUT_SECONDS,
    address_allowed,
    next_delay,
    sign,
    target,
    url_problem,
)
from chalicelib.domain.webhooks import message_of
from chalicelib.observability import logger

DISABLED_SUBJECT = "A webhook endpoint was disabled"
DISABLED_BODY = (
    "Deliveries to your webhook endpoint {endpoint_id} ({url}) have failed for five days,"
    " so it has been disabled. Fix the receiver, then enable it again in your developer"
    " settings; failed deliveries can be retried from there."
)


class AccountOwners:
    """The owner's address, from the account (an erased account has none)."""

    def __init__(self, accounts: Users) -> None:
        self._accounts = accounts

    def email_of(self, user_id: str) -> str | None:
        user = self._accounts.get_user(user_id)
        return user.email if user is not None else None


class WebhookDeliverer:
    def __init__(
        self,
        store: WebhookStore,
        queue: WebhookQueue,
        resolver: Resolver,
        transport: Transport,
        mailer: Mailer,
        owners: OwnerAddress,
        clock: Clock,
        allow_local: bool,
    ) -> None:
        self._store = store
        self._queue = queue
        self._resolver = resolver
        self._transport = transport
        self._mailer = mailer
        self._owners = owners
        self._clock = clock
        self._allow_local = allow_local

    def deliver(self, message: JSONObject) -> str:
        """Attempt the delivery the message names; returns what became of it."""
        endpoint_id, delivery_id = str(message["endpoint_id"]), str(message["delivery_id"])
        delivery = self._store.get_delivery(endpoint_id, delivery_id)
        stale = delivery is None or delivery.attempts != message.get("attempt")
        if delivery is None or stale or delivery.status != DeliveryStatus.PENDING:
            return "skipped"  # done, or a message an attempt (or a retry) superseded
        endpoint = self._store.get_endpoint(delivery.user_id, endpoint_id)
        if endpoint is None:
            return "skipped"  # deleted with its deliveries
        now = self._clock.now()
        if endpoint.enabled:
            answer = self._call(endpoint, delivery, now)
        else:
            answer = Answer(None, problem="endpoint disabled")
        return self._record(endpoint, delivery, answer, now)

    def _record(self, endpoint: Endpoint, delivery: Delivery, answer: Answer, now: datetime) -> str:
        attempts = delivery.attempts + 1
        next_at: datetime | None = None
        if answer.ok:
            status = DeliveryStatus.SUCCEEDED
        elif not endpoint.enabled or now - delivery.created_at >= RETRY_FOR:
            status = DeliveryStatus.FAILED
        else:
            status = DeliveryStatus.PENDING
            next_at = now + _seconds(next_delay(attempts))
        if not self._store.record_attempt(delivery, status, answer, next_at):
            return "skipped"  # another attempt counted first
        logger.info(
            "webhook attempt",
            extra={
                "delivery_id": delivery.delivery_id,
                "endpoint_id": endpoint.endpoint_id,
                "attempt": attempts,
                "outcome": status.value,
                "response_status": answer.status,
                "problem": answer.problem,
            },
        )
        if status == DeliveryStatus.PENDING:
            self._queue.send(message_of(replace(delivery, attempts=attempts)), next_delay(attempts))
        if endpoint.enabled:
            self._health(endpoint, answer.ok, now)
        return status.value

    def _call(self, endpoint: Endpoint, delivery: Delivery, now: datetime) -> Answer:
        if url_problem(endpoint.url, self._allow_local) is not None:
            return Answer(None, problem="url refused")
        _, host, port, _ = target(endpoint.url)
        addresses = self._resolver.resolve(host, port)
        if not addresses:
            return Answer(None, problem="name not resolved")
        if not all(address_allowed(a, self._allow_local) for a in addresses):
            return Answer(None, problem="address refused")
        timestamp = int(now.timestamp())
        headers = {
            "content-type": "application/json",
            "user-agent": "GPT-Image-2-Webhooks/1.0",
            "webhook-id": delivery.event_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(endpoint.secret, delivery.event_id, timestamp, delivery.body),
        }
        body = delivery.body.encode()
        return self._transport.post(endpoint.url, addresses[0], headers, body, TIMEOUT_SECONDS)

    def _health(self, endpoint: Endpoint, ok: bool, now: datetime) -> None:
        """Track how long the endpoint has failed; at five days, disable it (once)."""
        if ok:
            if endpoint.failing_since is not None:
                self._store.update_endpoint(replace(endpoint, failing_since=None))
            return
        if endpoint.failing_since is None:
            self._store.update_endpoint(replace(endpoint, failing_since=now))
            return
        if now - endpoint.failing_since < DISABLE_AFTER:
            return
        disabled = replace(endpoint, enabled=False, disabled_reason="failing", updated_at=now)
        if self._store.update_endpoint(disabled):
            logger.info("webhook endpoint disabled", extra={"endpoint_id": endpoint.endpoint_id})
            email = self._owners.email_of(endpoint.user_id)
            if email:
                text = DISABLED_BODY.format(endpoint_id=endpoint.endpoint_id, url=endpoint.url)
                self._mailer.send(email, DISABLED_SUBJECT, text)


def _seconds(count: int) -> timedelta:
    return timedelta(seconds=count)
