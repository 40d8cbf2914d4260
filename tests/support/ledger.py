"""Ledger invariants: the entries of every user sum to that user's balance."""

from __future__ import annotations

from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.ledger import LedgerEntryModel


def assert_ledger_matches_balance(user_id: str) -> None:
    user = UserModel.get(user_id, consistent_read=True)
    entries = list(LedgerEntryModel.query(user_id, consistent_read=True))
    available = sum(int(e.credits) for e in entries)
    held = sum(int(e.held_delta) for e in entries)
    assert (available, held) == (int(user.credits_available), int(user.credits_held)), (
        f"ledger of {user_id} sums to {available}/{held}, balance is "
        f"{user.credits_available}/{user.credits_held}"
    )


def assert_all_ledgers_balanced() -> None:
    for user in UserModel.scan(consistent_read=True):
        assert_ledger_matches_balance(user.user_id)


def ledger_of(user_id: str) -> list[tuple[str, int, str]]:
    """The entries as (type, credits, reference), in a canonical order."""
    return sorted(
        (e.type, int(e.credits), e.reference)
        for e in LedgerEntryModel.query(user_id, consistent_read=True)
    )
