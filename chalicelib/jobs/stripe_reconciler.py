"""Lists recent Stripe events and applies any the webhook missed, through the same
exactly-once path (`StripeEventProcessor.handle`), oldest first."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

LOOKBACK = timedelta(days=3)


def reconcile_stripe_events(services: Any) -> dict[str, Any]:
    since = int((services.clock.now() - LOOKBACK).timestamp())
    events = sorted(services.stripe.list_events(since), key=lambda e: (e["created"], e["id"]))
    outcomes = Counter(services.stripe_events.handle(event) for event in events)
    duplicates = outcomes.pop("duplicate", 0)
    return {"listed": len(events), "already_applied": duplicates, "applied": dict(outcomes)}
