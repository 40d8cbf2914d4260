"""The erasure engine: everything the data map links to a person is deleted (every S3
version and delete marker under their prefixes; DynamoDB items in batches) or, for
records the law makes us keep, rewritten under a keyed pseudonym. The payment
provider's customer is deleted first, a tombstone (keyed hash of the email) is written,
and the account item goes last, so a run interrupted half-way can simply run again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.adapters import s3_keys
from chalicelib.privacy.data_map import DataMap, Delete, NotLinked, Subject
from chalicelib.privacy.pseudonyms import Keyed

LAST = "users"


def erase_subject(
    subject: Subject,
    data_map: DataMap,
    tables: Any,
    bucket: Any,
    customers: Any,
    store: Any,
    keyed: Keyed,
    now: datetime,
) -> dict[str, int]:
    """Erase one person; returns counts per table and prefix (no personal data)."""
    counts: dict[str, int] = {}
    customers.delete_customer(subject.user_id)
    for prefix in data_map.prefixes:
        versions = bucket.versions(s3_keys.user_prefix(prefix.prefix, subject.user_id))
        counts[f"s3:{prefix.name}"] = bucket.delete_versions(versions)
    pseudonym = keyed.pseudonym(subject.user_id)
    store.tombstone(keyed.email_hash(subject.email), pseudonym, now)
    entries = sorted(data_map.tables, key=lambda e: e.table == LAST)
    for entry in entries:
        if isinstance(entry.lookup, NotLinked):
            continue
        items = tables.find(entry, subject)
        if isinstance(entry.erasure, Delete):
            counts[entry.table] = tables.delete(entry, items)
        else:
            counts[entry.table] = tables.pseudonymize(entry, items, subject.user_id, pseudonym)
    return counts
