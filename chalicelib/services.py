"""The composition root: builds the domain services with their adapters, once per process
(lazily, so a cold start pays only for what a request uses). The one way to put a fake
in place of a piece (tests, the local stack's stand-ins) is `services.overrides[name] =
piece`, before that piece is first used: a later substitution raises instead of being
silently ignored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from chalicelib.clock import Clock, Pacer, SystemClock, SystemPacer
from chalicelib.config import ConfigError, Settings, get_settings

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.accounts_store import AccountsStore
    from chalicelib.adapters.billing_store import BillingStore
    from chalicelib.adapters.engagement_store import EngagementStore
    from chalicelib.adapters.generations_store import GenerationsStore
    from chalicelib.adapters.idempotency_store import IdempotencyStore
    from chalicelib.adapters.ledger_store import LedgerStore
    from chalicelib.adapters.library_store import LibraryStore
    from chalicelib.adapters.mailer import SesMailer
    from chalicelib.adapters.map_tables import MapTables
    from chalicelib.adapters.media_bucket import MediaBucket
    from chalicelib.adapters.object_store import ObjectStore
    from chalicelib.adapters.password_hasher import Argon2Hasher
    from chalicelib.adapters.stripe_customers import StripeCustomers
    from chalicelib.adapters.stripe_gateway import StripeGateway
    from chalicelib.adapters.uploads_store import UploadsStore
    from chalicelib.adapters.workflow_runner import WorkflowRunner
    from chalicelib.domain.accounts import AccountService
    from chalicelib.domain.auth import AuthService
    from chalicelib.domain.billing import BillingService
    from chalicelib.domain.cursors import CursorSeal
    from chalicelib.domain.generations import GenerationService
    from chalicelib.domain.library import LibraryService
    from chalicelib.domain.policy import PolicyRegistry
    from chalicelib.domain.stripe_events import StripeEventProcessor
    from chalicelib.domain.support import SupportDesk
    from chalicelib.domain.uploads import UploadService
    from chalicelib.privacy.consent import ConsentService
    from chalicelib.privacy.requests import PrivacyRequests
    from chalicelib.privacy.usage import UsageEvents
    from chalicelib.workflow.ports import ImageProvider, Moderation


T = TypeVar("T")


class Substitutes(dict[str, Any]):
    """Pieces to use instead of what the container would build, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()

    def __setitem__(self, name: str, piece: Any) -> None:
        if name in self.used:
            raise RuntimeError(f"{name!r} is already in use: substitute it before first use")
        super().__setitem__(name, piece)

    def setdefault(self, name: str, piece: Any = None) -> Any:
        if name not in self:
            self[name] = piece
        return self[name]


