"""The local checkout simulator: a page with a Pay button for a local Checkout Session,
and the payment itself, which signs the resulting Stripe events with the stripe SDK's
helper and STRIPE_WEBHOOK_SECRET and posts them to our own webhook over HTTP."""

from __future__ import annotations

import html
import json
from typing import Any

from chalicelib.adapters.stripe_signature import signature_header
from devstack.stripe_stand_in import OUTCOMES

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local checkout</title>
<link rel="icon" href="data:,">
<style>body{{font-family:system-ui;max-width:32rem;margin:3rem auto}}button{{margin:.25rem}}</style>
</head><body>
<h1>Local checkout (simulated Stripe)</h1>
<p><strong>{name}</strong>: {amount} {currency} ({mode})</p>
<p>Session <code>{session_id}</code>, status <code>{status}</code>.</p>
<p>No card is asked for: paying here sends correctly signed Stripe events to this
server's <code>/v1/webhooks/stripe</code>.</p>
{buttons}
<p><a href="{cancel_url}">Cancel and go back</a></p>
<pre id="result"></pre>
<script>
async function pay(outcome) {{
  const response = await fetch(location.pathname, {{
    method: "POST", headers: {{"Content-Type": "application/json"}},
    body: JSON.stringify({{outcome}})
  }});
  document.getElementById("result").textContent =
    JSON.stringify(await response.json(), null, 2);
  // As Stripe Checkout does: back to the site's success URL once the payment is made.
  if (response.ok && outcome !== "delayed_failure") location.assign({success_url});
}}
</script>
</body></html>
"""


def render_page(session: dict[str, Any]) -> str:
    outcomes = OUTCOMES if session["mode"] == "payment" else ("paid",)
    buttons = "".join(
        f"<button onclick=\"pay('{o}')\">{'Pay' if o == 'paid' else o.replace('_', ' ')}</button>"
        for o in outcomes
    )
    return PAGE.format(
        name=html.escape(session["line_items_summary"]["name"]),
        amount=f"{session['amount_total'] / 100:.2f}",
        currency=html.escape(session["currency"].upper()),
        mode=html.escape(session["mode"]),
        session_id=html.escape(session["id"]),
        status=html.escape(session["status"]),
        buttons=buttons if session["status"] == "open" else "<p>Already completed.</p>",
        # a JavaScript string literal inside <script>: JSON, with no "<" to end the element
        success_url=json.dumps(success_url(session)).replace("<", "\\u003c"),
        cancel_url=html.escape(session["cancel_url"]),
    )


def success_url(session: dict[str, Any]) -> str:
    """Where the payer goes back to, with the session id Stripe puts in its template."""
    return str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session["id"])


def pay_and_deliver(
    stripe: Any, sender: Any, secret: str, clock: Any, session_id: str, outcome: str
) -> dict[str, Any]:
    events = stripe.pay(session_id, outcome)
    delivered = []
    for event in events:
        payload = json.dumps(event)
        header = signature_header(payload, secret, int(clock.now().timestamp()))
        status = sender.send(payload.encode(), header)
        delivered.append({"id": event["id"], "type": event["type"], "status": status})
    return {"session_id": session_id, "outcome": outcome, "delivered": delivered}
