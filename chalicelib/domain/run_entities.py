"""What a workflow run is, as the domain sees it: the run (its expansions, which
generations each step made, and the tally of its hold), and the outcome its counts give.
Each of a run's generations is an ordinary generation carrying `workflow_run_id`; the
run's hold is theirs summed, and each settles its own share once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chalicelib.domain.json_types import JSONValue


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    succeeded = "succeeded"
    partially_succeeded = "partially_succeeded"
    failed = "failed"
    canceled = "canceled"


OPEN_RUN: tuple[str, ...] = (RunStatus.queued.value, RunStatus.running.value)


class RunCostState(StrEnum):
    held = "held"
    captured = "captured"
    partially_captured = "partially_captured"
    released = "released"


@dataclass(frozen=True, slots=True)
class RunStep:
    step_id: str
    generation_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RunExpansion:
    inputs: Mapping[str, JSONValue]
    steps: tuple[RunStep, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """How much of the run's hold each outcome settled, and how many generations."""

    credits: int  # held at submission: every generation's share summed
    generations: int
    captured: int = 0
    released: int = 0
    settled: int = 0  # generations whose share was captured or released
    succeeded: int = 0

    @property
    def state(self) -> RunCostState:
        if self.settled < self.generations:
            return RunCostState.held
        if self.captured == self.credits:
            return RunCostState.captured
        return RunCostState.released if self.captured == 0 else RunCostState.partially_captured


def outcome(tally: Tally) -> RunStatus:
    """A run whose every generation settled: what it came to."""
    if tally.succeeded == tally.generations:
        return RunStatus.succeeded
    return RunStatus.partially_succeeded if tally.succeeded else RunStatus.failed


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    user_id: str
    run_id: str
    workflow_id: str
    workflow_version: int
    inputs: Mapping[str, JSONValue]
    matrix: Mapping[str, tuple[str, ...]]
    expansions: tuple[RunExpansion, ...]
    status: RunStatus
    tally: Tally
    created_at: datetime
    completed_at: datetime | None = None
    idempotency_key: str | None = None

    @property
    def open(self) -> bool:
        return self.status.value in OPEN_RUN

    @property
    def stages(self) -> list[list[str]]:
        """The generation ids of each step across the expansions, step by step: what the
        state machine runs, one stage after another."""
        count = len(self.expansions[0].steps) if self.expansions else 0
        return [
            [g for expansion in self.expansions for g in expansion.steps[i].generation_ids]
            for i in range(count)
        ]

    @property
    def generation_ids(self) -> list[str]:
        return [g for stage in self.stages for g in stage]
