"""Generations: quote, submission (hold + task + idempotency key in one transaction,
then the workflow), reading, cancel, delete, and the resolution of a hold (capture on
success, release on every other end), exactly once whatever retries happen. The
entities are in `generation_entities`, the ports in `ports.generations`."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from chalicelib.clock import Clock
from chalicelib.domain import ledger, s3_keys
from chalicelib.domain.catalogue import entitlements_for
from chalicelib.domain.generation_checks import Inputs, check_can_generate, input_objects
from chalicelib.domain.generation_entities import Admission, CostState, Failure, Generation, Outputs
from chalicelib.domain.idempotency import (
    IdempotencyKeyTaken,
    Submitted,
    check_key,
    record_key,
    replay,
)
from chalicelib.domain.image_models import GenerationParams, validate_params
from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.library_entities import ListFilter
from chalicelib.domain.ports.generations import (
    Applicant,
    GenerationsStore,
    WorkflowRunner,
)
from chalicelib.domain.ports.idempotency import IdempotencyRecords, StoredResponse
from chalicelib.domain.ports.objects import Objects
from chalicelib.domain.ports.uploads import UploadsStore
from chalicelib.domain.pricing import Quote, quote
from chalicelib.domain.statuses import ACTIVE, GenerationStatus
from chalicelib.errors import Conflict, NotFound
from chalicelib.ids import new_id

SCOPE = "generations"
NO_OUTPUTS = Outputs(images=(), usage={})


def hold_reference(generation_id: str, kind: str) -> str:
    """The ledger reference of a task's hold, capture or release: each lands once."""
    return f"gen:{generation_id}:{kind}"


