"""Retention cleanup: enforces every period in the data map, whatever DynamoDB TTL's
delay or the lifecycle rules do. Items and object versions stream page by page into
batched deletes (BatchWriteItem of 25, DeleteObjects of 1,000)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib.adapters.media_bucket import ObjectVersion
from chalicelib.privacy.data_map import DataMap, PrefixEntry
from chalicelib.privacy.retention import period


def _object_expired(version: ObjectVersion, entry: PrefixEntry, now: datetime) -> bool:
    if version.is_latest and not version.is_delete_marker:
        # Objects with several retention classes are cleaned by their table's entry;
        # the prefix enforces the longest period as a backstop.
        return version.last_modified < now - timedelta(days=entry.longest_days)
    return version.last_modified < now - period("backups")


def clean_expired(data_map: DataMap, tables: Any, bucket: Any, now: datetime) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in data_map.tables:
        if entry.expiry is not None:
            counts[entry.table] = tables.delete(entry, tables.expired(entry, now))
    for prefix in data_map.prefixes:
        expired = (v for v in bucket.versions(prefix.prefix) if _object_expired(v, prefix, now))
        counts[f"s3:{prefix.name}"] = bucket.delete_versions(expired)
    return counts
