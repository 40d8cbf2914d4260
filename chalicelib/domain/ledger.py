"""Credit ledger rules. A balance is `available` and `held`; every change is an immutable
entry whose id is derived from its business reference, so the same effect lands once.
The sum of entries equals the balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.errors import PaymentRequired


class EntryType(StrEnum):
    GRANT = "grant"
    HOLD = "hold"
    CAPTURE = "capture"
    RELEASE = "release"
    REFUND = "refund"
    CLAWBACK = "clawback"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True, slots=True)
class Movement:
    type: EntryType
    credits: int
    held_delta: int
    reference: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", EntryType(self.type))  # unknown types raise


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEntry:
    """One applied movement, with the balance after it."""

    entry_id: str
    type: EntryType
    credits: int
    held_delta: int
    balance_after: int
    held_after: int
    reference: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Applied:
    """The outcome of a ledger write: whether it landed (False: its reference already
    had), and the balance after it."""

    applied: bool
    available: int
    held: int


@dataclass(frozen=True, slots=True)
class Balance:
    available: int
    held: int


def grant(credits: int, reference: str) -> Movement:
    return Movement(EntryType.GRANT, credits, 0, reference)


def hold(credits: int, reference: str) -> Movement:
    return Movement(EntryType.HOLD, -credits, credits, reference)


def capture(credits: int, reference: str) -> Movement:
    return Movement(EntryType.CAPTURE, 0, -credits, reference)


def release(credits: int, reference: str) -> Movement:
    return Movement(EntryType.RELEASE, credits, -credits, reference)


def apply(balance: Balance, movements: list[Movement], *, allow_negative: bool) -> list[Balance]:
    """The balance after each movement. A movement that takes credits the user does not
    have raises PaymentRequired, unless negative balances are allowed (chargebacks)."""
    results = []
    available, held = balance.available, balance.held
    for movement in movements:
        available += movement.credits
        held += movement.held_delta
        if held < 0:
            raise ValueError("a capture or release exceeds the held credits")
        if available < 0 and movement.credits < 0 and not allow_negative:
            raise PaymentRequired("Not enough credits.")
        results.append(Balance(available, held))
    return results
