"""The composition root's pieces for accounts, sessions and API keys."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.stores import StorePieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.domain.accounts import AccountService
    from chalicelib.domain.api_keys import ApiKeyService
    from chalicelib.domain.auth import AuthService


class AccountPieces(StorePieces):
    @cached_property
    def accounts(self) -> AccountService:
        from chalicelib.domain.accounts import AccountService

        return AccountService(
            store=self.accounts_store,
            hasher=self.hasher,
            mailer=self.mailer,
            policies=self.policies,
            clock=self.clock,
            signup_bonus=self.settings.signup_bonus_credits,
            admin_emails=self.settings.admin_emails,
        )

    @cached_property
    def auth(self) -> AuthService:
        from chalicelib.adapters.throttle_store import ThrottleStore
        from chalicelib.domain.auth import AuthService

        return AuthService(
            store=self.accounts_store,
            throttles=self._get("throttle_store", ThrottleStore),
            hasher=self.hasher,
            mailer=self.mailer,
            clock=self.clock,
            public_base_url=self.settings.public_base_url,
            throttle_secret=self.settings.privacy_hmac_key,
            pacer=self.pacer,
            forgot_floor=self.settings.forgot_floor_seconds,
        )

    @cached_property
    def api_keys(self) -> ApiKeyService:
        from chalicelib.adapters.api_keys_store import ApiKeysStore
        from chalicelib.adapters.throttle_store import ThrottleStore
        from chalicelib.domain.api_keys import ApiKeyService

        return ApiKeyService(
            store=self._get("api_keys_store", ApiKeysStore),
            users=self.accounts_store,
            events=self.accounts_store,
            throttles=self._get("throttle_store", ThrottleStore),
            clock=self.clock,
            throttle_secret=self.settings.privacy_hmac_key,
        )
