"""Writes ledger movements and the user's balance in one DynamoDB transaction.

The user item carries a version (optimistic lock): the balance after each entry is
computed from the version read, and the transaction fails if another writer got there
first, in which case we read again and retry. Each entry is written with
`attribute_not_exists`, so a movement whose reference already landed is a no-op."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.ledger import LedgerEntryModel
from chalicelib.domain import ledger
from chalicelib.errors import NotFound
from chalicelib.ids import derived_id, new_id

ExtraWrites = Callable[[TransactWrite, UserModel], None]
# Extra actions on the user item: a list, or a function of the user as read for this
# attempt (it may raise to refuse, for example an admission limit).
UserActions = list | Callable[[UserModel], list]
MAX_ATTEMPTS = 40


class ExtraConditionFailed(Exception):
    """A write added through `extra` had its condition fail (index given)."""

    def __init__(self, index: int) -> None:
        super().__init__(f"extra write {index} failed its condition")
        self.index = index


@dataclass(frozen=True)
class Applied:
    applied: bool
    available: int
    held: int


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
        extra_count: int = 0,
        user_actions: UserActions | None = None,
    ) -> Applied:
        """Apply movements atomically. Returns applied=False when the first movement's
        reference had already been applied (a duplicate)."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                user = UserModel.get(user_id, consistent_read=True)
            except DoesNotExist as exc:
                raise NotFound("No such user.") from exc
            if self._already_applied(user_id, movements[0].reference):
                return Applied(False, int(user.credits_available), int(user.credits_held))
            start = ledger.Balance(int(user.credits_available), int(user.credits_held))
            after = ledger.apply(start, movements, allow_negative=allow_negative)
            actions = user_actions(user) if callable(user_actions) else user_actions or []
            try:
                self._write(user, movements, after, now, extra, actions)
            except TransactWriteError as exc:
                reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
                outcome = self._classify(reasons, len(movements), extra_count)
                if outcome == "retry":
                    time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
                    continue
                if outcome == "duplicate":
                    return Applied(False, start.available, start.held)
                raise ExtraConditionFailed(outcome) from exc  # type: ignore[arg-type]
            return Applied(True, after[-1].available, after[-1].held)
        raise RuntimeError("ledger write kept conflicting")

    @staticmethod
    def _already_applied(user_id: str, reference: str) -> bool:
        try:
            LedgerEntryModel.get(user_id, entry_id(user_id, reference), consistent_read=True)
        except DoesNotExist:
            return False
        return True

    @staticmethod
    def _classify(reasons: list[str | None], n_entries: int, n_extra: int) -> str | int:
        # Order of items in the transaction: user update, entries, extra writes.
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return "retry"
        if any(r == "ConditionalCheckFailed" for r in reasons[1 : 1 + n_entries]):
            return "duplicate"
        for index, reason in enumerate(reasons[1 + n_entries : 1 + n_entries + n_extra]):
            if reason == "ConditionalCheckFailed":
                return index
        return "retry"

    @staticmethod
    def _write(
        user: UserModel,
        movements: list[ledger.Movement],
        after: list[ledger.Balance],
        now: datetime,
        extra: ExtraWrites | None,
        user_actions: list,
    ) -> None:
        with TransactWrite(connection=connection()) as tx:
            tx.update(
                user,
                actions=[
                    UserModel.credits_available.set(after[-1].available),
                    UserModel.credits_held.set(after[-1].held),
                    *user_actions,
                ],
            )
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
            if extra is not None:
                extra(tx, user)

    @staticmethod
    def entries(user_id: str, newest_first: bool = True) -> Iterator[LedgerEntryModel]:
        return LedgerEntryModel.by_time.query(user_id, scan_index_forward=not newest_first)
