"""Writes ledger movements and the user's balance in one DynamoDB transaction.

The user item carries a version (optimistic lock): the balance after each entry is
computed from the version read, and the transaction fails if another writer got there
first, in which case we read again and retry. Each entry is written with
`attribute_not_exists`, so a movement whose reference already landed is a no-op."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.accounts_records import user_item
from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection, field_actions
from chalicelib.adapters.models.ledger import LedgerEntryModel
from chalicelib.domain import ledger
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.cursors import Page
from chalicelib.domain.ledger import Applied, LedgerEntry
from chalicelib.errors import NotFound
from chalicelib.ids import derived_id, new_id

ExtraWrites = Callable[[TransactWrite, UserModel], None]
# Extra actions on the user item: a list, or a function of the user as read for this
# attempt (it may raise to refuse, for example an admission limit).
UserActions = list[Any] | Callable[[UserModel], list[Any]]


class ExtraConditionFailed(Exception):
    """A write another store added to a ledger transaction failed its condition: `index`
    is its place among the writes that store added (the store turns it into its own
    named domain error)."""

    def __init__(self, index: int) -> None:
        super().__init__(f"extra write {index} failed its condition")
        self.index = index


MAX_ATTEMPTS = 40


class _LabelledTransaction(TransactWrite):
    """PynamoDB sends condition checks, then deletes, puts and updates, whatever the
    order of the calls; this remembers each item's kind and label so a cancellation
    reason can be traced to the item it belongs to."""

    _RANK = {"check": 0, "delete": 1, "put": 2, "update": 3}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.label: str | int = "extra"
        self._items: list[tuple[str, str | int]] = []
        self._extras = 0

    def _record(self, kind: str) -> None:
        label = self.label
        if label == "extra":
            label, self._extras = self._extras, self._extras + 1
        self._items.append((kind, label))

    def condition_check(self, *args: Any, **kwargs: Any) -> None:
        self._record("check")
        super().condition_check(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> None:
        self._record("delete")
        super().delete(*args, **kwargs)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._record("put")
        super().save(*args, **kwargs)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._record("update")
        super().update(*args, **kwargs)

    def labels(self) -> list[str | int]:
        """Labels in the order the request carries the items (and reasons come back)."""
        ordered = sorted(enumerate(self._items), key=lambda p: (self._RANK[p[1][0]], p[0]))
        return [label for _, (_, label) in ordered]


def entry_id(user_id: str, reference: str) -> str:
    return derived_id("led", user_id, reference)


class LedgerStore:
    def apply(
        self,
        user_id: str,
        movements: list[ledger.Movement],
        now: datetime,
        *,
        allow_negative: bool = False,
        extra: ExtraWrites | None = None,
        user_fields: dict[str, Any] | None = None,
        user_actions: UserActions | None = None,
        user: User | None = None,
    ) -> Applied:
        """Apply movements atomically. Returns applied=False when the first movement's
        reference had already been applied (a duplicate). `user`, the user just read
        consistently, saves the first attempt two reads (a duplicate reference is then
        caught by the entry's condition). A user being erased is gone: NotFound (the
        erasure's mark bumps the version, so a transaction in flight fails, re-reads
        and lands here)."""
        read = user
        for attempt in range(MAX_ATTEMPTS):
            if attempt > 0 or read is None:
                item = self._live_user(user_id)
                if self._already_applied(user_id, movements[0].reference):
                    return Applied(False, int(item.credits_available), int(item.credits_held))
            else:
                item = user_item(read)
                if read.erasing is not None:
                    raise NotFound("No such user.")
            start = ledger.Balance(int(item.credits_available), int(item.credits_held))
            after = ledger.apply(start, movements, allow_negative=allow_negative)
            actions = [
                *(user_actions(item) if callable(user_actions) else user_actions or []),
                *field_actions(UserModel, user_fields or {}),
            ]
            tx = _LabelledTransaction(connection=connection())
            try:
                self._write(tx, item, movements, after, now, extra, actions)
            except TransactWriteError as exc:
                reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
                outcome = self._classify(reasons, tx.labels())
                if outcome == "retry":
                    time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
                    continue
                if outcome == "duplicate":
                    return Applied(False, start.available, start.held)
                raise ExtraConditionFailed(int(outcome)) from exc
            return Applied(True, after[-1].available, after[-1].held)
        raise RuntimeError("ledger write kept conflicting")

    @staticmethod
    def _live_user(user_id: str) -> UserModel:
        try:
            user = UserModel.get(user_id, consistent_read=True)
        except DoesNotExist as exc:
            raise NotFound("No such user.") from exc
        if user.erasing is not None:
            raise NotFound("No such user.")
        return user

    @staticmethod
    def _already_applied(user_id: str, reference: str) -> bool:
        try:
            LedgerEntryModel.get(user_id, entry_id(user_id, reference), consistent_read=True)
        except DoesNotExist:
            return False
        return True

    @staticmethod
    def _classify(reasons: list[str | None], labels: list[str | int]) -> str | int:
        # No reasons (a throttle or another error) counts as a conflict to retry.
        pairs = zip(labels, reasons, strict=False)
        failed = [label for label, reason in pairs if reason == "ConditionalCheckFailed"]
        if not failed or "user" in failed:
            return "retry"  # another writer changed the user (version) or a conflict
        if "entry" in failed:
            return "duplicate"
        return failed[0]

    @staticmethod
    def _write(
        tx: _LabelledTransaction,
        user: UserModel,
        movements: list[ledger.Movement],
        after: list[ledger.Balance],
        now: datetime,
        extra: ExtraWrites | None,
        user_actions: list[Any],
    ) -> None:
        with tx:
            tx.label = "user"
            tx.update(
                user,
                actions=[
                    UserModel.credits_available.set(after[-1].available),
                    UserModel.credits_held.set(after[-1].held),
                    *user_actions,
                ],
                condition=UserModel.erasing.does_not_exist(),  # with the version's
            )
            tx.label = "entry"
            for movement, balance in zip(movements, after, strict=True):
                tx.save(
                    LedgerEntryModel(
                        user.user_id,
                        entry_id(user.user_id, movement.reference),
                        sort_key=new_id("led", int(now.timestamp() * 1000)),
                        type=movement.type,
                        credits=movement.credits,
                        held_delta=movement.held_delta,
                        balance_after=balance.available,
                        held_after=balance.held,
                        reference=movement.reference,
                        created_at=now,
                    ),
                    condition=LedgerEntryModel.entry_id.does_not_exist(),
                )
            tx.label = "extra"
            if extra is not None:
                extra(tx, user)

    @staticmethod
    def page(user_id: str, limit: int, cursor: str | None) -> Page[LedgerEntry]:
        """One page of entries, newest first."""
        items, after = page_query(
            LedgerEntryModel, user_id, limit, cursor, LedgerEntryModel.by_time
        )
        return [_entity(item) for item in items], after

    @staticmethod
    def entries(user_id: str, newest_first: bool = True) -> Iterator[LedgerEntry]:
        query = LedgerEntryModel.by_time.query(user_id, scan_index_forward=not newest_first)
        return (_entity(item) for item in query)


def _entity(item: LedgerEntryModel) -> LedgerEntry:
    return LedgerEntry(
        entry_id=item.entry_id,
        type=ledger.EntryType(item.type),
        credits=int(item.credits),
        held_delta=int(item.held_delta),
        balance_after=int(item.balance_after),
        held_after=int(item.held_after),
        reference=item.reference,
        created_at=item.created_at,
    )
