"""Stored objects as the privacy layer handles them: one version of an object (the
bucket is versioned, and an erasure or a retention cleanup removes every version), and
the batches deletes go in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")

# The most a bucket deletes in one request (S3 DeleteObjects); item deletes that go
# with their objects are batched the same.
DELETE_BATCH = 1000


@dataclass(frozen=True, slots=True)
class ObjectVersion:
    key: str
    version_id: str
    last_modified: datetime
    is_latest: bool
    is_delete_marker: bool


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
