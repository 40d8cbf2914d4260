"""Live updates: /v1/realtime/tickets."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.models.base import ResponseModel, Time
from chalicelib.domain.realtime_entities import Ticket


class RealtimeTicket(ResponseModel):
    """A single-use ticket, valid 60 s, for one connection to `url?ticket=…`."""

    url: str = Field(examples=["wss://realtime.gptimage2.example/prod"])
    ticket: str
    expires_at: Time

    @classmethod
    def from_entity(cls, ticket: Ticket) -> RealtimeTicket:
        return cls(url=ticket.url, ticket=ticket.ticket, expires_at=ticket.expires_at)
