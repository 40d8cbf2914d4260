"""Idempotency-Key records: per user and scope, kept 24 h."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class IdempotencyModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("idempotency")

    key = UnicodeAttribute(hash_key=True)  # "{user_id}#{scope}#{Idempotency-Key}"
    user_id = UnicodeAttribute()
    request_hash = UnicodeAttribute()
    state = UnicodeAttribute()  # "in_progress" or "done"
    response_status = NumberAttribute(null=True)
    response_body = UnicodeAttribute(null=True)
    expires = TTLAttribute()
