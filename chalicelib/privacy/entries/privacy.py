"""Data-map entries for privacy requests, their audit trail, tombstones and exports."""

from __future__ import annotations

from chalicelib.domain import s3_keys
from chalicelib.privacy.data_map import (
    ByIndex,
    Expiry,
    NotLinked,
    PrefixEntry,
    Pseudonymize,
    TableEntry,
)

OPS = "system.operations"

TABLES = [
    TableEntry(
        table="privacy_requests",
        description="Your privacy requests (export, deletion, restriction) and their state",
        purpose="Honour and document privacy requests",
        legal_basis="legal_obligation",
        retention="privacy_requests",
        attributes={
            "request_id": OPS,
            "user_id": "user.unique_id",
            "type": "user.privacy_preferences",
            "status": OPS,
            "actor": OPS,
            "created_at": OPS,
            "due_at": OPS,
            "completed_at": OPS,
            "scheduled_for": OPS,
            "export_key": "user.unique_id",
            "file_expires_at": OPS,
            "was_restricted": "user.privacy_preferences",
            "expires": OPS,
        },
        lookup=ByIndex("by_user"),
        erasure=Pseudonymize(attributes=("user_id",), remove=("export_key",)),
        expiry=Expiry("expires"),
        export="privacy_requests",
        export_exclude=("export_key",),
    ),
    TableEntry(
        table="privacy_audit",
        description="Audit trail of privacy requests: role, step and counts only",
        purpose="Show that privacy requests were honoured",
        legal_basis="legal_obligation",
        retention="privacy_requests",
        attributes={
            "request_id": OPS,
            "entry_id": OPS,
            "actor": OPS,
            "step": OPS,
            "counts": OPS,
            "created_at": OPS,
            "expires": OPS,
        },
        lookup=NotLinked(),
        erasure=None,
        expiry=Expiry("expires"),
        note="No personal data: linked only to a request id whose user is pseudonymized.",
    ),
    TableEntry(
        table="tombstones",
        description="Deletion tombstones: a keyed hash (HMAC) of an erased account's email",
        purpose="Re-apply deletions if a backup is restored",
        legal_basis="legal_obligation",
        retention="tombstones",
        attributes={
            "email_hmac": "user.unique_id",
            "pseudonym": "user.unique_id",
            "deleted_at": OPS,
            "expires": OPS,
        },
        lookup=NotLinked(),
        erasure=None,
        expiry=Expiry("expires"),
        note="Written by erasure; holds no plain data and cannot be reversed without the key.",
    ),
]

PREFIXES = [
    PrefixEntry(
        prefix=s3_keys.EXPORTS,
        name="exports",
        description="Data export archives (ZIP)",
        categories=("user.unique_id", "user.contact.email", "user.name", "user.content.private"),
        purpose="Give you a copy of your data",
        legal_basis="legal_obligation",
        retention=("exports",),
        export=False,
    )
]
