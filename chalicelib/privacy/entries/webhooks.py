"""Data-map entries for webhooks: a person's endpoints (the signing secret is never
exported) and the deliveries made to them (the event sent holds the generation's prompt
and params: it expires after 30 days)."""

from __future__ import annotations

from chalicelib.privacy.data_map import ByHashKey, ByIndex, Delete, Expiry, TableEntry

ID = "user.unique_id"
OPS = "system.operations"
CONTENT = "user.content.private"
SECRET = "system.authentication"

TABLES = [
    TableEntry(
        table="webhook_endpoints",
        description="Webhook endpoints you added: URL, events, description, state",
        purpose="Tell your systems when a generation or a workflow run ends",
        legal_basis="contract",
        retention="webhooks",
        attributes={
            "user_id": ID,
            "endpoint_id": OPS,
            "url": CONTENT,
            "events": OPS,
            "description": CONTENT,
            "enabled": OPS,
            "secret": SECRET,
            "created_at": OPS,
            "updated_at": OPS,
            "failing_since": OPS,
            "disabled_reason": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=None,  # kept while the account exists, deleted with it or by its owner
        export="webhook_endpoints",
        export_exclude=("secret",),
    ),
    TableEntry(
        table="webhook_deliveries",
        description="Webhook deliveries: the event sent, its attempts and 1 KB of the answer",
        purpose="Deliver events to your endpoints, retry them and show you what happened",
        legal_basis="contract",
        retention="webhook_deliveries",
        attributes={
            "endpoint_id": OPS,
            "delivery_id": OPS,
            "user_id": ID,
            "event_id": OPS,
            "event_type": OPS,
            "body": CONTENT,
            "status": OPS,
            "attempts": OPS,
            "response_status": OPS,
            "response_body": OPS,
            "problem": OPS,
            "created_at": OPS,
            "next_attempt_at": OPS,
            "expires_at": OPS,
        },
        lookup=ByIndex("by_user"),
        erasure=Delete(),
        expiry=Expiry("expires_at"),
        export="webhook_deliveries",
    ),
]
