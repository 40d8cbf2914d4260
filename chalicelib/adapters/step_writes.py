"""The writes the workflow's steps make on a task as it runs, each under its condition
(still active, still holding its credits): its inputs, its start, its previews, its
outputs. Part of `GenerationsStore`."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import UpdateError

from chalicelib.adapters.generation_items import (
    HELD,
    key_item,
    outputs_json,
    params_json,
    status_set,
)
from chalicelib.adapters.live_owner import update_if_owner_live
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.adapters.settlement import Listen, changed
from chalicelib.domain.generation_entities import Generation, Outputs
from chalicelib.domain.statuses import ACTIVE, GenerationStatus


def _failed_condition(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


class StepWrites:
    _listen: Listen

    def record_inputs(self, generation: Generation) -> bool:
        try:
            key_item(generation).update(
                actions=[GenerationModel.params.set(params_json(generation))],
                condition=GenerationModel.status.is_in(*ACTIVE)
                & (GenerationModel.cost_state == HELD),
            )
        except UpdateError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def record_outputs(self, generation: Generation, outputs: Outputs) -> bool:
        return update_if_owner_live(
            key_item(generation),
            generation.user_id,
            [GenerationModel.outputs.set(outputs_json(outputs))],
            GenerationModel.status.is_in(*ACTIVE) & (GenerationModel.cost_state == HELD),
        )

    def record_partial(self, generation: Generation, key: str) -> bool:
        """Add a preview's key while the task runs and holds its credits."""
        previews = GenerationModel.partials
        return update_if_owner_live(
            key_item(generation),
            generation.user_id,
            [previews.set((previews | []).append([key]))],
            (GenerationModel.status == GenerationStatus.RUNNING.value)
            & (GenerationModel.cost_state == HELD),
        )

    def mark_running(self, generation: Generation, now: datetime) -> bool:
        try:
            key_item(generation).update(
                actions=[
                    *status_set(generation.user_id, GenerationStatus.RUNNING),
                    GenerationModel.started_at.set(now),
                ],
                condition=GenerationModel.status == GenerationStatus.QUEUED.value,
            )
        except UpdateError as exc:
            if _failed_condition(exc):
                return False
            raise
        changed(self._listen, generation)
        return True
