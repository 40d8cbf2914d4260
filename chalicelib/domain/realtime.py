"""Live updates: single-use tickets, the connections they open, and the publisher that
pushes a user's events to each of that user's connections (and only theirs). A message
that cannot be sent is logged, never raised: the change it tells of has landed, and a
client that missed it fetches the resource again."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from chalicelib.clock import Clock, isoformat
from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.ports.realtime import ConnectionSender, RealtimeStore
from chalicelib.domain.realtime_entities import (
    CONNECTION_LIFETIME,
    TICKET_LIFETIME,
    Connection,
    MessageType,
    Ticket,
)
from chalicelib.domain.secrets_util import digest, new_token
from chalicelib.observability import logger


def message(kind: MessageType, data: JSONValue, now: datetime) -> bytes:
    return json.dumps({"type": kind.value, "data": data, "sent_at": isoformat(now)}).encode()


class Publisher:
    def __init__(self, store: RealtimeStore, sender: ConnectionSender, clock: Clock) -> None:
        self._store = store
        self._sender = sender
        self._clock = clock

    def publish(self, user_id: str, kind: MessageType, data: Callable[[], JSONValue]) -> int:
        """Push one event to each of the user's connections: the number reached. `data`
        is made only when someone listens (a user with no open page costs one Query);
        None, nothing is sent. A
        connection found gone is left to its `$disconnect` (API Gateway sends it when a
        socket closes or drops) and, failing that, to the table's TTL at 2 hours."""
        connections = self._store.connections_of(user_id)
        body = data() if connections else None
        if body is None:  # no one listens, or the subject is gone
            return 0
        payload = message(kind, body, self._clock.now())
        return sum(self.send(c, payload) for c in connections)

    def send(self, connection_id: str, payload: bytes) -> bool:
        try:
            return self._sender.send(connection_id, payload)
        except Exception as exc:  # one connection's failure never stops the others
            logger.warning(
                "live message not sent",
                extra={"connection_id": connection_id, "error": type(exc).__name__},
            )
            return False


class RealtimeService:
    def __init__(self, store: RealtimeStore, publisher: Publisher, clock: Clock, url: str) -> None:
        self._store = store
        self._publisher = publisher
        self._clock = clock
        self._url = url

    def issue_ticket(self, user_id: str) -> Ticket:
        secret = new_token()
        expires_at = self._clock.now() + TICKET_LIFETIME
        self._store.save_ticket(digest(secret), user_id, expires_at)
        return Ticket(url=self._url, ticket=secret, expires_at=expires_at)

    def connect(self, connection_id: str, ticket: str | None) -> bool:
        """Open a connection with a ticket, which is spent: False when it is missing,
        unknown, used or expired (the socket is refused)."""
        if not ticket:
            return False
        now = self._clock.now()
        user_id = self._store.use_ticket(digest(ticket), now)
        if user_id is None:
            return False
        self._store.save_connection(
            Connection(
                connection_id=connection_id,
                user_id=user_id,
                connected_at=now,
                expires_at=now + CONNECTION_LIFETIME,
            )
        )
        logger.info("live connection opened", extra={"connection_id": connection_id})
        return True

    def disconnect(self, connection_id: str) -> None:
        self._store.remove_connection(connection_id)

    def receive(self, connection_id: str, body: str | None) -> None:
        """A client's message: `{"type": "ping"}` is answered `{"type": "pong"}`."""
        try:
            parsed: JSONValue = json.loads(body or "")
        except ValueError:
            parsed = None
        now = self._clock.now()
        if isinstance(parsed, dict) and parsed.get("type") == "ping":
            reply = message(MessageType.PONG, None, now)
        else:
            problem: JSONObject = {"code": "unknown_message", "detail": 'Send {"type": "ping"}.'}
            reply = message(MessageType.ERROR, problem, now)
        self._publisher.send(connection_id, reply)
