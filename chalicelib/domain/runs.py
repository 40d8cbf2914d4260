"""Workflow runs: submission (the whole quote held with the run, every generation it will
make and its Idempotency-Key, in one transaction, then one state machine execution),
reading, listing and cancel. A run's generations are ordinary generations: each captures
or releases its own share of the hold, exactly once, like any other; an edit step's
input is copied from its parent's output when that generation starts (`take_input`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from chalicelib.clock import Clock
from chalicelib.domain import ledger, s3_keys
from chalicelib.domain.catalogue import entitlements_for
from chalicelib.domain.generation_checks import check_can_generate, input_objects
from chalicelib.domain.generation_entities import Admission, CostState, Generation
from chalicelib.domain.generations import GenerationService
from chalicelib.domain.idempotency import (
    IdempotencyKeyTaken,
    Submitted,
    check_key,
    record_key,
    replay,
)
from chalicelib.domain.image_models import ImageRef
from chalicelib.domain.json_types import JSONObject, JSONValue
from chalicelib.domain.ports.generations import Applicant, GenerationsStore, WorkflowRunner
from chalicelib.domain.ports.idempotency import IdempotencyRecords, StoredResponse
from chalicelib.domain.ports.objects import Objects
from chalicelib.domain.ports.runs import RunsStore
from chalicelib.domain.ports.uploads import UploadsStore
from chalicelib.domain.run_entities import Run, RunExpansion, RunStatus, RunStep, Tally
from chalicelib.domain.run_plans import PlannedStep
from chalicelib.domain.statuses import GenerationStatus
from chalicelib.domain.step_errors import GenerationCanceled, InputFailed
from chalicelib.domain.workflow_entities import EACH, Step, StepKind, Workflow
from chalicelib.domain.workflows import WorkflowService
from chalicelib.errors import Conflict, NotFound

if TYPE_CHECKING:
    from chalicelib.domain.listeners import ChangeListener
from chalicelib.ids import new_id

SCOPE = "workflow-runs"
Copies = list[tuple[str, str, str]]  # (source key, copy key, retention class)


@dataclass(frozen=True, slots=True)
class Dependencies:
    runs: RunsStore
    workflows: WorkflowService
    generations: GenerationService
    generations_store: GenerationsStore
    uploads: UploadsStore
    objects: Objects
    runner: WorkflowRunner
    idempotency: IdempotencyRecords
    clock: Clock
    # Who hears that a run started or ended (webhooks, live updates), asked when it does.
    listener: Callable[[], ChangeListener | None] = lambda: None


def run_hold_reference(run_id: str) -> str:
    return f"wfr:{run_id}:hold"


class RunService:
    def __init__(self, deps: Dependencies) -> None:
        self._d = deps

    # Submission -----------------------------------------------------------------
    def submit(
        self,
        user: Applicant,
        workflow_id: str,
        inputs: Mapping[str, JSONValue],
        matrix: Mapping[str, Sequence[str]],
        idempotency: tuple[str | None, str],
        present: Callable[[Run], JSONObject],
    ) -> Submitted:
        """`idempotency` is the Idempotency-Key header (or None) and the request's hash."""
        key = check_key(idempotency[0])
        stored_key = record_key(user.user_id, SCOPE, key) if key else None
        replayed = replay(self._d.idempotency, stored_key, idempotency[1], self._d.clock.now())
        if replayed is not None:
            return replayed
        check_can_generate(user)
        workflow = self._d.workflows.get(user.user_id, workflow_id)
        run, generations, copies = self._new(user, workflow, inputs, matrix, stored_key)
        response = present(run)
        record = (stored_key, idempotency[1], StoredResponse(202, response)) if stored_key else None
        hold = ledger.hold(run.tally.credits, run_hold_reference(run.run_id))
        admission = Admission.at(run.created_at, entitlements_for(user.plan))
        try:
            self._d.runs.create(run, generations, hold, admission, record, user)
        except IdempotencyKeyTaken:
            replayed = replay(self._d.idempotency, stored_key, idempotency[1], self._d.clock.now())
            if replayed is None:
                raise
            return replayed
        for source, copy, retention in copies:
            self._d.objects.copy(source, copy, retention)
        self._start(run)
        return Submitted(202, response, False)

    def _new(
        self,
        user: Applicant,
        workflow: Workflow,
        inputs: Mapping[str, JSONValue],
        matrix: Mapping[str, Sequence[str]],
        stored_key: str | None,
    ) -> tuple[Run, list[Generation], Copies]:
        plan = self._d.workflows.plan_run(user, workflow.workflow_id, inputs, matrix)
        now = self._d.clock.now()
        run_id = new_id("wfr", int(now.timestamp() * 1000))
        maker = _Maker(self._d, user, run_id, now)
        expansions = []
        for expansion in plan.expansions:
            made: dict[str, list[Generation]] = {}
            for step, planned in zip(workflow.definition.steps, expansion.steps, strict=True):
                made[step.id] = maker.step(step, planned, made, expansion.inputs)
            steps = tuple(RunStep(s, tuple(g.generation_id for g in made[s])) for s in made)
            expansions.append(RunExpansion(dict(expansion.inputs), steps))
        run = Run(
            user_id=user.user_id,
            run_id=run_id,
            workflow_id=workflow.workflow_id,
            workflow_version=workflow.version,
            inputs=dict(inputs),
            matrix={name: tuple(values) for name, values in matrix.items()},
            expansions=tuple(expansions),
            status=RunStatus.queued,
            tally=Tally(credits=plan.credits, generations=len(maker.generations)),
            created_at=now,
            idempotency_key=stored_key,
        )
        return run, maker.generations, maker.copies

    def _start(self, run: Run) -> None:
        """One execution named by the run id, fed by generation ids alone; if it fails
        to start, the reaper releases every share once the generations are old enough."""
        from chalicelib.observability import logger

        payload: JSONObject = {
            "run_id": run.run_id,
            "stages": [{"generation_ids": list(stage)} for stage in run.stages],
        }
        try:
            self._d.runner.start(run.run_id, payload)
        except Exception as exc:
            logger.error(
                "workflow start failed", extra={"run_id": run.run_id, "error": type(exc).__name__}
            )

    # Reading and cancel -----------------------------------------------------------
    def get(self, user_id: str, run_id: str) -> Run:
        run = self._d.runs.get(user_id, run_id)
        if run is None:
            raise NotFound("No such workflow run.")
        return run

    def page(
        self,
        user_id: str,
        limit: int,
        cursor: str | None,
        workflow_id: str | None,
        status: RunStatus | None,
    ) -> tuple[list[Run], str | None]:
        return self._d.runs.page(user_id, limit, cursor, workflow_id, status)

    def cancel(self, user_id: str, run_id: str) -> Run:
        """The run is marked canceled first (so nothing it settles later reopens it), its
        execution stopped, and every share not yet settled released; a step in flight
        finds its generation canceled and what it still stores is discarded."""
        run = self.get(user_id, run_id)
        if not self._d.runs.cancel(user_id, run_id, self._d.clock.now()):
            raise Conflict("This run has ended.", code="not_cancelable")
        listener = self._d.listener()
        if listener is not None:
            listener.run_closed(user_id, run_id)
        self._d.runner.stop(run_id, "canceled by the user")
        held = [
            generation
            for generation in self._d.generations_store.get_many(user_id, run.generation_ids)
            if generation.cost_state == CostState.held
        ]
        self._d.generations.cancel_together(held)
        return self.get(user_id, run_id)

    # The state machine's steps ----------------------------------------------------
    def started(self, generation: Generation) -> None:
        """A run's generation starts: its run is running (if it was queued)."""
        if generation.workflow_run_id is not None:
            now = self._d.clock.now()
            if self._d.runs.mark_running(generation.user_id, generation.workflow_run_id, now):
                listener = self._d.listener()
                if listener is not None:
                    listener.run_changed(generation.user_id, generation.workflow_run_id)

    def take_input(self, generation: Generation) -> Generation:
        """An edit step's input: its parent's output, copied under the generation's own
        prefix (deleting the parent later leaves it whole). InputFailed when the parent
        did not succeed; GenerationCanceled when this generation ended meanwhile."""
        parent_ref = generation.parent
        assert parent_ref is not None  # only a generation that awaits its input
        parent = self._d.generations_store.get(generation.user_id, parent_ref.generation_id)
        images = parent.images if parent and parent.status == GenerationStatus.SUCCEEDED else ()
        if parent_ref.index >= len(images):
            raise InputFailed("the step's input did not succeed")
        key = s3_keys.generation_key(generation.user_id, generation.generation_id, "input-0.png")
        self._d.objects.copy(images[parent_ref.index].key, key, generation.retention_class)
        with_input = replace(generation, input_keys=(key,))
        if not self._d.generations_store.record_inputs(with_input):
            raise GenerationCanceled("the task is no longer active")
        return with_input


