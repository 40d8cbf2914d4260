"""The composition root's pieces for image generation: the workflow runner, generation and
upload records, the image provider and moderation."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.composition.billing import BillingPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.adapters.generations_store import GenerationsStore
    from chalicelib.adapters.uploads_store import UploadsStore
    from chalicelib.adapters.workflow_runner import WorkflowRunner
    from chalicelib.domain.generations import GenerationService
    from chalicelib.domain.listeners import ChangeListener
    from chalicelib.domain.ports.images import ImageProvider, Moderation
    from chalicelib.domain.uploads import UploadService


class GenerationPieces(BillingPieces):
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

        return self._get(
            "generations_store",
            lambda: GenerationsStore(self.ledger_store, self._settlement_listener),
        )

    def _settlement_listener(self) -> ChangeListener | None:
        """Who hears of each change (webhooks and live updates: `composition.realtime`)."""
        return None

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
    def uploads(self) -> UploadService:
        from chalicelib.domain.uploads import UploadService

        return UploadService(store=self.uploads_store, objects=self.objects, clock=self.clock)
