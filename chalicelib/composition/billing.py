"""The composition root's pieces for billing: the Stripe gateway (or the local stand-in),
plans and purchases, Stripe events."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.accounts import AccountPieces
from chalicelib.config import ConfigError

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.billing_store import BillingStore
    from chalicelib.adapters.stripe_customers import StripeCustomers
    from chalicelib.domain.billing import BillingService
    from chalicelib.domain.ports.billing import StripeApi
    from chalicelib.domain.stripe_events import StripeEventProcessor


class BillingPieces(AccountPieces):
    @cached_property
    def billing_store(self) -> BillingStore:
        from chalicelib.adapters.billing_store import BillingStore

        return self._get("billing_store", lambda: BillingStore(self.ledger_store))

    @cached_property
    def stripe(self) -> StripeApi:
        """Stripe through its SDK. Without a secret key there is no Stripe here: the local
        stack substitutes its own stand-in through `overrides`; anywhere else a missing
        key is a configuration error, raised on first use."""
        settings = self.settings

        def build() -> StripeApi:
            if not settings.stripe_secret_key_ref.configured:
                raise ConfigError(
                    "STRIPE_SECRET_KEY",
                    "(or STRIPE_SECRET_KEY_SECRET_ARN / _PARAMETER) is not configured for "
                    f"stage {settings.stage}",
                )
            from chalicelib.adapters.stripe_gateway import StripeGateway

            return StripeGateway(lambda: settings.stripe_secret_key, settings.stripe_api_base)

        return self._get("stripe", build)

    @cached_property
    def billing(self) -> BillingService:
        from chalicelib.domain.billing import BillingService

        return BillingService(
            self.billing_store,
            self.ledger_store,
            self.stripe,
            self.clock,
            self.settings.billing_return_url,
        )

    @cached_property
    def stripe_events(self) -> StripeEventProcessor:
        from chalicelib.adapters.stripe_signature import verify_header
        from chalicelib.domain.stripe_events import StripeEventProcessor

        return StripeEventProcessor(
            store=self.billing_store,
            ledger=self.ledger_store,
            users=self.accounts_store,
            stripe=self.stripe,
            clock=self.clock,
            verify=verify_header,
            webhook_secret=lambda: self.settings.stripe_webhook_secret,
        )

    @cached_property
    def payment_customers(self) -> StripeCustomers:
        from chalicelib.adapters.stripe_customers import StripeCustomers

        return self._get(
            "payment_customers", lambda: StripeCustomers(self.stripe, self.billing_store)
        )
