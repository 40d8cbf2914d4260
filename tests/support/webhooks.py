"""Helpers for webhook tests: a receiver on 127.0.0.1 answering a script of statuses,
a queue that sends at once (recording the delays asked for), a resolver and transport
that stand for DNS and the network, and a poll until the queue is empty."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from chalicelib.domain.webhook_entities import Answer
from devstack.webhook_events import poll_webhooks


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each POST with the next status of `script` (then 200); a 3xx carries a
    Location to /elsewhere on the same server."""

    script: list[int] = field(default_factory=list)
    got: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = self.rfile.read(length)
                receiver.got.append(Received(self.path, dict(self.headers.items()), body))
                status = receiver.script.pop(0) if receiver.script else 200
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", f"{receiver.base}/elsewhere")
                answer = b"x" * 5000 if status >= 500 else b"ok"
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def url(self) -> str:
        return f"{self.base}/hooks"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ImmediateQueue:
    """The real SQS queue, without the delay (the test moves the clock instead)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.delays: list[int] = []

    def send(self, message: Any, delay_seconds: int) -> None:
        self.delays.append(delay_seconds)
        self.inner.send(message, 0)


class FakeResolver:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers

    def resolve(self, host: str, port: int) -> list[str]:
        return list(self.answers.get(host, []))


class RecordingTransport:
    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.calls: list[tuple[str, str]] = []

    def post(self, url: str, address: str, headers: Any, body: bytes, timeout: float) -> Answer:
        self.calls.append((url, address))
        return Answer(self.status, "ok")


def drain(limit: int = 20) -> int:
    """Poll the webhook queue until a poll finds nothing; returns the messages handled."""
    total = 0
    for _ in range(limit):
        handled = poll_webhooks()
        if handled == 0:
            return total
        total += handled
    raise AssertionError("the webhook queue never emptied")
