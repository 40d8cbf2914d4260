"""Name resolution and the webhook POST, with the standard library only (no heavy import
at an API cold start). The POST connects to the one address the domain checked, never
resolving the name again (no window for a rebinding answer), sends the host's name as
the Host header and, over TLS, as SNI and the certificate's name; http.client follows
no redirect, and at most 1 KB of the answer is read."""

from __future__ import annotations

import http.client
import socket
import ssl
import time

from chalicelib.domain.webhook_entities import Answer
from chalicelib.domain.webhook_rules import KEEP_ANSWER_BYTES, target


class SocketResolver:
    def resolve(self, host: str, port: int) -> list[str]:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return []
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


class PinnedTransport:
    def post(
        self, url: str, address: str, headers: dict[str, str], body: bytes, timeout: float
    ) -> Answer:
        scheme, host, port, path = target(url)
        kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
        connection = kind(host, port, address, timeout)
        started = time.monotonic()
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            kept = response.read(KEEP_ANSWER_BYTES)
            if time.monotonic() - started > timeout:  # each read within it, not the whole
                return Answer(None, problem="timeout")
            return Answer(response.status, kept.decode("utf-8", errors="replace"))
        except TimeoutError:
            return Answer(None, problem="timeout")
        except (OSError, http.client.HTTPException) as exc:
            return Answer(None, problem=type(exc).__name__)
        finally:
            connection.close()