class GenerationService:
    def __init__(
        self,
        store: GenerationsStore,
        uploads: UploadsStore,
        objects: Objects,
        runner: WorkflowRunner,
        idempotency_store: IdempotencyRecords,
        clock: Clock,
        margin: float,
    ) -> None:
        self._store = store
        self._uploads = uploads
        self._objects = objects
        self._runner = runner
        self._idempotency = idempotency_store
        self._clock = clock
        self._margin = margin

    # Quote and submission --------------------------------------------------
    def quote(self, user: Applicant, params: GenerationParams, prompt: str) -> Quote:
        validate_params(params, entitlements_for(user.plan))
        return quote(params, prompt, self._margin)

    def _new(
        self, user: Applicant, prompt: str, params: GenerationParams, key: str | None
    ) -> tuple[Generation, Quote, Inputs]:
        """The task a valid submission creates, its price and its inputs."""
        now = self._clock.now()
        check_can_generate(user)
        priced = self.quote(user, params, prompt)
        generation_id = new_id("gen", int(now.timestamp() * 1000))
        inputs = input_objects(
            self._uploads,
            lambda source_id: self._store.get(user.user_id, source_id),
            user.user_id,
            generation_id,
            params,
            now,
        )
        plan = entitlements_for(user.plan)
        generation = Generation(
            user_id=user.user_id,
            generation_id=generation_id,
            status=GenerationStatus.QUEUED,
            model=params.model,
            prompt=prompt,
            params=params,
            input_keys=inputs.keys,
            mask_key=inputs.mask_key,
            created_at=now,
            cost_credits=priced.credits,
            cost_state=CostState.held,
            retention_class=plan.retention_class,
            idempotency_key=key,
            expires_at=now + timedelta(days=plan.retention_days),
            parent=inputs.parent,
        )
        return generation, priced, inputs

    def submit(
        self,
        user: Applicant,
        prompt: str,
        params: GenerationParams,
        idempotency_key: str | None,
        request_hash: str,
        present: Callable[[Generation], JSONObject],
    ) -> Submitted:
        key = check_key(idempotency_key)
        stored_key = record_key(user.user_id, SCOPE, key) if key else None
        replayed = replay(self._idempotency, stored_key, request_hash, self._clock.now())
        if replayed is not None:
            return replayed
        generation, priced, inputs = self._new(user, prompt, params, stored_key)
        now, response = generation.created_at, present(generation)
        record = (stored_key, request_hash, StoredResponse(202, response)) if stored_key else None
        hold = ledger.hold(priced.credits, hold_reference(generation.generation_id, "hold"))
        admission = Admission.at(now, entitlements_for(user.plan))
        try:
            self._store.create(generation, hold, admission, record, user)
        except IdempotencyKeyTaken:
            assert stored_key is not None  # only a submission with a key records one
            replayed = replay(self._idempotency, stored_key, request_hash, now)
            if replayed is None:
                raise
            return replayed
        for source, copy in inputs.copies:  # a remix reads its own copies
            self._objects.copy(source, copy, generation.retention_class)
        self.start(generation)
        return Submitted(202, response, False)

    def start(self, generation: Generation) -> None:
        """Start the workflow named by the generation id; if this fails, the reaper
        releases the hold once the task is old enough."""
        from chalicelib.observability import logger

        name = generation.generation_id
        try:
            # Named and fed by the generation id alone: Step Functions keeps the
            # history 90 days, erasure or not, so it must name no person.
            self._runner.start(name, {"generation_id": name})
        except Exception as exc:
            logger.error(
                "workflow start failed", extra={"generation_id": name, "error": type(exc).__name__}
            )

    # Reading ---------------------------------------------------------------
    def get(self, user_id: str, generation_id: str) -> Generation:
        generation = self._store.get(user_id, generation_id)
        if generation is None or generation.expires_at <= self._clock.now():
            raise NotFound("No such generation.")
        return generation

    def page(
        self, user_id: str, limit: int, cursor: str | None, filters: ListFilter
    ) -> tuple[list[Generation], str | None]:
        return self._store.page(user_id, limit, cursor, filters, self._clock.now())

    # Cancel and delete -----------------------------------------------------
    def cancel(self, user_id: str, generation_id: str) -> Generation:
        generation = self.get(user_id, generation_id)
        if generation.status not in ACTIVE or not self.release(
            generation, GenerationStatus.CANCELED
        ):
            raise Conflict("This generation can no longer be canceled.", code="not_cancelable")
        if generation.workflow_run_id is None:  # a run's other generations go on
            self._runner.stop(generation_id, "canceled by the user")
        # After the release: whatever the generate step stored before its check (which
        # now fails) goes; what it stores later it removes itself (`keep_outputs`).
        self._objects.delete_everything(s3_keys.generation_prefix(user_id, generation_id))
        return self.get(user_id, generation_id)

    def delete(self, user_id: str, generation_id: str) -> None:
        generation = self.get(user_id, generation_id)
        if generation.cost_state == CostState.held:
            self.release(generation, GenerationStatus.CANCELED)
            if generation.workflow_run_id is None:
                self._runner.stop(generation_id, "deleted by the user")
            generation = self.get(user_id, generation_id)
        if generation.idempotency_key:
            # The record holds the first response, prompt included: it goes too, and
            # the key is free again.
            self._idempotency.forget(generation.idempotency_key, generation_id)
        self._objects.delete_everything(s3_keys.generation_prefix(user_id, generation_id))
        if not self._store.delete(generation):
            raise Conflict("This generation is still running; try again.", code="conflict")

    # The workflow's steps ----------------------------------------------------
    def find(self, generation_id: str) -> Generation | None:
        """The task of a workflow (which knows it by its generation id alone)."""
        return self._store.find(generation_id)

    def mark_running(self, generation: Generation) -> bool:
        return self._store.mark_running(generation, self._clock.now())

    def keep_outputs(self, generation: Generation, outputs: Outputs) -> bool:
        """Record the objects the generate step stored, on condition that the task is
        still active and holds its credits. Otherwise (canceled, deleted, resolved) every
        version under the generation's prefix is deleted and False returned: a cancel or
        delete sweeps the prefix after releasing the hold, so whichever comes last, no
        object of a discarded generation stays."""
        if self._store.record_outputs(generation, outputs):
            return True
        self._discard_objects(generation)
        return False

    def keep_partial(self, generation: Generation, key: str) -> bool:
        """Record a stored preview while the task runs; refused (it ended), it goes."""
        if self._store.record_partial(generation, key):
            return True
        self._objects.delete_key(key)
        return False

    def release(
        self, generation: Generation, status: GenerationStatus, error: Failure | None = None
    ) -> bool:
        """Release the hold and record the end state, once. False if already resolved."""
        movement = ledger.release(
            generation.cost_credits, hold_reference(generation.generation_id, "release")
        )
        return self._store.release(generation, status, error, movement, self._clock.now())

    def cancel_together(self, generations: list[Generation]) -> None:
        """Cancel many generations of one run (a run's cancel): their holds released in
        one transaction where nothing raced it, else one by one; then their objects go."""
        releases = [
            ledger.release(g.cost_credits, hold_reference(g.generation_id, "release"))
            for g in generations
        ]
        canceled = GenerationStatus.CANCELED
        if generations and not self._store.release_together(
            generations, canceled, releases, self._clock.now()
        ):
            generations = [g for g in generations if self.release(g, canceled)]
        with ThreadPoolExecutor(max_workers=8) as pool:  # one listing per prefix
            list(pool.map(self._discard_objects, generations))

    def release_discarding(
        self, generation: Generation, status: GenerationStatus, error: Failure | None = None
    ) -> bool:
        """Release the hold of a generation that failed, and delete its objects."""
        released = self.release(generation, status, error)
        if released:
            self._discard_objects(generation)
        return released

    def capture(self, generation: Generation) -> bool:
        """Capture the hold and mark the task succeeded with the outputs the generate
        step recorded, once. False if already resolved."""
        movement = ledger.capture(
            generation.cost_credits, hold_reference(generation.generation_id, "capture")
        )
        outputs = generation.outputs or NO_OUTPUTS
        captured = self._store.capture(generation, outputs, movement, self._clock.now())
        if captured:  # the previews end with the generation; its images stay
            for key in generation.partial_keys:
                self._objects.delete_key(key)
        return captured

    def _discard_objects(self, generation: Generation) -> None:
        prefix = s3_keys.generation_prefix(generation.user_id, generation.generation_id)
        self._objects.delete_everything(prefix)

    # Erasure and the reaper --------------------------------------------------
    def stop_all(self, user_id: str) -> int:
        """Stop the workflow of each of the user's queued or running generations (an
        erasure): the step in flight finishes, and what it still writes is refused."""
        executions = set(self._store.active_of(user_id))
        for name in sorted(executions):
            self._runner.stop(name, "the account is being erased")
        return len(executions)

    def reap(self, older_than: timedelta, timeout: timedelta) -> dict[str, int]:
        """Release holds whose workflow ended without resolving them, never started, or
        outlived the workflow timeout."""
        now = self._clock.now()
        checked = released = 0
        for generation in self._store.pending_holds(now - older_than):
            checked += 1
            status = self._runner.status(generation.execution_name)
            if status == "RUNNING":
                if generation.created_at > now - timeout - older_than:
                    continue
                self._runner.stop(generation.execution_name, "exceeded the workflow timeout")
                code = "timeout"
            else:
                code = "workflow_ended" if status else "workflow_not_started"
            error = Failure(code=code, message="The generation did not finish in time.")
            if self.release_discarding(generation, GenerationStatus.FAILED, error):
                released += 1
        return {"checked": checked, "released": released}
