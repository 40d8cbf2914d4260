"""What the privacy layer needs from storage, as `typing.Protocol`s: the privacy records,
the data-map tables, the versioned media bucket, running workflows. The adapters
(`chalicelib.adapters`) implement them and the composition root (`chalicelib.services`)
passes them in; nothing here imports an adapter.

They live beside the privacy layer rather than in `chalicelib.domain.ports` because
their signatures speak its language (`DataMap` entries, `Subject`): the domain below
never imports the privacy layer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Protocol

from chalicelib.domain.accounts_entities import User
from chalicelib.domain.cursors import Page
from chalicelib.privacy.consent_state import ConsentState
from chalicelib.privacy.data_map import Subject, TableEntry
from chalicelib.privacy.objects import ObjectVersion
from chalicelib.privacy.request_types import (
    AccountIdentity,
    PrivacyRequest,
    PrivacyRequestStatus,
    Tombstone,
)

# One usage event as stored: its JSON fields (type, name, properties) and client facts.
UsageRow = dict[str, Any]

# An item of a data-map table: opaque here, handed from one table call to the next
# (the entries' own callables read their attributes).
Item = Any


class PrivacyRecords(Protocol):
    def save(self, request: PrivacyRequest) -> None: ...

    def get(self, request_id: str) -> PrivacyRequest | None: ...

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[PrivacyRequest]: ...

    def schedule_deletion(self, user: User, request: PrivacyRequest) -> None:
        """Save the deletion request and restrict the account at once; a deletion
        already scheduled: Conflict `deletion_pending`."""
        ...

    def cancel_deletion(self, user: User, request: PrivacyRequest, now: datetime) -> None:
        """Cancel the pending deletion and lift its restriction at once (unless the
        account was restricted before); too late: Conflict `not_cancelable`."""
        ...

    def claim(self, request: PrivacyRequest) -> bool:
        """pending -> in_progress; False if another worker got it."""
        ...

    def finish(
        self,
        request_id: str,
        status: PrivacyRequestStatus,
        now: datetime,
        *,
        export_key: str | None = None,
        file_expires_at: datetime | None = None,
    ) -> None: ...

    def with_status(self, *statuses: PrivacyRequestStatus) -> Iterator[PrivacyRequest]: ...

    def open_page(
        self, limit: int, cursor: str | None, due_before: datetime | None
    ) -> Page[PrivacyRequest]: ...

    def audit(
        self, request_id: str, actor: str, step: str, counts: dict[str, int], now: datetime
    ) -> None: ...

    def begin_erasure(self, user_id: str, now: datetime) -> None:
        """Mark the account as being erased: every late write on its behalf is refused."""
        ...

    def tombstone(self, email_hash: str, pseudonym: str, now: datetime) -> None: ...

    def tombstones(self, email_hashes: list[str]) -> dict[str, Tombstone]: ...

    def accounts(self) -> Iterator[AccountIdentity]: ...


class MapTables(Protocol):
    """The tables a data-map entry names: one person's items, and what expired."""

    def find(self, entry: TableEntry, subject: Subject) -> Iterator[Item]: ...

    def delete(self, entry: TableEntry, items: Iterable[Item]) -> int: ...

    def pseudonymize(
        self, entry: TableEntry, items: Iterable[Item], user_id: str, pseudonym: str
    ) -> int: ...

    def expired(self, entry: TableEntry, now: datetime) -> Iterator[Item]: ...

    def set_attribute(self, entry: TableEntry, items: Iterable[Item], name: str, value: str) -> int:
        """Set one attribute of each item (a copy of a corrected profile field)."""
        ...


class ExportWriter(Protocol):
    """A write-only stream into one object; nothing is stored until `finish`."""

    def write(self, data: bytes) -> int: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def finish(self) -> None: ...

    def abort(self) -> None: ...


class VersionedBucket(Protocol):
    def versions(self, prefix: str) -> Iterator[ObjectVersion]: ...

    def delete_versions(self, versions: Iterable[ObjectVersion]) -> int: ...

    def current_objects(self, prefix: str) -> Iterator[tuple[str, int]]: ...

    def chunks(self, key: str) -> Iterator[bytes]: ...

    def multipart_writer(self, key: str, content_type: str) -> ExportWriter: ...

    def presigned_get(self, key: str, seconds: int, filename: str) -> str: ...


class ConsentRecords(Protocol):
    def latest_consent(self, subject_id: str, now: datetime) -> ConsentState | None:
        """The choice in force (the newest record not past its retention), if any."""
        ...

    def add_consent(self, subject_id: str, state: ConsentState) -> None:
        """Keep one more record of a choice, made at `state.updated_at`."""
        ...


class UsageRecords(Protocol):
    def add_events(self, subject_id: str, events: list[UsageRow], now: datetime) -> int: ...


class Workflows(Protocol):
    def stop_all(self, user_id: str) -> int:
        """Stop the person's running workflows; how many."""
        ...
