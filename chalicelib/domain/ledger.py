"""Credit ledger rules. A balance is `available` and `held`; every change is an immutable
entry whose id is derived from its business reference, so the same effect lands once.
The sum of entries equals the balance."""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.errors import PaymentRequired

ENTRY_TYPES = ("grant", "hold", "capture", "release", "refund", "clawback", "adjustment")


@dataclass(frozen=True)
class Movement:
    type: str
    credits: int
    held_delta: int
    reference: str

    def __post_init__(self) -> None:
        if self.type not in ENTRY_TYPES:
            raise ValueError(f"unknown ledger entry type {self.type}")


class ExtraConditionFailed(Exception):
    """A write added to a ledger transaction had its condition fail (its index)."""

    def __init__(self, index: int) -> None:
        super().__init__(f"extra write {index} failed its condition")
        self.index = index


@dataclass(frozen=True)
class Balance:
    available: int
    held: int


def grant(credits: int, reference: str) -> Movement:
    return Movement("grant", credits, 0, reference)


def hold(credits: int, reference: str) -> Movement:
    return Movement("hold", -credits, credits, reference)


def capture(credits: int, reference: str) -> Movement:
    return Movement("capture", 0, -credits, reference)


def release(credits: int, reference: str) -> Movement:
    return Movement("release", credits, -credits, reference)


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
