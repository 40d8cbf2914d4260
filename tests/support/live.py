"""Live updates in the tests: the local WebSocket server (the app's own handlers) on a
free port, sending through the services' local sockets, and a client that collects
what it is sent."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from devstack.realtime_server import RealtimeServer


def start_server(app: Any, services: Any) -> RealtimeServer:
    return RealtimeServer(app, services.connection_sender, 0).start()


class LiveClient:
    """A WebSocket opened with a ticket; `messages` fills in as they arrive."""

    def __init__(self, port: int, ticket: str) -> None:
        self.messages: list[dict[str, Any]] = []
        self.arrived: list[float] = []  # perf_counter() as each message came
        self._arrived = threading.Condition()
        self.socket: ClientConnection = connect(
            f"ws://127.0.0.1:{port}/?ticket={ticket}", open_timeout=10
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for text in self.socket:
                message = json.loads(text)
                with self._arrived:
                    self.arrived.append(time.perf_counter())
                    self.messages.append(message)
                    self._arrived.notify_all()
        except ConnectionClosed:
            pass

    def wait_for(self, count: int, timeout: float = 10) -> list[dict[str, Any]]:
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            return list(self.messages)

    def close(self) -> None:
        self.socket.close()
