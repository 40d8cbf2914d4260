"""Saved workflows: create (version 1), read, list, change (each change raises the
version, on condition that no other change came first) and delete. A workflow is saved
only when `workflow_rules.check_definition` accepts it for the user's plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from chalicelib.clock import Clock
from chalicelib.domain.catalogue import entitlements_for
from chalicelib.domain.json_types import JSONValue
from chalicelib.domain.ports.generations import Applicant
from chalicelib.domain.ports.workflows import WorkflowsStore
from chalicelib.domain.run_plans import RunPlan, plan_run
from chalicelib.domain.workflow_entities import Definition, Workflow
from chalicelib.domain.workflow_rules import check_definition
from chalicelib.errors import Conflict, NotFound
from chalicelib.ids import new_id

DEFINITION_FIELDS = ("name", "description", "variables", "steps")


class WorkflowService:
    def __init__(self, store: WorkflowsStore, clock: Clock, margin: float) -> None:
        self._store = store
        self._clock = clock
        self._margin = margin

    def create(self, user: Applicant, definition: Definition) -> Workflow:
        check_definition(definition, entitlements_for(user.plan))
        now = self._clock.now()
        workflow = Workflow(
            user_id=user.user_id,
            workflow_id=new_id("wfl", int(now.timestamp() * 1000)),
            version=1,
            definition=definition,
            created_at=now,
            updated_at=now,
        )
        self._store.create(workflow)
        return workflow

    def get(self, user_id: str, workflow_id: str) -> Workflow:
        workflow = self._store.get(user_id, workflow_id)
        if workflow is None:
            raise NotFound("No such workflow.")
        return workflow

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Workflow], str | None]:
        return self._store.page(user_id, limit, cursor)

    def update(
        self, user: Applicant, workflow_id: str, change: Callable[[Definition], Definition]
    ) -> Workflow:
        """The next version: `change` makes it of the stored definition (a PATCH
        replaces the fields it gives), and the whole is checked again."""
        current = self.get(user.user_id, workflow_id)
        changes = check_definition(change(current.definition), entitlements_for(user.plan))
        now = self._clock.now()
        if not self._store.replace(current, changes, now):
            raise Conflict("The workflow changed meanwhile; read it and try again.")
        return replace(current, version=current.version + 1, definition=changes, updated_at=now)

    def plan_run(
        self,
        user: Applicant,
        workflow_id: str,
        inputs: Mapping[str, JSONValue],
        matrix: Mapping[str, Sequence[str]],
    ) -> RunPlan:
        """What a run of the workflow would make and cost (its quote), checked again
        against the user's plan as it is now."""
        workflow = self.get(user.user_id, workflow_id)
        check_definition(workflow.definition, entitlements_for(user.plan))
        return plan_run(workflow.definition, inputs, matrix, self._margin)

    def delete(self, user_id: str, workflow_id: str) -> None:
        if not self._store.delete(user_id, workflow_id):
            raise NotFound("No such workflow.")
