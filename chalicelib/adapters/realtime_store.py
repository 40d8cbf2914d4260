"""Tickets (the `tokens` table, purpose `realtime_ticket`, stored as their SHA-256) and
connections (the `connections` table). A ticket is spent by one conditional update that
also returns its user: two sockets racing with one ticket cannot both open."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.models.accounts import OneTimeTokenModel
from chalicelib.adapters.models.realtime import ConnectionModel
from chalicelib.domain.accounts_entities import TokenPurpose
from chalicelib.domain.realtime_entities import Connection

PURPOSE = TokenPurpose.REALTIME_TICKET.value


class DynamoRealtimeStore:
    def save_ticket(self, ticket_hash: str, user_id: str, expires_at: datetime) -> None:
        OneTimeTokenModel(
            ticket_hash, purpose=PURPOSE, user_id=user_id, expires_at=expires_at, expires=expires_at
        ).save(condition=OneTimeTokenModel.token_hash.does_not_exist())

    def use_ticket(self, ticket_hash: str, now: datetime) -> str | None:
        item = OneTimeTokenModel(ticket_hash)
        try:
            item.update(
                actions=[OneTimeTokenModel.used.set(True)],
                condition=(OneTimeTokenModel.purpose == PURPOSE)
                & (OneTimeTokenModel.used == False)  # noqa: E712 (PynamoDB)
                & (OneTimeTokenModel.expires_at > now),
            )
        except UpdateError as exc:
            if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
                return None
            raise
        return str(item.user_id)

    def save_connection(self, connection: Connection) -> None:
        ConnectionModel(
            connection.connection_id,
            user_id=connection.user_id,
            connected_at=connection.connected_at,
            expires=connection.expires_at,
        ).save()

    def remove_connection(self, connection_id: str) -> None:
        ConnectionModel(connection_id).delete()  # none there: DeleteItem does nothing

    def connections_of(self, user_id: str) -> list[str]:
        return [str(c.connection_id) for c in ConnectionModel.by_user.query(user_id)]
