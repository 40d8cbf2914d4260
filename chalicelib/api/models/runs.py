"""Workflow runs: /v1/workflows/{id}/runs, /v1/workflow-runs*."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from chalicelib.api.models.base import Pagination, ResponseModel, Time
from chalicelib.domain.run_entities import Run as RunEntity
from chalicelib.domain.run_entities import RunCostState, RunStatus

InputValue = str | dict[str, str | int]


class RunStepOut(ResponseModel):
    step_id: str
    generation_ids: list[str]


class RunExpansionOut(ResponseModel):
    inputs: dict[str, InputValue]
    steps: list[RunStepOut]


class RunCost(ResponseModel):
    """The run's hold: the whole quote at submission; each generation captures its share
    on success and releases it otherwise, so captured + released reaches credits."""

    credits: int
    captured: int
    released: int
    state: RunCostState


class RunError(ResponseModel):
    code: str
    message: str


class WorkflowRun(ResponseModel):
    id: str = Field(examples=["wfr_01jd4x0000abcdefghjkmnpqrs"])
    workflow_id: str
    workflow_version: int
    inputs: dict[str, InputValue]
    matrix: dict[str, list[str]]
    status: RunStatus
    expansions: list[RunExpansionOut]
    cost: RunCost
    created_at: Time
    completed_at: Time | None
    error: RunError | None = None

    @classmethod
    def of(cls, run: RunEntity) -> WorkflowRun:
        extra: dict[str, Any] = {}
        if run.status == RunStatus.failed:
            message = "No generation of the run succeeded."
            extra["error"] = RunError(code="run_failed", message=message)
        return cls(
            id=run.run_id,
            workflow_id=run.workflow_id,
            workflow_version=run.workflow_version,
            inputs=dict(run.inputs),
            matrix={name: list(values) for name, values in run.matrix.items()},
            status=run.status,
            expansions=[
                RunExpansionOut(
                    inputs=dict(e.inputs),
                    steps=[
                        RunStepOut(step_id=s.step_id, generation_ids=list(s.generation_ids))
                        for s in e.steps
                    ],
                )
                for e in run.expansions
            ],
            cost=RunCost(
                credits=run.tally.credits,
                captured=run.tally.captured,
                released=run.tally.released,
                state=run.tally.state,
            ),
            created_at=run.created_at,
            completed_at=run.completed_at,
            **extra,
        )


class RunsQuery(Pagination):
    workflow_id: str | None = Field(None, max_length=64)
    status: RunStatus | None = None
