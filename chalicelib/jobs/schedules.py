"""How often each scheduled job runs in AWS (EventBridge expressions). A job not
listed runs at DEFAULT_SCHEDULE."""

from __future__ import annotations

DEFAULT_SCHEDULE = "rate(1 hour)"

SCHEDULES: dict[str, str] = {
    "stripe_reconciler": "rate(15 minutes)",
    "generation_reaper": "rate(5 minutes)",
    "privacy_exports": "rate(5 minutes)",
}


def schedule_for(job: str) -> str:
    return SCHEDULES.get(job, DEFAULT_SCHEDULE)
