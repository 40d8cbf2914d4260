"""Data-map entries for developer access and live updates: API keys and open
WebSocket connections (webhook endpoints: `entries.webhooks`)."""

from __future__ import annotations

from chalicelib.privacy.data_map import ByIndex, Delete, Expiry, TableEntry

OPS = "system.operations"
AUTH = "system.authentication"

TABLES = [
    TableEntry(
        table="api_keys",
        description="API keys: name, scopes, display prefix, when created, last used and"
        " expiring (the key itself stored as SHA-256 only)",
        purpose="Let your scripts and apps call the API on your behalf",
        legal_basis="contract",
        retention="api_keys",
        attributes={
            "key_hash": AUTH,
            "key_id": OPS,
            "user_id": "user.unique_id",
            "name": "user.content.private",
            "prefix": AUTH,
            "scopes": AUTH,
            "created_at": OPS,
            "last_used_at": OPS,
            "expires_at": OPS,
            "expires": OPS,
        },
        lookup=ByIndex("by_user"),
        erasure=Delete(),
        expiry=Expiry("expires_at"),  # keys without an expiry: until revoked or erased
        export="api_keys",
        export_exclude=("key_hash",),
    ),
    TableEntry(
        table="connections",
        description="Open live-update connections (WebSocket): the connection id and when"
        " it opened",
        purpose="Push your generations' progress to your open pages and apps",
        legal_basis="contract",
        retention="sessions",
        attributes={
            "connection_id": OPS,
            "user_id": "user.unique_id",
            "connected_at": OPS,
            "expires": OPS,
        },
        lookup=ByIndex("by_user"),
        erasure=Delete(),
        expiry=Expiry("expires"),
        note="Deleted when the socket closes, or after 2 hours at most; not exported.",
    ),
]
