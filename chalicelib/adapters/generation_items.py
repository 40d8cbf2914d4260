"""Generation items and entities, each way: the store reads `GenerationModel` items
and hands out `Generation`s, and writes what the domain decided in the item's form."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.domain.generation_entities import (
    CostState,
    Failure,
    Generation,
    OutputImage,
    Outputs,
)
from chalicelib.domain.image_models import GenerationParams, ImageModelId, ImageRef
from chalicelib.domain.statuses import GenerationStatus

HELD = CostState.held.value


def status_key(user_id: str, status: GenerationStatus) -> str:
    """The `by_status` index's hash key."""
    return f"{user_id}#{status.value}"


def status_set(user_id: str, status: GenerationStatus) -> list[Any]:
    """The update actions of a status change (the attribute and its index key)."""
    return [
        GenerationModel.status.set(status.value),
        GenerationModel.user_status.set(status_key(user_id, status)),
    ]


def released_actions(user_id: str, status: GenerationStatus, now: datetime) -> list[Any]:
    """The update actions of a release: the end status, the hold given back."""
    return [
        *status_set(user_id, status),
        GenerationModel.cost_state.set(CostState.released.value),
        GenerationModel.completed_at.set(now),
        GenerationModel.outputs.remove(),
    ]


def images_of(stored: list[dict[str, Any]] | None) -> tuple[OutputImage, ...]:
    return tuple(OutputImage(**image) for image in stored or [])


def outputs_json(outputs: Outputs) -> dict[str, Any]:
    return {"images": [asdict(image) for image in outputs.images], "usage": outputs.usage}


def failure_json(error: Failure) -> dict[str, str]:
    return {name: value for name, value in asdict(error).items() if value is not None}


def entity(item: GenerationModel) -> Generation:
    stored = item.params or {}
    outputs = item.outputs
    return Generation(
        user_id=item.user_id,
        generation_id=item.generation_id,
        status=GenerationStatus(item.status),
        model=ImageModelId(item.model),
        prompt=item.prompt,
        params=GenerationParams.from_dict(stored),
        input_keys=tuple(stored.get("input_keys") or ()),
        mask_key=stored.get("mask_key"),
        created_at=item.created_at,
        cost_credits=int(item.cost_credits),
        cost_state=CostState(item.cost_state),
        retention_class=item.retention_class,
        expires_at=item.expires_at,
        idempotency_key=item.idempotency_key,
        started_at=item.started_at,
        completed_at=item.completed_at,
        images=images_of(item.images),
        usage=item.usage,
        error=Failure(**item.error) if item.error else None,
        outputs=(
            Outputs(images=images_of(outputs.get("images")), usage=outputs.get("usage") or {})
            if outputs is not None
            else None
        ),
        favorite=item.favorite_of is not None,
        collection_ids=tuple(sorted(item.collection_ids or ())),
        parent=ImageRef(**item.parent) if item.parent else None,
        workflow_run_id=item.workflow_run_id,
        partial_keys=tuple(str(key) for key in item.partials or ()),
    )


def params_json(g: Generation) -> dict[str, Any]:
    """The stored `params`: the request's, with the objects its inputs were read from."""
    return {**g.params.as_dict(), "input_keys": list(g.input_keys), "mask_key": g.mask_key}


def new_item(generation: Generation) -> GenerationModel:
    """A new task's item (holding its credits)."""
    g = generation
    return GenerationModel(
        user_id=g.user_id,
        generation_id=g.generation_id,
        status=g.status.value,
        model=g.model.value,
        prompt=g.prompt,
        params=params_json(g),
        created_at=g.created_at,
        cost_credits=g.cost_credits,
        cost_state=g.cost_state.value,
        hold=HELD,
        images=[],
        retention_class=g.retention_class,
        idempotency_key=g.idempotency_key,
        expires_at=g.expires_at,
        expires=g.expires_at,
        user_status=status_key(g.user_id, g.status),
        user_model=f"{g.user_id}#{g.model.value}",
        parent=asdict(g.parent) if g.parent else None,
        workflow_run_id=g.workflow_run_id,
    )


def key_item(generation: Generation) -> GenerationModel:
    """The task's item by its key alone, for an update or a delete."""
    return GenerationModel(generation.user_id, generation.generation_id)
