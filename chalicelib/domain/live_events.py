"""What a user's clients are told, live: `generation.updated` on every status change
(queued, running and each end), `generation.partial_image` as the model streams, and
`workflow_run.updated` when a run starts, as each of its generations settles, and when
it ends. The stores call these after their change landed (only when it applied there),
so a retried step adds no message; the data is what webhooks carry (no presigned URL
but a partial's, which the client shows at once)."""

from __future__ import annotations

from typing import Protocol

from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.ports.objects import Objects
from chalicelib.domain.realtime import Publisher
from chalicelib.domain.realtime_entities import MessageType
from chalicelib.domain.run_entities import Run
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.webhook_payloads import generation_data, run_data
from chalicelib.observability import logger


class _Generations(Protocol):
    def get(self, user_id: str, generation_id: str) -> Generation | None: ...


class _Runs(Protocol):
    def get(self, user_id: str, run_id: str) -> Run | None: ...


class LiveEvents:
    def __init__(
        self, publisher: Publisher, generations: _Generations, runs: _Runs, objects: Objects
    ) -> None:
        self._publisher = publisher
        self._generations = generations
        self._runs = runs
        self._objects = objects

    # Progress ----------------------------------------------------------------------
    def generation_changed(self, user_id: str, generation_id: str) -> None:
        def data() -> JSONValue:
            generation = self._generations.get(user_id, generation_id)
            return generation_data(generation) if generation is not None else None

        try:
            self._publisher.publish(user_id, MessageType.GENERATION_UPDATED, data)
        except Exception as exc:
            _not_sent(exc, generation_id=generation_id)

    def run_changed(self, user_id: str, run_id: str) -> None:
        def data() -> JSONValue:
            run = self._runs.get(user_id, run_id)
            return run_data(run) if run is not None else None

        try:
            self._publisher.publish(user_id, MessageType.WORKFLOW_RUN_UPDATED, data)
        except Exception as exc:
            _not_sent(exc, run_id=run_id)

    def partial_image(self, generation: Generation, partial_index: int, key: str) -> None:
        def data() -> JSONObject:  # the URL is presigned only for someone listening
            return {
                "generation_id": generation.generation_id,
                "index": 0,  # partials stream for single-image generations
                "partial_index": partial_index,
                "url": self._objects.presigned_get(key),
            }

        try:
            self._publisher.publish(generation.user_id, MessageType.GENERATION_PARTIAL_IMAGE, data)
        except Exception as exc:
            _not_sent(exc, generation_id=generation.generation_id)

    # Ends (the SettlementListener's calls) ------------------------------------------
    def generation_settled(
        self, user_id: str, generation_id: str, status: GenerationStatus
    ) -> None:
        self.generation_changed(user_id, generation_id)

    def run_closed(self, user_id: str, run_id: str) -> None:
        self.run_changed(user_id, run_id)


def _not_sent(exc: Exception, **ids: str) -> None:
    logger.error("live event not sent", extra={**ids, "error": type(exc).__name__})
