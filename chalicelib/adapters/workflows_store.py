"""PynamoDB persistence for saved workflows: items in, `Workflow` entities out. A change
is one conditional update on the version it read."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError

from chalicelib.adapters.cursors import page_query
from chalicelib.adapters.models.workflows import WorkflowModel
from chalicelib.domain.workflow_entities import Definition, Step, Variable, Workflow


def _entity(item: WorkflowModel) -> Workflow:
    return Workflow(
        user_id=item.user_id,
        workflow_id=item.workflow_id,
        version=int(item.version),
        definition=Definition(
            name=item.name,
            description=item.description or "",
            variables=tuple(Variable.from_dict(v) for v in item.variables),
            steps=tuple(Step.from_dict(s) for s in item.steps),
        ),
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


class WorkflowsStore:
    def create(self, workflow: Workflow) -> None:
        d = workflow.definition
        item = WorkflowModel(
            workflow.user_id,
            workflow.workflow_id,
            name=d.name,
            description=d.description,
            version=workflow.version,
            variables=[v.as_dict() for v in d.variables],
            steps=[s.as_dict() for s in d.steps],
            created_at=workflow.created_at,
            updated_at=workflow.updated_at,
        )
        item.save(condition=WorkflowModel.workflow_id.does_not_exist())

    def get(self, user_id: str, workflow_id: str) -> Workflow | None:
        try:
            return _entity(WorkflowModel.get(user_id, workflow_id, consistent_read=True))
        except DoesNotExist:
            return None

    def page(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[Workflow], str | None]:
        items, next_cursor = page_query(WorkflowModel, user_id, limit, cursor)
        return [_entity(item) for item in items], next_cursor

    def replace(self, workflow: Workflow, definition: Definition, now: datetime) -> bool:
        item = WorkflowModel(workflow.user_id, workflow.workflow_id)
        try:
            item.update(
                actions=[
                    WorkflowModel.name.set(definition.name),
                    WorkflowModel.description.set(definition.description),
                    WorkflowModel.variables.set([v.as_dict() for v in definition.variables]),
                    WorkflowModel.steps.set([s.as_dict() for s in definition.steps]),
                    WorkflowModel.version.set(workflow.version + 1),
                    WorkflowModel.updated_at.set(now),
                ],
                condition=WorkflowModel.version == workflow.version,
            )
        except UpdateError:
            return False
        return True

    def delete(self, user_id: str, workflow_id: str) -> bool:
        try:
            WorkflowModel(user_id, workflow_id).delete(condition=WorkflowModel.workflow_id.exists())
        except DeleteError:
            return False
        return True
