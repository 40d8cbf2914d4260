"""A fake Stripe API over HTTP (stdlib server in a thread, free loopback port) for the
calls the stripe SDK makes: customers, Checkout Sessions, portal sessions, events, and
the look-ups a refund uses. Requests are recorded with their form parameters and the
Idempotency-Key header; a repeated key replays the first answer, as Stripe does."""

from __future__ import annotations

import itertools
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


class FakeStripe:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.customers: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.invoice_by_payment: dict[str, str] = {}
        self.events: list[dict[str, Any]] = []
        self._replies: dict[str, tuple[int, dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeStripe:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls(self, method: str, path: str) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == method and r["path"] == path]

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}"

    # Routing -------------------------------------------------------------------
    def answer(self, method: str, path: str, params: dict[str, str]) -> tuple[int, dict]:
        if method == "POST" and path == "/v1/customers":
            customer = {"id": self.new_id("cus"), "object": "customer", "name": None,
                        "email": params.get("email"), "address": None}  # fmt: skip
            self.customers[customer["id"]] = customer
            return 200, customer
        if path.startswith("/v1/customers/"):
            customer_id = path.rsplit("/", 1)[1]
            if customer_id not in self.customers:
                error = {"type": "invalid_request_error", "code": "resource_missing"}
                return 404, {"error": {**error, "message": "No such customer"}}
            if method == "POST":
                self.customers[customer_id]["name"] = params.get("name")
            if method == "DELETE":
                del self.customers[customer_id]
                return 200, {"id": customer_id, "object": "customer", "deleted": True}
            return 200, self.customers[customer_id]
        if method == "POST" and path == "/v1/checkout/sessions":
            session_id = self.new_id("cs_test")
            session = {
                "id": session_id,
                "object": "checkout.session",
                "mode": params.get("mode"),
                "customer": params.get("customer"),
                "client_reference_id": params.get("client_reference_id"),
                "metadata": {"product_id": params.get("metadata[product_id]")},
                "status": "open",
                "payment_status": "unpaid",
                "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            }
            self.sessions[session_id] = session
            return 200, session
        if method == "POST" and path == "/v1/billing_portal/sessions":
            return 200, {
                "id": self.new_id("bps"),
                "object": "billing_portal.session",
                "customer": params.get("customer"),
                "url": "https://billing.stripe.com/p/session/test_fake",
            }
        if method == "GET" and path == "/v1/events":
            since = int(params.get("created[gte]", "0"))
            found = [e for e in self.events if e["created"] >= since]
            return 200, self._list(path, sorted(found, key=lambda e: -e["created"]))
        if method == "GET" and path == "/v1/checkout/sessions":
            pi = params.get("payment_intent")
            return 200, self._list(
                path, [s for s in self.sessions.values() if s.get("payment_intent") == pi]
            )
        if method == "GET" and path == "/v1/invoice_payments":
            invoice_id = self.invoice_by_payment.get(params.get("payment[payment_intent]", ""))
            items = []
            if invoice_id:
                items = [
                    {"id": self.new_id("inpay"), "object": "invoice_payment", "invoice": invoice_id}
                ]
            return 200, self._list(path, items)
        if method == "GET" and path.startswith("/v1/invoices/"):
            invoice = self.invoices.get(path.rsplit("/", 1)[1])
            if invoice:
                return 200, invoice
        return 404, {"error": {"type": "invalid_request_error", "message": "No such resource"}}

    @staticmethod
    def _list(url: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return {"object": "list", "url": url, "has_more": False, "data": items}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                params = dict(parse_qsl(body or parts.query, keep_blank_values=True))
                key = self.headers.get("Idempotency-Key")
                with fake._lock:
                    fake.requests.append(
                        {
                            "method": method,
                            "path": parts.path,
                            "params": params,
                            "idempotency_key": key,
                            "authorization": self.headers.get("Authorization"),
                        }
                    )
                    if method == "POST" and key and key in fake._replies:
                        status, reply = fake._replies[key]
                    else:
                        status, reply = fake.answer(method, parts.path, params)
                        if method == "POST" and key:
                            fake._replies[key] = (status, reply)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_fake")
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
