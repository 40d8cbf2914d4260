"""Live updates: the ticket a client opens its WebSocket with. The socket's own handlers
(connect, message, disconnect) are Lambda entry points in `app.py`, over
`chalicelib.api.socket_events`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.api.models import lazy
from chalicelib.api.request_context import Reply, RequestContext
from chalicelib.api.routing import Router
from chalicelib.domain.api_key_entities import GENERATIONS, Scope

if TYPE_CHECKING:
    from chalicelib.api.models import realtime
else:
    realtime = lazy("realtime")

router = Router(__name__, "realtime", GENERATIONS)


@router.route(
    "/v1/realtime/tickets",
    "POST",
    summary="A single-use ticket (60 s) to open a WebSocket for your own live updates",
    status=201,
    response=lambda: realtime.RealtimeTicket,
    scope=Scope.GENERATIONS_READ,
)
def create_realtime_ticket(ctx: RequestContext) -> Reply:
    ticket = ctx.services.realtime.issue_ticket(ctx.user.user_id)
    return Reply(realtime.RealtimeTicket.from_entity(ticket), 201)
