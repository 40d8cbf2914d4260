"""The credit ledger as the domain uses it: movements applied atomically with the
balance, once per reference, and the entries read back."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from chalicelib.domain.cursors import Page
from chalicelib.domain.ledger import Applied, LedgerEntry, Movement


class Ledger(Protocol):
    def apply(
        self,
        user_id: str,
        movements: list[Movement],
        now: datetime,
        *,
        allow_negative: bool = False,
    ) -> Applied:
        """Apply `movements` in one transaction; `applied=False` when the first one's
        reference had already landed. A user gone or being erased: NotFound. Taking
        credits the user does not have: PaymentRequired (unless `allow_negative`)."""
        ...

    def page(self, user_id: str, limit: int, cursor: str | None) -> Page[LedgerEntry]:
        """One page of the user's entries, newest first."""
        ...
