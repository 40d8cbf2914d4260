"""Data-map entries for consent records, usage events, support and child reports."""

from __future__ import annotations

from typing import Any

from chalicelib.privacy.data_map import (
    ByHashKey,
    ByScan,
    Delete,
    Expiry,
    ExportView,
    Pseudonymize,
    TableEntry,
)

ID = "user.unique_id"
OPS = "system.operations"

TABLES = [
    TableEntry(
        table="consent",
        description="Cookie consent records: choices, policy version, method, GPC, time",
        purpose="Respect and document cookie choices",
        legal_basis="legal_obligation",
        retention="consent",
        attributes={
            "subject_id": ID,
            "record_id": OPS,
            "consent_id": "user.device.cookie_id",
            "functional": "user.privacy_preferences",
            "analytics": "user.privacy_preferences",
            "marketing": "user.privacy_preferences",
            "policy_version": "user.privacy_preferences",
            "method": "user.privacy_preferences",
            "gpc": "user.privacy_preferences",
            "created_at": OPS,
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=Expiry("expires"),
        export="consent_records",
    ),
    TableEntry(
        table="usage_events",
        description="Usage and device events (only with analytics consent)",
        purpose="Analyse product performance",
        legal_basis="consent",
        retention="usage_events",
        attributes={
            "subject_id": ID,
            "event_id": OPS,
            "type": "user.behavior.browsing_history",
            "name": "user.behavior.browsing_history",
            "properties": "user.behavior.browsing_history",
            "occurred_at": "user.behavior.browsing_history",
            "received_at": OPS,
            "ip_prefix": "user.device.ip_address",
            "country": "user.location.coarse",
            "browser_family": "user.device",
            "device_class": "user.device",
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=Expiry("expires"),
        export="usage_events",
    ),
    TableEntry(
        table="support_messages",
        description="Messages you send to support",
        purpose="Provide customer support",
        legal_basis="contract",
        retention="support_messages",
        attributes={
            "user_id": ID,
            "message_id": OPS,
            "subject": "user.content.private",
            "body": "user.content.private",
            "status": OPS,
            "created_at": OPS,
            "expires": OPS,
        },
        lookup=ByHashKey(),
        erasure=Delete(),
        expiry=Expiry("expires"),
        export="support_messages",
    ),
    TableEntry(
        table="child_reports",
        description="Reports that an account belongs to a child under 13",
        purpose="Protect children (remove accounts of under-13s)",
        legal_basis="legal_obligation",
        retention="child_reports",
        attributes={
            "report_id": OPS,
            "account_user_id": ID,
            "reporter_user_id": ID,
            "details": "user.content.private",
            "status": OPS,
            "created_at": OPS,
            "resolved_at": OPS,
            "expires": OPS,
        },
        lookup=ByScan(("account_user_id", "reporter_user_id")),
        erasure=Pseudonymize(
            attributes=("account_user_id", "reporter_user_id"), remove=("details",)
        ),
        expiry=Expiry("expires"),
        export="child_reports",
        # The sender gets what they sent, not whom it names (nor whether that account
        # exists, which the outcome would tell); the person reported gets the report and
        # its outcome, not who sent it or what they wrote.
        export_views=(
            ExportView("reporter_user_id", "reporter", ("report_id", "details", "created_at")),
            ExportView(
                "account_user_id", "reported", ("report_id", "status", "created_at", "resolved_at")
            ),
        ),
    ),
]

PREFIXES: list[Any] = []
