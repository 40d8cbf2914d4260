"""API keys: keyed by the SHA-256 of the key (the key itself is never stored), so a
request's key is one consistent GetItem; a user's keys through the `by_user` index, by
id (ids sort by time: newest first). TTL at `expires_at` when the key has one."""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class ApiKeysByUser(GlobalSecondaryIndex["ApiKeyModel"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    key_id = UnicodeAttribute(range_key=True)


class ApiKeyModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("api_keys")

    key_hash = UnicodeAttribute(hash_key=True)
    key_id = UnicodeAttribute()
    user_id = UnicodeAttribute()
    name = UnicodeAttribute()
    prefix = UnicodeAttribute()
    scopes = JSONAttribute(default=list)
    created_at = UTCDateTimeAttribute()
    last_used_at = UTCDateTimeAttribute(null=True)
    expires_at = UTCDateTimeAttribute(null=True)
    expires = TTLAttribute(null=True)
    by_user = ApiKeysByUser()
