"""What an event carries: the generation or the run as the API presents them, without
presigned URLs (an event outlives a URL's lifetime and may be stored by the receiver)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum

from chalicelib.clock import isoformat
from chalicelib.domain.generation_entities import Generation
from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.run_entities import Run


def plain(value: object) -> JSONValue:
    """Entities, Enums, datetimes and tuples as JSON values."""
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, datetime):
        return isoformat(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def generation_data(g: Generation) -> JSONObject:
    data: JSONObject = {
        "id": g.generation_id,
        "status": g.status.value,
        "model": g.model.value,
        "prompt": g.prompt,
        "params": plain(g.params),
        "created_at": isoformat(g.created_at),
        "started_at": isoformat(g.started_at),
        "completed_at": isoformat(g.completed_at),
        "cost": {"credits": g.cost_credits, "state": g.cost_state.value},
        "images": [
            {k: plain(getattr(i, k)) for k in ("index", "width", "height", "format", "bytes")}
            for i in g.images
        ],
        "expires_at": isoformat(g.expires_at),
        "workflow_run_id": g.workflow_run_id,
    }
    if g.usage:
        data["usage"] = g.usage
    if g.error:
        stage = {"stage": g.error.stage} if g.error.stage is not None else {}
        data["error"] = {"code": g.error.code, "message": g.error.message, **stage}
    return data


def run_data(run: Run) -> JSONObject:
    return {
        "id": run.run_id,
        "workflow_id": run.workflow_id,
        "workflow_version": run.workflow_version,
        "status": run.status.value,
        "generation_ids": run.generation_ids,
        "cost": {
            "credits": run.tally.credits,
            "captured": run.tally.captured,
            "released": run.tally.released,
        },
        "created_at": isoformat(run.created_at),
        "completed_at": isoformat(run.completed_at),
    }
