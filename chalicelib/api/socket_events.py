"""The WebSocket API's three routes, on API Gateway's raw event: `$connect` spends the
ticket in `?ticket=` (anything else: 401, the socket is not opened), `$default`
answers a client's message, `$disconnect` forgets the connection. The local stack's
WebSocket server calls the same Lambda handlers (`app.py`) with the same events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.services import Services

OK = {"statusCode": 200}
REFUSED = {"statusCode": 401}


def _connection_id(event: dict[str, Any]) -> str:
    return str(event["requestContext"]["connectionId"])


def connect(event: dict[str, Any], services: Services) -> dict[str, int]:
    ticket = (event.get("queryStringParameters") or {}).get("ticket")
    return OK if services.realtime.connect(_connection_id(event), ticket) else REFUSED


def message(event: dict[str, Any], services: Services) -> dict[str, int]:
    services.realtime.receive(_connection_id(event), event.get("body"))
    return OK


def disconnect(event: dict[str, Any], services: Services) -> dict[str, int]:
    services.realtime.disconnect(_connection_id(event))
    return OK
