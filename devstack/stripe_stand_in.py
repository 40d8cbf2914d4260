"""A local stand-in for Stripe behind the same interface as `StripeGateway`, which the
local stack substitutes (`devstack.wiring.adopt`) when STRIPE_SECRET_KEY is not set.
Checkout URLs point to the local checkout simulator (`/v1/dev/checkout/{session_id}`);
paying there builds the events Stripe would send, in Stripe's object shapes, which the
simulator signs and posts to our own webhook. State (customers, sessions, events) is kept
in memory and, when a state directory is given, in `stripe.json` there so a restart of
`make run` keeps it."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

API_VERSION = "2026-10-28.endive"
OUTCOMES = ("paid", "delayed_success", "delayed_failure")


def _id(prefix: str) -> str:
    return f"{prefix}_local_{secrets.token_hex(12)}"


class UnknownSession(LookupError):
    pass


class LocalStripe:
    def __init__(self, base_url: str, clock: Any, state_file: Path | None = None) -> None:
        self._base = base_url.rstrip("/")
        self._clock = clock
        self._file = state_file
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {
            "customers": {},
            "sessions": {},
            "events": [],
            "invoices_by_payment": {},
            "idempotency": {},
        }
        if state_file is not None and state_file.exists():
            self._state.update(json.loads(state_file.read_text()))

    # The StripeApi interface ---------------------------------------------------
    def create_customer(self, user_id: str, email: str, idempotency_key: str) -> str:
        with self._lock:
            known = self._state["idempotency"].get(idempotency_key)
            if known:
                return str(known)
            customer_id = _id("cus")
            self._state["customers"][customer_id] = {
                "id": customer_id,
                "email": email,
                "name": None,
                "address": None,
                "metadata": {"user_id": user_id},
            }
            self._state["idempotency"][idempotency_key] = customer_id
            self._save()
        return customer_id

    def update_customer_name(self, customer_id: str, name: str) -> None:
        with self._lock:
            if customer_id in self._state["customers"]:
                self._state["customers"][customer_id]["name"] = name
                self._save()

    def delete_customer(self, customer_id: str) -> None:
        with self._lock:
            self._state["customers"].pop(customer_id, None)
            self._save()

    def get_customer(self, customer_id: str) -> dict[str, Any] | None:
        """The stand-in's record of a customer (what Stripe would hold), or None."""
        with self._lock:
            found = self._state["customers"].get(customer_id)
            return dict(found) if found else None

    def create_checkout_session(
        self, params: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        with self._lock:
            known = self._state["idempotency"].get(idempotency_key)
            if known:
                return dict(self._state["sessions"][known])
            session_id = _id("cs")
            price = params["line_items"][0]["price_data"]
            session = {
                "id": session_id,
                "object": "checkout.session",
                "mode": params["mode"],
                "status": "open",
                "payment_status": "unpaid",
                "amount_subtotal": price["unit_amount"],
                "amount_total": price["unit_amount"],
                "currency": price["currency"],
                "client_reference_id": params["client_reference_id"],
                "customer": params["customer"],
                "metadata": params["metadata"],
                "payment_intent": None,
                "subscription": None,
                "success_url": params["success_url"],
                "cancel_url": params["cancel_url"],
                "created": self._now(),
                "livemode": False,
                "url": f"{self._base}/v1/dev/checkout/{session_id}",
                "line_items_summary": {"name": price["product_data"]["name"]},
            }
            self._state["sessions"][session_id] = session
            self._state["idempotency"][idempotency_key] = session_id
            self._save()
        return dict(session)

    def create_portal_session(self, customer_id: str, return_url: str) -> str:
        return f"{return_url}?portal=local&customer={customer_id}"

    def list_events(self, created_gte: int) -> Iterator[dict[str, Any]]:
        with self._lock:
            events = [e for e in self._state["events"] if e["created"] >= created_gte]
        return iter(sorted(events, key=lambda e: e["created"], reverse=True))

    def session_for_payment_intent(self, payment_intent: str) -> dict[str, Any] | None:
        with self._lock:
            for session in self._state["sessions"].values():
                if session.get("payment_intent") == payment_intent:
                    return dict(session)
        return None

    def invoice_for_payment_intent(self, payment_intent: str) -> dict[str, Any] | None:
        with self._lock:
            found = self._state["invoices_by_payment"].get(payment_intent)
        return dict(found) if found else None

    # The simulator -------------------------------------------------------------
    def get_session(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self._state["sessions"].get(session_id)
        if session is None:
            raise UnknownSession(session_id)
        return dict(session)

    def pay(self, session_id: str, outcome: str = "paid") -> list[dict[str, Any]]:
        """Complete the session as Stripe would; returns the events to deliver."""
        with self._lock:
            session = self._state["sessions"].get(session_id)
            if session is None:
                raise UnknownSession(session_id)
            if session["status"] != "open":
                return []
            session["status"] = "complete"
            if session["mode"] == "subscription":
                events = self._subscribe(session)
            else:
                events = self._pay_once(session, outcome)
            self._state["events"].extend(events)
            self._save()
        return events

    def _pay_once(self, session: dict[str, Any], outcome: str) -> list[dict[str, Any]]:
        session["payment_intent"] = _id("pi")
        if outcome == "paid":
            session["payment_status"] = "paid"
            return [
                self._event("checkout.session.completed", session),
                self._event("payment_intent.succeeded", self._payment_intent(session)),
            ]
        completed = self._event("checkout.session.completed", session)
        if outcome == "delayed_success":
            session["payment_status"] = "paid"
            return [completed, self._event("checkout.session.async_payment_succeeded", session)]
        return [completed, self._event("checkout.session.async_payment_failed", session)]

    def _subscribe(self, session: dict[str, Any]) -> list[dict[str, Any]]:
        now = self._now()
        period_end = now + int(timedelta(days=30).total_seconds())
        subscription_id = _id("sub")
        session.update(payment_status="paid", subscription=subscription_id)
        subscription = _subscription(session, subscription_id, now, period_end)
        invoice = _first_invoice(session, subscription_id, now, period_end)
        self._state["invoices_by_payment"][_id("pi")] = invoice
        return [
            self._event("checkout.session.completed", session),
            self._event("customer.subscription.created", subscription),
            self._event("invoice.paid", invoice),
        ]

    @staticmethod
    def _payment_intent(session: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": session["payment_intent"],
            "object": "payment_intent",
            "amount": session["amount_total"],
            "currency": session["currency"],
            "customer": session["customer"],
            "status": "succeeded",
            "metadata": session["metadata"],
        }

    def _event(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": _id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": self._now(),
            "type": kind,
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "data": {"object": json.loads(json.dumps(obj))},
        }

    def _now(self) -> int:
        return int(self._clock.now().timestamp())

    def _save(self) -> None:
        if self._file is None:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self._file.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._state))
        tmp.replace(self._file)


def _subscription(
    session: dict[str, Any], subscription_id: str, now: int, period_end: int
) -> dict[str, Any]:
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": session["customer"],
        "status": "active",
        "metadata": session["metadata"],
        "cancel_at_period_end": False,
        "created": now,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": _id("si"),
                    "object": "subscription_item",
                    "current_period_start": now,
                    "current_period_end": period_end,
                }
            ],
        },
    }


def _first_invoice(
    session: dict[str, Any], subscription_id: str, now: int, period_end: int
) -> dict[str, Any]:
    return {
        "id": _id("in"),
        "object": "invoice",
        "customer": session["customer"],
        "status": "paid",
        "billing_reason": "subscription_create",
        "amount_due": session["amount_total"],
        "amount_paid": session["amount_total"],
        "amount_remaining": 0,
        "currency": session["currency"],
        "number": f"LOCAL-{secrets.token_hex(3).upper()}-0001",
        "hosted_invoice_url": None,
        "created": now,
        "period_start": now,
        "period_end": period_end,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": session["metadata"],
            },
        },
        "lines": {"object": "list", "data": []},
    }
