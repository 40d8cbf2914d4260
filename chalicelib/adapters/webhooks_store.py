"""PynamoDB persistence for webhook endpoints and deliveries: items in, entities out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.adapters.models.webhooks import WebhookDeliveryModel, WebhookEndpointModel
from chalicelib.domain.webhook_entities import Answer, Delivery, DeliveryStatus, Endpoint
from chalicelib.domain.webhook_rules import KEEP_ANSWER_BYTES

E, D = WebhookEndpointModel, WebhookDeliveryModel


def _endpoint(item: WebhookEndpointModel) -> Endpoint:
    return Endpoint(
        user_id=item.user_id,
        endpoint_id=item.endpoint_id,
        url=item.url,
        events=tuple(item.events or ()),
        description=item.description or "",
        enabled=bool(item.enabled),
        secret=item.secret,
        created_at=item.created_at,
        updated_at=item.updated_at,
        failing_since=item.failing_since,
        disabled_reason=item.disabled_reason,
    )


def _delivery(item: WebhookDeliveryModel) -> Delivery:
    return Delivery(
        endpoint_id=item.endpoint_id,
        delivery_id=item.delivery_id,
        user_id=item.user_id,
        event_id=item.event_id,
        event_type=item.event_type,
        body=item.body,
        status=DeliveryStatus(item.status),
        attempts=int(item.attempts or 0),
        created_at=item.created_at,
        expires_at=item.expires_at,
        response_status=None if item.response_status is None else int(item.response_status),
        response_body=item.response_body,
        next_attempt_at=item.next_attempt_at,
    )


class WebhooksStore:
    def create_endpoint(self, endpoint: Endpoint) -> None:
        item = E(
            endpoint.user_id,
            endpoint.endpoint_id,
            url=endpoint.url,
            events=list(endpoint.events),
            description=endpoint.description,
            enabled=endpoint.enabled,
            secret=endpoint.secret,
            created_at=endpoint.created_at,
            updated_at=endpoint.updated_at,
        )
        item.save(condition=E.endpoint_id.does_not_exist())

    def endpoints(self, user_id: str) -> list[Endpoint]:
        return [_endpoint(item) for item in E.query(user_id, consistent_read=True)]

    def get_endpoint(self, user_id: str, endpoint_id: str) -> Endpoint | None:
        try:
            return _endpoint(E.get(user_id, endpoint_id, consistent_read=True))
        except DoesNotExist:
            return None

    def update_endpoint(self, endpoint: Endpoint) -> bool:
        fields = {
            "url": endpoint.url,
            "events": list(endpoint.events),
            "description": endpoint.description,
            "enabled": endpoint.enabled,
            "updated_at": endpoint.updated_at,
            "failing_since": endpoint.failing_since,
            "disabled_reason": endpoint.disabled_reason,
        }
        actions = [
            getattr(E, name).remove() if value is None else getattr(E, name).set(value)
            for name, value in fields.items()
        ]
        try:
            E(endpoint.user_id, endpoint.endpoint_id).update(
                actions=actions, condition=E.endpoint_id.exists()
            )
        except UpdateError:
            return False
        return True

    def delete_endpoint(self, user_id: str, endpoint_id: str) -> bool:
        if self.get_endpoint(user_id, endpoint_id) is None:
            return False
        for item in D.query(endpoint_id):
            item.delete()
        E(user_id, endpoint_id).delete()
        return True

    def add_delivery(self, delivery: Delivery) -> bool:
        item = D(
            delivery.endpoint_id,
            delivery.delivery_id,
            user_id=delivery.user_id,
            event_id=delivery.event_id,
            event_type=delivery.event_type,
            body=delivery.body,
            status=delivery.status.value,
            attempts=delivery.attempts,
            created_at=delivery.created_at,
            next_attempt_at=delivery.next_attempt_at,
            expires_at=delivery.expires_at,
        )
        try:
            item.save(condition=D.delivery_id.does_not_exist())
        except PutError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def get_delivery(self, endpoint_id: str, delivery_id: str) -> Delivery | None:
        try:
            return _delivery(D.get(endpoint_id, delivery_id, consistent_read=True))
        except DoesNotExist:
            return None

    def deliveries(self, endpoint_id: str, limit: int) -> list[Delivery]:
        items = D.query(endpoint_id, consistent_read=True)
        found = sorted((_delivery(i) for i in items), key=lambda d: d.created_at, reverse=True)
        return found[:limit]

    def record_attempt(
        self,
        delivery: Delivery,
        status: DeliveryStatus,
        answer: Answer,
        next_attempt_at: datetime | None,
    ) -> bool:
        kept = answer.body.encode()[:KEEP_ANSWER_BYTES].decode(errors="ignore")
        actions = [
            D.status.set(status.value),
            D.attempts.set(delivery.attempts + 1),
            D.response_status.remove()
            if answer.status is None
            else D.response_status.set(answer.status),
            D.response_body.set(kept) if kept else D.response_body.remove(),
            D.problem.set(answer.problem) if answer.problem else D.problem.remove(),
            D.next_attempt_at.remove()
            if next_attempt_at is None
            else D.next_attempt_at.set(next_attempt_at),
        ]
        return self._update(delivery, actions)

    def reopen(self, delivery: Delivery, at: datetime) -> bool:
        actions = [D.status.set(DeliveryStatus.PENDING.value), D.next_attempt_at.set(at)]
        return self._update(delivery, actions)

    @staticmethod
    def _update(delivery: Delivery, actions: list[Any]) -> bool:
        condition = (D.attempts == delivery.attempts) & (D.status == delivery.status.value)
        try:
            D(delivery.endpoint_id, delivery.delivery_id).update(
                actions=actions,
                condition=condition,
            )
        except UpdateError:
            return False
        return True
