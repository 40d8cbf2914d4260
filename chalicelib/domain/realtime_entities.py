"""Live updates: what a ticket and a connection are, and the messages a client gets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

TICKET_LIFETIME = timedelta(seconds=60)
CONNECTION_LIFETIME = timedelta(hours=2)  # API Gateway closes a WebSocket at 2 hours


class MessageType(StrEnum):
    GENERATION_UPDATED = "generation.updated"
    GENERATION_PARTIAL_IMAGE = "generation.partial_image"
    WORKFLOW_RUN_UPDATED = "workflow_run.updated"
    PONG = "pong"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Ticket:
    """A single-use pass to open one connection, bound to its user: `ticket` is shown to
    the client once; only its hash is stored."""

    url: str
    ticket: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Connection:
    connection_id: str
    user_id: str
    connected_at: datetime
    expires_at: datetime
