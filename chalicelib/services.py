"""Builds the domain services with their adapters, once per process (lazily, so a cold
start pays only for what a request uses). Tests replace pieces with `override`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from chalicelib.clock import Clock, SystemClock
from chalicelib.config import Settings, get_settings


@dataclass
class Services:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    overrides: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, build: Any) -> Any:
        if name not in self.overrides:
            self.overrides[name] = build()
        return self.overrides[name]

    @cached_property
    def accounts_store(self) -> Any:
        from chalicelib.adapters.accounts_store import AccountsStore

        return self._get("accounts_store", AccountsStore)

    @cached_property
    def ledger_store(self) -> Any:
        from chalicelib.adapters.ledger_store import LedgerStore

        return self._get("ledger_store", LedgerStore)

    @cached_property
    def idempotency_store(self) -> Any:
        from chalicelib.adapters.idempotency_store import IdempotencyStore

        return self._get("idempotency_store", IdempotencyStore)

    @cached_property
    def hasher(self) -> Any:
        from chalicelib.adapters.password_hasher import Argon2Hasher

        return self._get("hasher", Argon2Hasher)

    @cached_property
    def mailer(self) -> Any:
        from chalicelib.adapters.mailer import SesMailer

        return self._get(
            "mailer", lambda: SesMailer(self.settings.email_sender, self.settings.region)
        )

    @cached_property
    def policies(self) -> Any:
        from chalicelib.domain.policy import PolicyRegistry

        return self._get("policies", PolicyRegistry.load)

    @cached_property
    def accounts(self) -> Any:
        from chalicelib.adapters.models.accounts import UserModel
        from chalicelib.domain.accounts import AccountService

        return AccountService(
            store=self.accounts_store,
            ledger_store=self.ledger_store,
            hasher=self.hasher,
            mailer=self.mailer,
            policies=self.policies,
            clock=self.clock,
            user_factory=UserModel,
            signup_bonus=self.settings.signup_bonus_credits,
            admin_emails=self.settings.admin_emails,
        )

    @cached_property
    def auth(self) -> Any:
        from chalicelib.adapters.models.accounts import OneTimeTokenModel, SessionModel
        from chalicelib.domain.auth import AuthService

        return AuthService(
            store=self.accounts_store,
            hasher=self.hasher,
            mailer=self.mailer,
            clock=self.clock,
            session_factory=SessionModel,
            token_factory=OneTimeTokenModel,
            public_base_url=self.settings.public_base_url,
        )

    # Privacy, consent, usage data, support (issue 5) ---------------------------------
    @cached_property
    def media_bucket(self) -> Any:
        from chalicelib.adapters.media_bucket import MediaBucket

        return self._get(
            "media_bucket", lambda: MediaBucket(self.settings.bucket, self.settings.region)
        )

    @cached_property
    def map_tables(self) -> Any:
        from chalicelib.adapters.map_tables import MapTables

        return self._get("map_tables", MapTables)

    @cached_property
    def payment_customers(self) -> Any:
        from chalicelib.adapters.recording_customers import RecordingCustomers

        return self._get("payment_customers", RecordingCustomers)

    @cached_property
    def engagement_store(self) -> Any:
        from chalicelib.adapters.engagement_store import EngagementStore

        return self._get("engagement_store", EngagementStore)

    @cached_property
    def privacy(self) -> Any:
        from chalicelib.adapters.privacy_store import PrivacyStore
        from chalicelib.privacy.data_map import load
        from chalicelib.privacy.pseudonyms import Keyed
        from chalicelib.privacy.requests import PrivacyRequests

        return PrivacyRequests(
            store=self._get("privacy_store", PrivacyStore),
            accounts_store=self.accounts_store,
            tables=self.map_tables,
            bucket=self.media_bucket,
            customers=self.payment_customers,
            mailer=self.mailer,
            keyed=Keyed(self.settings.privacy_hmac_key),
            clock=self.clock,
            data_map=load(),
            grace_days=self.settings.deletion_grace_days,
        )

    @cached_property
    def consent(self) -> Any:
        from chalicelib.privacy.consent import ConsentService

        return ConsentService(self.engagement_store, self.policies, self.clock)

    @cached_property
    def usage(self) -> Any:
        from chalicelib.privacy.usage import UsageEvents

        return UsageEvents(self.engagement_store, self.consent, self.clock)

    @cached_property
    def support(self) -> Any:
        from chalicelib.domain.support import SupportDesk

        return SupportDesk(self.engagement_store, self.accounts_store, self.clock)


_services: Services | None = None


def get_services() -> Services:
    global _services
    if _services is None:
        _services = Services(get_settings())
    return _services


def set_services(services: Services | None) -> None:
    """Install a prepared container (tests), or None to rebuild from the environment."""
    global _services
    _services = services
