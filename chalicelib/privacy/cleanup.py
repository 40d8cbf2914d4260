"""Retention cleanup: enforces every period in the data map, whatever DynamoDB TTL's
delay or the lifecycle rules do. Items and object versions stream page by page into
batched deletes (BatchWriteItem of 25, DeleteObjects of 1,000). An expired item's own
objects (the entry's `objects` prefixes, every version) go before the item, so none
outlives its item's period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from chalicelib.domain.retention import period
from chalicelib.privacy.data_map import DataMap, PrefixEntry, TableEntry
from chalicelib.privacy.objects import DELETE_BATCH, ObjectVersion, batched
from chalicelib.privacy.ports import Item, MapTables, VersionedBucket


def _object_expired(version: ObjectVersion, entry: PrefixEntry, now: datetime) -> bool:
    if version.is_latest and not version.is_delete_marker:
        # Objects with several retention classes go with their expired item (the table
        # entry's `objects`); the prefix enforces the longest period as a backstop.
        return version.last_modified < now - timedelta(days=entry.longest_days)
    return version.last_modified < now - period("backups")


def _item_versions(
    entry: TableEntry, items: list[Item], bucket: VersionedBucket
) -> Iterator[ObjectVersion]:
    assert entry.objects is not None
    for item in items:
        for prefix in entry.objects(item):
            yield from bucket.versions(prefix)


def _clean_table(
    entry: TableEntry,
    tables: MapTables,
    bucket: VersionedBucket,
    now: datetime,
    counts: dict[str, int],
) -> None:
    expired = tables.expired(entry, now)
    if entry.objects is None:
        counts[entry.table] = tables.delete(entry, expired)
        return
    items = objects = 0
    for chunk in batched(expired, DELETE_BATCH):
        objects += bucket.delete_versions(_item_versions(entry, chunk, bucket))
        items += tables.delete(entry, chunk)
    counts[entry.table] = items
    counts[f"{entry.table}:objects"] = objects


def clean_expired(
    data_map: DataMap, tables: MapTables, bucket: VersionedBucket, now: datetime
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in data_map.tables:
        if entry.expiry is not None:
            _clean_table(entry, tables, bucket, now, counts)
    for prefix in data_map.prefixes:
        expired = (v for v in bucket.versions(prefix.prefix) if _object_expired(v, prefix, now))
        counts[f"s3:{prefix.name}"] = bucket.delete_versions(expired)
    return counts
