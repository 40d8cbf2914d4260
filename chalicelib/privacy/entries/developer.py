"""Data-map entries for developer access: API keys (webhook endpoints come later)."""

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
]
