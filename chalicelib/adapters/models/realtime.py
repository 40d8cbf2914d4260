"""Live connections: one item per open WebSocket, keyed by API Gateway's connection id,
found by user through `by_user` (keys only: the publisher needs the ids alone). TTL at
the 2-hour limit, so a connection whose disconnect never arrived goes by itself."""

from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.adapters.models.base import BaseMeta, Model, table_name


class ConnectionsByUser(GlobalSecondaryIndex["ConnectionModel"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)


class ConnectionModel(Model):
    class Meta(BaseMeta):
        table_name = table_name("connections")

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    connected_at = UTCDateTimeAttribute()
    expires = TTLAttribute()
    by_user = ConnectionsByUser()
