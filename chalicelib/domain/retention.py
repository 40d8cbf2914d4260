"""Retention periods: the one place to adjust them. The data map refers to these classes;
the public schedule, the policy text, TTLs, lifecycle rules and cleanup jobs follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class RetentionClass:
    category: str
    description: str
    retention_days: int | None  # None: kept while the account exists
    after_deletion: str


RETENTION: dict[str, RetentionClass] = {
    c.category: c
    for c in (
        RetentionClass("account", "Account profile and settings", None, "deleted with the account"),
        RetentionClass(
            "sessions",
            "Sign-in sessions",
            90,
            "deleted with the account; each expires after 30 days idle or 90 days at most",
        ),
        RetentionClass(
            "api_keys",
            "API keys (stored as SHA-256 only)",
            None,
            "deleted with the account; each also when revoked or when it expires",
        ),
        RetentionClass(
            "security_events",
            "Security events (sign-ins, password changes)",
            365,
            "deleted with the account",
        ),
        RetentionClass("uploads", "Uploaded input images and masks", 30, "deleted"),
        RetentionClass(
            "generations_free", "Prompts and generated images, free plan", 30, "deleted"
        ),
        RetentionClass(
            "generations_paid", "Prompts and generated images, paid plans", 365, "deleted"
        ),
        RetentionClass(
            "workflows",
            "Saved workflows (prompt templates, variables, steps) and their runs",
            None,
            "deleted with the account",
        ),
        RetentionClass(
            "library",
            "Collections and favorites (a generation leaves them when it is deleted or expires)",
            None,
            "deleted with the account",
        ),
        RetentionClass(
            "webhooks",
            "Webhook endpoints (URL, events, signing secret)",
            None,
            "deleted with the account",
        ),
        RetentionClass(
            "webhook_deliveries",
            "Webhook deliveries (the event sent, the attempts, 1 KB of the answer)",
            30,
            "deleted",
        ),
        RetentionClass("exports", "Data export archives", 7, "deleted"),
        RetentionClass("usage_events", "Usage and device events (with consent)", 90, "deleted"),
        RetentionClass("support_messages", "Support messages", 730, "deleted"),
        RetentionClass(
            "child_reports", "Reports of accounts held by children under 13", 730, "deleted"
        ),
        RetentionClass(
            "consent",
            "Cookie consent choices (we ask again after 13 months)",
            395,
            "deleted with the account",
        ),
        RetentionClass(
            "privacy_requests",
            "Privacy requests and their audit trail",
            1095,
            "kept to show the request was honoured, under a pseudonym",
        ),
        RetentionClass(
            "tombstones",
            "Deletion records (a keyed hash of the email only, to re-erase restored backups)",
            365,
            "this is what remains",
        ),
        RetentionClass("idempotency", "Request idempotency records", 1, "deleted"),
        RetentionClass(
            "payment_events",
            "Ids of payment events received (no personal data)",
            90,
            "not linked to a person",
        ),
        RetentionClass(
            "workflow_history",
            "Image generation workflow history (generation ids only)",
            90,
            "expires automatically; it names no person",
        ),
        RetentionClass(
            "transactions",
            "Credit ledger and invoices",
            3650,
            "kept for the legal period under a pseudonym, without name or email",
        ),
        RetentionClass(
            "backups", "Noncurrent storage versions (backup window)", 30, "expire automatically"
        ),
    )
}


def period(category: str) -> timedelta:
    """The retention period of a class that has one."""
    days = RETENTION[category].retention_days
    if days is None:
        raise ValueError(f"{category} is kept while the account exists")
    return timedelta(days=days)
