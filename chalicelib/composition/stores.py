"""The composition root's pieces for the stores and gateways several features share:
accounts and ledger records, idempotency records, the object store, password hashing,
mail, policies, cursors."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.base import Container

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.accounts_store import AccountsStore
    from chalicelib.adapters.idempotency_store import IdempotencyStore
    from chalicelib.adapters.ledger_store import LedgerStore
    from chalicelib.adapters.mailer import SesMailer
    from chalicelib.adapters.object_store import ObjectStore
    from chalicelib.adapters.password_hasher import Argon2Hasher
    from chalicelib.domain.cursors import CursorSeal
    from chalicelib.domain.policy import PolicyRegistry


class StorePieces(Container):
    @cached_property
    def accounts_store(self) -> AccountsStore:
        from chalicelib.adapters.accounts_store import AccountsStore

        return self._get("accounts_store", lambda: AccountsStore(self.ledger_store))

    @cached_property
    def ledger_store(self) -> LedgerStore:
        from chalicelib.adapters.ledger_store import LedgerStore

        return self._get("ledger_store", LedgerStore)

    @cached_property
    def idempotency_store(self) -> IdempotencyStore:
        from chalicelib.adapters.idempotency_store import IdempotencyStore

        return self._get("idempotency_store", IdempotencyStore)

    @cached_property
    def hasher(self) -> Argon2Hasher:
        from chalicelib.adapters.password_hasher import Argon2Hasher

        return self._get("hasher", Argon2Hasher)

    @cached_property
    def mailer(self) -> SesMailer:
        from chalicelib.adapters.mailer import SesMailer

        return self._get(
            "mailer", lambda: SesMailer(self.settings.email_sender, self.settings.region)
        )

    @cached_property
    def policies(self) -> PolicyRegistry:
        from chalicelib.domain.policy import PolicyRegistry

        return self._get("policies", PolicyRegistry.load)

    @cached_property
    def cursors(self) -> CursorSeal:
        from chalicelib.domain.cursors import CursorSeal

        return CursorSeal(self.settings.privacy_hmac_key)

    @cached_property
    def objects(self) -> ObjectStore:
        from chalicelib.adapters.object_store import ObjectStore

        return self._get("objects", lambda: ObjectStore(self.settings.bucket, self.settings.region))
