"""PLACEHOLDER (written by the infra branch; the data map replaces it): the bucket's
lifecycle rules in S3 PutBucketLifecycleConfiguration's shape, from the retention
periods. Only the prefixes that exist so far are covered."""

from __future__ import annotations

from typing import Any

from chalicelib.privacy.retention import RETENTION

PREFIX_RETENTION = {"uploads/": "uploads", "exports/": "exports"}


def lifecycle_rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {
            "ID": f"expire-{category}",
            "Status": "Enabled",
            "Filter": {"Prefix": prefix},
            "Expiration": {"Days": RETENTION[category].retention_days},
        }
        for prefix, category in PREFIX_RETENTION.items()
    ]
    rules.append(
        {
            "ID": "noncurrent-versions",
            "Status": "Enabled",
            "Filter": {"Prefix": ""},
            "NoncurrentVersionExpiration": {"NoncurrentDays": RETENTION["backups"].retention_days},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
            "Expiration": {"ExpiredObjectDeleteMarker": True},
        }
    )
    return rules