@dataclass
class Services:
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    pacer: Pacer = field(default_factory=SystemPacer)
    overrides: Substitutes = field(default_factory=Substitutes)

    def replace(self, name: str, piece: Any) -> None:
        """Put `piece` in place of one already in use, and forget every service built so
        far, so that each is built again with it (a test that changes a piece midway)."""
        dict.__setitem__(self.overrides, name, piece)
        for attribute, value in vars(type(self)).items():
            if isinstance(value, cached_property):
                self.__dict__.pop(attribute, None)

    def _get(self, name: str, build: Callable[[], T]) -> T:
        self.overrides.used.add(name)
        if name in self.overrides:
            piece: T = self.overrides[name]
            return piece
        return build()

    @cached_property
    def accounts_store(self) -> AccountsStore:
        from chalicelib.adapters.accounts_store import AccountsStore

        return self._get("accounts_store", AccountsStore)

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
    def accounts(self) -> AccountService:
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
    def auth(self) -> AuthService:
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
            throttle_secret=self.settings.privacy_hmac_key,
            pacer=self.pacer,
            forgot_floor=self.settings.forgot_floor_seconds,
        )

    @cached_property
    def billing_store(self) -> BillingStore:
        from chalicelib.adapters.billing_store import BillingStore

        return self._get("billing_store", BillingStore)

    @cached_property
    def stripe(self) -> StripeGateway:
        """Stripe through its SDK. Without a secret key there is no Stripe here: the local
        stack substitutes its own stand-in through `overrides`; anywhere else a missing
        key is a configuration error, raised on first use."""
        settings = self.settings

        def build() -> StripeGateway:
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
            ledger_store=self.ledger_store,
            users=self.accounts_store,
            stripe=self.stripe,
            clock=self.clock,
            verify=verify_header,
            webhook_secret=lambda: self.settings.stripe_webhook_secret,
        )

    # Image generation ------------------------------------------------------
    @cached_property
    def objects(self) -> ObjectStore:
        from chalicelib.adapters.object_store import ObjectStore

        return self._get("objects", lambda: ObjectStore(self.settings.bucket, self.settings.region))

    @cached_property
    def workflow_runner(self) -> WorkflowRunner:
        from chalicelib.adapters.workflow_runner import WorkflowRunner

        return self._get(
            "workflow_runner",
            lambda: WorkflowRunner(self.settings.state_machine_arn, self.settings.region),
        )

    @cached_property
    def generations_store(self) -> GenerationsStore:
        from chalicelib.adapters.generations_store import GenerationsStore

        return self._get("generations_store", lambda: GenerationsStore(self.ledger_store))

    @cached_property
    def uploads_store(self) -> UploadsStore:
        from chalicelib.adapters.uploads_store import UploadsStore

        return self._get("uploads_store", UploadsStore)

    @cached_property
    def openai_client(self) -> Any:
        from chalicelib.adapters.image_providers import openai_client

        s = self.settings
        return self._get(
            "openai_client",
            lambda: openai_client(s.openai_api_key, s.openai_base_url, s.openai_timeout_seconds),
        )

    @cached_property
    def image_provider(self) -> ImageProvider:
        from chalicelib.adapters import image_providers

        if self.settings.image_provider == "openai":
            return self._get(
                "image_provider", lambda: image_providers.OpenAIProvider(self.openai_client)
            )
        return self._get("image_provider", image_providers.LocalProvider)

    @cached_property
    def moderation(self) -> Moderation:
        from chalicelib.adapters import moderation

        if self.settings.image_provider == "openai":
            return self._get("moderation", lambda: moderation.OpenAIModeration(self.openai_client))
        return self._get("moderation", moderation.LocalModeration)

    @cached_property
    def generations(self) -> GenerationService:
        from chalicelib.domain.generations import GenerationService

        return GenerationService(
            store=self.generations_store,
            uploads=self.uploads_store,
            objects=self.objects,
            runner=self.workflow_runner,
            idempotency_store=self.idempotency_store,
            clock=self.clock,
            margin=self.settings.pricing_margin,
        )

    @cached_property
    def library(self) -> LibraryService:
        from chalicelib.domain.library import LibraryService

        return LibraryService(
            store=self.library_store,
            generations=self.generations,
            objects=self.objects,
            clock=self.clock,
        )

    @cached_property
    def library_store(self) -> LibraryStore:
        from chalicelib.adapters.library_store import LibraryStore

        return self._get("library_store", LibraryStore)

    @cached_property
    def uploads(self) -> UploadService:
        from chalicelib.domain.uploads import UploadService

        return UploadService(store=self.uploads_store, objects=self.objects, clock=self.clock)

    # Privacy, consent, usage data, support (issue 5) ---------------------------------
    @cached_property
    def media_bucket(self) -> MediaBucket:
        from chalicelib.adapters.media_bucket import MediaBucket

        return self._get(
            "media_bucket", lambda: MediaBucket(self.settings.bucket, self.settings.region)
        )

    @cached_property
    def map_tables(self) -> MapTables:
        from chalicelib.adapters.map_tables import MapTables

        return self._get("map_tables", MapTables)

    @cached_property
    def payment_customers(self) -> StripeCustomers:
        from chalicelib.adapters.stripe_customers import StripeCustomers

        return self._get(
            "payment_customers", lambda: StripeCustomers(self.stripe, self.billing_store)
        )

    @cached_property
    def engagement_store(self) -> EngagementStore:
        from chalicelib.adapters.engagement_store import EngagementStore

        return self._get("engagement_store", EngagementStore)

    @cached_property
    def privacy(self) -> PrivacyRequests:
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
            workflows=self.generations,
            mailer=self.mailer,
            keyed=Keyed(self.settings.privacy_hmac_key),
            clock=self.clock,
            data_map=load(),
            grace_days=self.settings.deletion_grace_days,
        )

    @cached_property
    def consent(self) -> ConsentService:
        from chalicelib.privacy.consent import ConsentService

        return ConsentService(self.engagement_store, self.policies, self.clock)

    @cached_property
    def usage(self) -> UsageEvents:
        from chalicelib.privacy.usage import UsageEvents

        return UsageEvents(self.engagement_store, self.consent, self.clock)

    @cached_property
    def support(self) -> SupportDesk:
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
