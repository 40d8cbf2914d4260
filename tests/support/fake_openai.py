"""A fake OpenAI HTTP server (stdlib, a free loopback port, its own thread) that tests
script: each request to an endpoint takes the next behaviour from its queue (the last
one repeats). The real openai SDK is pointed at it through its base URL."""

from __future__ import annotations

import base64
import io
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PIL import Image

# Provenance-like bytes that must survive storage untouched.
PROVENANCE = b"c2pa-manifest-fake"


def provider_png(width: int = 1024, height: int = 1024) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width // 8, height // 8), (1, 2, 3)).resize((width, height)).save(
        out, "PNG", pnginfo=_provenance()
    )
    return out.getvalue()


def _provenance() -> Any:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("c2pa", PROVENANCE.decode())
    return info


@dataclass
class FakeOpenAI:
    script: dict[str, list[str]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    delay_seconds: float = 2.0
    base_url: str = ""

    def plan(self, endpoint: str, *behaviours: str) -> None:
        """endpoint: "generations", "edits" or "moderations"; behaviours: "ok", "429",
        "500", "timeout", "moderation_blocked", "malformed", "flagged", "stream_broken"
        (a streamed request: the connection drops after the first partial)."""
        self.script[endpoint] = list(behaviours)

    def next(self, endpoint: str) -> str:
        queue = self.script.get(endpoint) or ["ok"]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def calls(self, endpoint: str) -> int:
        return sum(1 for name, _ in self.requests if name == endpoint)


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            raw = self.rfile.read(length)
            endpoint = self.path.rstrip("/").rsplit("/", 1)[-1]
            content_type = self.headers.get("content-type", "")
            if "json" in content_type:
                body = json.loads(raw)
            else:  # multipart: the form's field names, each as often as it was sent
                body = {
                    "fields": [n.decode() for n in re.findall(rb'(?<!file)name="([^"]+)"', raw)],
                    "form": {  # the values of the plain (non-file) fields
                        n.decode(): v.decode()
                        for n, v in re.findall(rb'(?<!file)name="([^"]+)"\r\n\r\n([^\r]*)\r\n', raw)
                    },
                }
            fake.requests.append((endpoint, body))
            behaviour = fake.next(endpoint)
            if behaviour == "timeout":
                time.sleep(fake.delay_seconds)
            if behaviour == "429":
                return self._json(429, _error("Rate limit reached", "rate_limit_exceeded"))
            if behaviour == "500":
                return self._json(500, _error("The server had an error", "server_error"))
            if behaviour == "moderation_blocked":
                return self._json(
                    400, _error("Rejected by the safety system", "moderation_blocked")
                )
            if behaviour == "malformed":
                return self._json(200, {"created": 1, "data": [{"b64_json": "not base64!"}]})
            if endpoint == "moderations":
                flagged = behaviour == "flagged"
                return self._json(
                    200,
                    {
                        "id": "modr_1",
                        "model": "omni",
                        "results": [{"flagged": flagged, "categories": {}, "category_scores": {}}],
                    },
                )
            asked = body.get("form", body)
            if str(asked.get("stream", "")).lower() == "true":
                partials = int(asked.get("partial_images", 0))
                return self._stream(endpoint, partials, broken=behaviour == "stream_broken")
            n = int(body.get("n", 1)) if isinstance(body, dict) else 1
            image = base64.b64encode(provider_png(256, 256)).decode()
            return self._json(
                200,
                {
                    "created": 1,
                    "data": [{"b64_json": image} for _ in range(n)],
                    "usage": {"input_tokens": 50, "output_tokens": 1056, "total_tokens": 1106},
                },
            )

        def _stream(self, endpoint: str, partials: int, broken: bool) -> None:
            """Server-sent events as the Images API streams them: each partial image,
            then the completed image with its usage; `broken` drops the connection
            after the first partial."""
            kind = "image_generation" if endpoint == "generations" else "image_edit"
            common = {"background": "opaque", "created_at": 1, "output_format": "png",
                      "quality": "medium", "size": "1024x1024"}  # fmt: skip
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            for index in range(partials):
                preview = base64.b64encode(provider_png(64 * (index + 1), 64 * (index + 1)))
                self._event(f"{kind}.partial_image", {**common, "b64_json": preview.decode(),
                            "partial_image_index": index})  # fmt: skip
                if broken:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
            final = base64.b64encode(provider_png(256, 256)).decode()
            usage = {"input_tokens": 50, "output_tokens": 1156, "total_tokens": 1206,
                     "input_tokens_details": {"image_tokens": 0, "text_tokens": 50}}  # fmt: skip
            self._event(f"{kind}.completed", {**common, "b64_json": final, "usage": usage})

        def _event(self, kind: str, data: dict[str, Any]) -> None:
            payload = {"type": kind, **data}
            self.wfile.write(f"event: {kind}\ndata: {json.dumps(payload)}\n\n".encode())
            self.wfile.flush()

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "invalid_request_error", "code": code}}


@contextmanager
def fake_openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
