"""The local stand-in for API Gateway's WebSocket API (`chalice local` has none): a
`websockets` server on LOCAL_WS_PORT that turns each socket's open, messages and close
into the events API Gateway sends, and runs the app's own Lambda handlers
(`realtime_connect`, `realtime_message`, `realtime_disconnect`) with them. It is also
the publisher's ConnectionSender here, as PostToConnection is deployed."""

from __future__ import annotations

import threading
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from chalice.app import Chalice
from chalice.local import LambdaContext
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

OPEN_WAIT_SECONDS = 2.0  # a message for a socket still completing its handshake waits


class LocalSockets:
    """Open sockets by connection id: what `send` reaches."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: dict[str, tuple[threading.Event, ServerConnection]] = {}

    def admitted(self, connection_id: str, socket: ServerConnection) -> None:
        with self._lock:
            self._sockets[connection_id] = (threading.Event(), socket)

    def opened(self, connection_id: str) -> None:
        with self._lock:
            entry = self._sockets.get(connection_id)
        if entry is not None:
            entry[0].set()

    def closed(self, connection_id: str) -> None:
        with self._lock:
            self._sockets.pop(connection_id, None)

    def send(self, connection_id: str, payload: bytes) -> bool:
        with self._lock:
            entry = self._sockets.get(connection_id)
        if entry is None:
            return False
        ready, socket = entry
        if not ready.wait(OPEN_WAIT_SECONDS):
            return False
        try:
            socket.send(payload.decode())
        except ConnectionClosed:
            return False
        return True


def socket_event(route: str, connection_id: str, port: int, **extra: Any) -> dict[str, Any]:
    return {
        "requestContext": {
            "routeKey": route,
            "eventType": {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route, "MESSAGE"),
            "connectionId": connection_id,
            "requestId": str(uuid.uuid4()),
            "domainName": f"127.0.0.1:{port}",
            "stage": "local",
            "apiId": "local",
        },
        "isBase64Encoded": False,
        **extra,
    }


class RealtimeServer:
    def __init__(self, app: Chalice, sockets: LocalSockets, port: int) -> None:
        self._app = app
        self._sockets = sockets
        self._port = port
        self._server: Server | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.socket.getsockname()[1])

    def start(self) -> RealtimeServer:
        self._server = serve(
            self._serve, "127.0.0.1", self._port, process_request=self._admit, compression=None
        )
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    def _invoke(self, name: str, event: dict[str, Any]) -> dict[str, Any]:
        context = LambdaContext(name, memory_size=1024, max_runtime_ms=30_000)
        result: dict[str, Any] = self._app.handler_map[name](event, context)
        return result

    def _admit(self, socket: ServerConnection, request: Any) -> Any:
        connection_id = uuid.uuid4().hex
        query = dict(parse_qsl(urlsplit(request.path).query))
        event = socket_event("$connect", connection_id, self._port, queryStringParameters=query)
        self._sockets.admitted(connection_id, socket)
        if self._invoke("realtime_connect", event).get("statusCode") != 200:
            self._sockets.closed(connection_id)
            return socket.respond(401, "A valid, unused ticket is required.\n")
        socket.gi2_connection_id = connection_id  # type: ignore[attr-defined]
        return None

    def _serve(self, socket: ServerConnection) -> None:
        connection_id: str = socket.gi2_connection_id  # type: ignore[attr-defined]
        self._sockets.opened(connection_id)
        try:
            for text in socket:
                body = text if isinstance(text, str) else text.decode(errors="replace")
                self._invoke(
                    "realtime_message",
                    socket_event("$default", connection_id, self._port, body=body),
                )
        except ConnectionClosed:
            pass
        finally:
            self._sockets.closed(connection_id)
            self._invoke(
                "realtime_disconnect", socket_event("$disconnect", connection_id, self._port)
            )


def start_realtime(app: Chalice, sender: object, realtime_url: str) -> RealtimeServer:
    """The server on the port of REALTIME_URL (`ws://127.0.0.1:<LOCAL_WS_PORT>`),
    reaching the sockets the services' sender is (the local stack's `LocalSockets`)."""
    if not isinstance(sender, LocalSockets):
        raise TypeError("the local WebSocket server needs the local sockets as the sender")
    port = urlsplit(realtime_url).port
    if port is None:
        raise ValueError("REALTIME_URL names no port")
    return RealtimeServer(app, sender, port).start()
