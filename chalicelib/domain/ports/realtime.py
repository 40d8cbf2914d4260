"""Live updates' ports: tickets and connections (DynamoDB behind
`adapters.realtime_store`) and the sender that reaches one connection (API Gateway's
PostToConnection deployed, the in-process WebSocket server locally)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.domain.realtime_entities import Connection


class RealtimeStore(Protocol):
    def save_ticket(self, ticket_hash: str, user_id: str, expires_at: datetime) -> None: ...

    def use_ticket(self, ticket_hash: str, now: datetime) -> str | None:
        """The ticket's user, once: None when unknown, used or expired."""

    def save_connection(self, connection: Connection) -> None: ...

    def remove_connection(self, connection_id: str) -> None: ...

    def connections_of(self, user_id: str) -> list[str]: ...


class ConnectionSender(Protocol):
    def send(self, connection_id: str, payload: bytes) -> bool:
        """Deliver one message; False when the connection is gone."""