class _Maker:
    """Makes one expansion's generations, step by step, for one run."""

    def __init__(self, deps: Dependencies, user: Applicant, run_id: str, now: datetime) -> None:
        self._d, self._user, self._run_id, self._now = deps, user, run_id, now
        self.generations: list[Generation] = []
        self.copies: Copies = []

    def step(
        self,
        step: Step,
        planned: PlannedStep,
        made: Mapping[str, list[Generation]],
        values: Mapping[str, JSONValue],
    ) -> list[Generation]:
        source = step.input
        if step.kind == StepKind.generate or source is None:
            return [self._one(planned, None, values, None)]
        if source.variable is not None:
            return [self._one(planned, None, values, source.variable)]
        assert source.step is not None
        parents = made[source.step]
        if source.index == EACH:
            refs = [
                ImageRef(generation_id=p.generation_id, index=i)
                for p in parents
                for i in range(p.params.n)
            ]
        else:
            refs = [
                ImageRef(generation_id=p.generation_id, index=int(source.index or 0))
                for p in parents
            ]
        return [self._one(planned, ref, values, None) for ref in refs]

    def _one(
        self,
        planned: PlannedStep,
        parent: ImageRef | None,
        values: Mapping[str, JSONValue],
        variable: str | None,
    ) -> Generation:
        plan = entitlements_for(self._user.plan)
        generation_id = new_id("gen", int(self._now.timestamp() * 1000))
        params, mask_key = planned.params, None
        keys: tuple[str, ...] = ()
        if variable is not None:
            value = values[variable]
            given = ImageRef(**value) if isinstance(value, dict) else str(value)
            params = replace(params, input_images=(given,))
            inputs = input_objects(
                self._d.uploads,
                lambda source_id: self._d.generations_store.get(self._user.user_id, source_id),
                self._user.user_id,
                generation_id,
                params,
                self._now,
            )
            keys, mask_key, parent = inputs.keys, inputs.mask_key, inputs.parent
            self.copies += [(s, c, plan.retention_class) for s, c in inputs.copies]
        generation = Generation(
            user_id=self._user.user_id,
            generation_id=generation_id,
            status=GenerationStatus.QUEUED,
            model=params.model,
            prompt=planned.prompt,
            params=params,
            input_keys=keys,
            mask_key=mask_key,
            created_at=self._now,
            cost_credits=planned.credits_each,
            cost_state=CostState.held,
            retention_class=plan.retention_class,
            expires_at=self._now + timedelta(days=plan.retention_days),
            parent=parent,
            workflow_run_id=self._run_id,
        )
        self.generations.append(generation)
        return generation
