"""The composition root's pieces for webhooks: endpoint and delivery records, the
delivery queue, name resolution and the pinned HTTP call, the service the routes use,
the deliverer the `deliver_webhook` consumer runs, and the events the generations
store emits at each generation's end and each run's completion."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.workflows import WorkflowPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.domain.ports.webhooks import (
        Resolver,
        Transport,
        WebhookQueue,
        WebhookStore,
    )
    from chalicelib.domain.webhook_delivery import WebhookDeliverer
    from chalicelib.domain.webhook_events import WebhookEvents
    from chalicelib.domain.webhooks import WebhookService


class WebhookPieces(WorkflowPieces):
    @cached_property
    def webhooks_store(self) -> WebhookStore:
        from chalicelib.adapters.webhooks_store import WebhooksStore

        return self._get("webhooks_store", WebhooksStore)

    @cached_property
    def webhook_queue(self) -> WebhookQueue:
        from chalicelib.adapters.webhook_queue import SqsWebhookQueue
        from chalicelib.queues import WEBHOOKS

        s = self.settings
        return self._get(
            "webhook_queue",
            lambda: SqsWebhookQueue(
                s.webhook_queue_url, WEBHOOKS.name(s.resource_prefix), s.region
            ),
        )

    @cached_property
    def webhook_resolver(self) -> Resolver:
        from chalicelib.adapters.webhook_http import SocketResolver

        return self._get("webhook_resolver", SocketResolver)

    @cached_property
    def webhook_transport(self) -> Transport:
        from chalicelib.adapters.webhook_http import PinnedTransport

        return self._get("webhook_transport", PinnedTransport)

    @cached_property
    def webhooks(self) -> WebhookService:
        from chalicelib.domain.webhooks import WebhookService

        return WebhookService(
            store=self.webhooks_store,
            queue=self.webhook_queue,
            resolver=self.webhook_resolver,
            clock=self.clock,
            allow_local=self.settings.webhook_allow_local,
        )

    @cached_property
    def webhook_deliverer(self) -> WebhookDeliverer:
        from chalicelib.domain.webhook_delivery import AccountOwners, WebhookDeliverer

        return WebhookDeliverer(
            store=self.webhooks_store,
            queue=self.webhook_queue,
            resolver=self.webhook_resolver,
            transport=self.webhook_transport,
            mailer=self.mailer,
            owners=AccountOwners(self.accounts_store),
            clock=self.clock,
            allow_local=self.settings.webhook_allow_local,
        )

    @cached_property
    def webhook_events(self) -> WebhookEvents:
        from chalicelib.domain.webhook_events import WebhookEvents

        return WebhookEvents(self.webhooks, self.generations_store, self.runs_store)
