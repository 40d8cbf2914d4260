"""The events of a generation's end and of a run's completion. The generations store
calls `generation_settled` and `run_closed` after its transaction, and only when the
transition happened there (its capture or release applied, its run close applied): so a
step retried after a change adds no event, and a duplicate call adds no delivery (the
event id derives from the subject and its status). An event that cannot be emitted is
logged, never raised into the step, whose change has already landed."""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.run_entities import Run
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.webhook_entities import EventType
from chalicelib.domain.webhook_payloads import generation_data, run_data
from chalicelib.domain.webhooks import WebhookService
from chalicelib.observability import logger

GENERATION_EVENTS = {
    GenerationStatus.SUCCEEDED: EventType.GENERATION_SUCCEEDED,
    GenerationStatus.FAILED: EventType.GENERATION_FAILED,
    GenerationStatus.BLOCKED: EventType.GENERATION_BLOCKED,
    GenerationStatus.CANCELED: EventType.GENERATION_CANCELED,
}


class SettlementListener(Protocol):
    """Told of a generation's end and of a run's completion, after they landed."""

    def generation_settled(
        self, user_id: str, generation_id: str, status: GenerationStatus
    ) -> None: ...

    def run_closed(self, user_id: str, run_id: str) -> None: ...


class _Generations(Protocol):
    def get(self, user_id: str, generation_id: str) -> Generation | None: ...


class _Runs(Protocol):
    def get(self, user_id: str, run_id: str) -> Run | None: ...


class WebhookEvents:
    def __init__(self, webhooks: WebhookService, generations: _Generations, runs: _Runs) -> None:
        self._webhooks = webhooks
        self._generations = generations
        self._runs = runs

    def generation_settled(
        self, user_id: str, generation_id: str, status: GenerationStatus
    ) -> None:
        event_type = GENERATION_EVENTS.get(status)
        if event_type is None:
            return
        try:
            generation = self._generations.get(user_id, generation_id)
            if generation is not None:
                data = generation_data(generation)
                self._webhooks.emit(user_id, event_type.value, generation_id, data)
        except Exception as exc:
            logger.error(
                "webhook event not emitted",
                extra={"generation_id": generation_id, "error": type(exc).__name__},
            )

    def run_closed(self, user_id: str, run_id: str) -> None:
        try:
            run = self._runs.get(user_id, run_id)
            if run is not None:
                self._webhooks.emit(user_id, EventType.RUN_COMPLETED.value, run_id, run_data(run))
        except Exception as exc:
            logger.error(
                "webhook event not emitted",
                extra={"run_id": run_id, "error": type(exc).__name__},
            )
