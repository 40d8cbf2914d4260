"""What the run service needs: the store of workflow runs, which creates a run with all
its generations and the hold of the whole quote in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.generation_entities import Admission, Generation
    from chalicelib.domain.ledger import Movement
    from chalicelib.domain.ports.generations import Applicant
    from chalicelib.domain.ports.idempotency import StoredResponse
    from chalicelib.domain.run_entities import Run, RunStatus


class RunsStore(Protocol):
    def create(
        self,
        run: Run,
        generations: list[Generation],
        hold: Movement,
        admission: Admission,
        idempotency: tuple[str, str, StoredResponse] | None,
        applicant: Applicant,
    ) -> None:
        """Hold the whole quote, admit the user, create the run and every generation it
        will make, and record the key's response, at once; PaymentRequired when the
        balance does not cover it (nothing is written); IdempotencyKeyTaken if the key
        was recorded meanwhile."""

    def get(self, user_id: str, run_id: str) -> Run | None: ...

    def page(
        self,
        user_id: str,
        limit: int,
        cursor: str | None,
        workflow_id: str | None,
        status: RunStatus | None,
    ) -> tuple[list[Run], str | None]:
        """The user's runs, newest first, of one workflow and in one status if given."""

    def mark_running(self, user_id: str, run_id: str, now: datetime) -> bool:
        """Queued becomes running; False when it was not queued."""

    def cancel(self, user_id: str, run_id: str, now: datetime) -> bool:
        """Queued or running becomes canceled; False when it had ended."""
