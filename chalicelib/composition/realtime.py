"""The composition root's pieces for live updates: tickets and connections, the sender
that reaches a connection (API Gateway's management API; the local stack substitutes
its in-process WebSocket server), the publisher, and the listener every change is told
to (webhooks for the ends, live updates for each change)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from chalicelib.composition.webhooks import WebhookPieces

if TYPE_CHECKING:  # the adapters load lazily, on first use
    from chalicelib.domain.listeners import ChangeListener
    from chalicelib.domain.live_events import LiveEvents
    from chalicelib.domain.ports.realtime import ConnectionSender, RealtimeStore
    from chalicelib.domain.realtime import Publisher, RealtimeService


class RealtimePieces(WebhookPieces):
    @cached_property
    def realtime_store(self) -> RealtimeStore:
        from chalicelib.adapters.realtime_store import DynamoRealtimeStore

        return self._get("realtime_store", DynamoRealtimeStore)

    @cached_property
    def connection_sender(self) -> ConnectionSender:
        from chalicelib.adapters.connection_sender import ApiGatewaySender

        s = self.settings
        return self._get("connection_sender", lambda: ApiGatewaySender(s.realtime_url, s.region))

    @cached_property
    def publisher(self) -> Publisher:
        from chalicelib.domain.realtime import Publisher

        return Publisher(self.realtime_store, self.connection_sender, self.clock)

    @cached_property
    def realtime(self) -> RealtimeService:
        from chalicelib.domain.realtime import RealtimeService

        return RealtimeService(
            self.realtime_store, self.publisher, self.clock, self.settings.realtime_url
        )

    @cached_property
    def live(self) -> LiveEvents:
        from chalicelib.domain.live_events import LiveEvents

        return LiveEvents(self.publisher, self.generations_store, self.runs_store, self.objects)

    @cached_property
    def listeners(self) -> ChangeListener:
        from chalicelib.domain.listeners import Listeners

        return Listeners(self.webhook_events, self.live)

    def _settlement_listener(self) -> ChangeListener | None:
        return self.listeners
