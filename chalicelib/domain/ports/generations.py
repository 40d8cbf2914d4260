"""What the generation service needs: its tasks' store (which moves the credits of
a hold, capture or release in the same transaction as the task's change), the
Idempotency-Key records, and the workflow that runs a generation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.generation_entities import Admission, Failure, Generation, Outputs
    from chalicelib.domain.json_types import JSONObject
    from chalicelib.domain.ledger import Movement
    from chalicelib.domain.library_entities import ListFilter
    from chalicelib.domain.ports.idempotency import StoredResponse
    from chalicelib.domain.statuses import GenerationStatus


class Applicant(Protocol):
    """The signed-in user, as far as a submission reads them."""

    @property
    def user_id(self) -> str: ...
    @property
    def plan(self) -> str: ...
    @property
    def email_verified(self) -> bool: ...
    @property
    def suspended(self) -> bool: ...
    @property
    def restricted(self) -> bool: ...
    @property
    def credits_available(self) -> float: ...


class WorkflowRunner(Protocol):
    def start(self, name: str, payload: JSONObject) -> str: ...

    def stop(self, name: str, cause: str) -> None: ...

    def status(self, name: str) -> str | None: ...  # None: never started


class GenerationsStore(Protocol):
    def create(
        self,
        generation: Generation,
        hold: Movement,
        admission: Admission,
        idempotency: tuple[str, str, StoredResponse] | None,
        applicant: Applicant,
    ) -> None:
        """Hold the credits, admit the user, create the task and record the key's
        response, at once; IdempotencyKeyTaken if the key was recorded meanwhile."""

    def get(self, user_id: str, generation_id: str) -> Generation | None: ...

    def get_many(self, user_id: str, generation_ids: list[str]) -> list[Generation]:
        """Those of the user's generations that exist, in the order asked, read
        consistently."""

    def find(self, generation_id: str) -> Generation | None:
        """By the generation id alone (the workflow's view); None: not visible yet."""

    def page(
        self,
        user_id: str,
        limit: int,
        cursor: str | None,
        filters: ListFilter,
        now: datetime,
    ) -> tuple[list[Generation], str | None]:
        """A page of the user's generations with these filters, newest first."""

    def mark_running(self, generation: Generation, now: datetime) -> bool:
        """Queued becomes running; False when it was not queued."""

    def record_inputs(self, generation: Generation) -> bool:
        """Record the generation's input keys (a run's edit step, as it starts) if the
        task is still active; False otherwise."""

    def record_partial(self, generation: Generation, key: str) -> bool:
        """Add a streamed preview's key while the task runs; False otherwise."""

    def record_outputs(self, generation: Generation, outputs: Outputs) -> bool:
        """Record the outputs if the task is still active and its owner is not being
        erased; False otherwise."""

    def capture(
        self, generation: Generation, outputs: Outputs, capture: Movement, now: datetime
    ) -> bool:
        """Succeeded with these outputs, the hold captured; False if already resolved."""

    def release(
        self,
        generation: Generation,
        status: GenerationStatus,
        error: Failure | None,
        release: Movement,
        now: datetime,
    ) -> bool:
        """Ended with `status`, the hold released; False if already resolved."""

    def release_together(
        self,
        generations: list[Generation],
        status: GenerationStatus,
        releases: list[Movement],
        now: datetime,
    ) -> bool:
        """Release the holds of one run's generations in one transaction (a cancel): all
        of them, or none when any was resolved meanwhile (False: then one by one)."""

    def delete(self, generation: Generation) -> bool:
        """Delete a task whose hold is resolved; False while it still holds credits."""

    def active_of(self, user_id: str) -> Iterable[str]:
        """The executions (a run's, or the generation's own) of the user's queued and
        running tasks."""

    def pending_holds(self, created_before: datetime) -> Iterable[Generation]: ...
