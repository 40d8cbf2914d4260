"""Webhook endpoints (keyed by user then id) and their deliveries (keyed by endpoint
then a delivery id derived from the endpoint and the event: one per event and endpoint,
created on condition that none exists; a person's deliveries by the `by_user` index for
the export and erasure; each expires with its TTL)."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class WebhookEndpointModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("webhook_endpoints")

    user_id = UnicodeAttribute(hash_key=True)
    endpoint_id = UnicodeAttribute(range_key=True)
    url = UnicodeAttribute()
    events = JSONAttribute(default=list)
    description = UnicodeAttribute(default="")
    enabled = BooleanAttribute(default=True)
    secret = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    failing_since = UTCDateTimeAttribute(null=True)
    disabled_reason = UnicodeAttribute(null=True)


class DeliveriesByUser(GlobalSecondaryIndex["WebhookDeliveryModel"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    delivery_id = UnicodeAttribute(range_key=True)


class WebhookDeliveryModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("webhook_deliveries")

    endpoint_id = UnicodeAttribute(hash_key=True)
    delivery_id = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute()
    attempts = NumberAttribute(default=0)
    response_status = NumberAttribute(null=True)
    response_body = UnicodeAttribute(null=True)
    problem = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    next_attempt_at = UTCDateTimeAttribute(null=True)
    expires_at = TTLAttribute()
    by_user = DeliveriesByUser()
