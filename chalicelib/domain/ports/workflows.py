"""What the workflow service needs: the store of saved workflows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.domain.workflow_entities import Definition, Workflow


class WorkflowsStore(Protocol):
    def create(self, workflow: Workflow) -> None: ...

    def get(self, user_id: str, workflow_id: str) -> Workflow | None: ...

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Workflow], str | None]: ...

    def replace(self, workflow: Workflow, definition: Definition, now: datetime) -> bool:
        """The next version with `definition`, on condition that the stored version is
        still `workflow.version`; False when another change came first."""

    def delete(self, user_id: str, workflow_id: str) -> bool:
        """False when there was no such workflow."""
