"""The erasure engine: everything the data map links to a person is deleted (every S3
version and delete marker under their prefixes; DynamoDB items in batches) or, for
records the law makes us keep, rewritten under a keyed pseudonym.

Work may be in flight when it starts (a generation running, a capture, an upload being
sanitized), so it first marks the account as being erased (every late write on the
person's behalf conditions on that mark, and the ledger's version lock makes writes in
flight re-read it) and stops the person's running workflows. The payment provider's
customer is deleted and a tombstone (keyed hash of the email) is written; then passes
over the map repeat until one finds nothing: a write that slipped in before the mark
is caught by the next pass. The account item goes last in each pass, so a run
interrupted half-way can simply run again."""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain import s3_keys
from chalicelib.privacy.customers import PaymentCustomers
from chalicelib.privacy.data_map import DataMap, Delete, NotLinked, Subject
from chalicelib.privacy.ports import MapTables, PrivacyRecords, VersionedBucket, Workflows
from chalicelib.privacy.pseudonyms import Keyed

LAST = "users"
MAX_PASSES = 10


class ErasureIncomplete(RuntimeError):
    """Writes kept landing: the erasure did not reach a pass that found nothing."""


def erase_subject(
    subject: Subject,
    data_map: DataMap,
    tables: MapTables,
    bucket: VersionedBucket,
    customers: PaymentCustomers,
    store: PrivacyRecords,
    workflows: Workflows,
    keyed: Keyed,
    now: datetime,
) -> dict[str, int]:
    """Erase one person; returns counts per table and prefix (no personal data)."""
    store.begin_erasure(subject.user_id, now)
    totals = {"workflows_stopped": workflows.stop_all(subject.user_id)}
    customers.delete_customer(subject.user_id)
    pseudonym = keyed.pseudonym(subject.user_id)
    store.tombstone(keyed.email_hash(subject.email), pseudonym, now)
    for _ in range(MAX_PASSES):
        counts = erase_pass(subject, data_map, tables, bucket, pseudonym)
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
        if not any(counts.values()):
            return totals
    raise ErasureIncomplete(f"still finding data after {MAX_PASSES} passes")


def erase_pass(
    subject: Subject,
    data_map: DataMap,
    tables: MapTables,
    bucket: VersionedBucket,
    pseudonym: str,
) -> dict[str, int]:
    """One pass over every prefix and table of the map; counts what it erased."""
    counts: dict[str, int] = {}
    for prefix in data_map.prefixes:
        versions = bucket.versions(s3_keys.user_prefix(prefix.prefix, subject.user_id))
        counts[f"s3:{prefix.name}"] = bucket.delete_versions(versions)
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
