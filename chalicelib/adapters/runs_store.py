"""PynamoDB persistence for workflow runs: items in, `Run` entities out. A submission is
one ledger transaction: the hold of the whole quote, the run, every generation it will
make and the Idempotency-Key's record. Each generation's capture or release adds its
share to the run's tally in its own transaction (`tally_actions`); the one that settles
the last share closes the run (`close_if_settled`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.cursors import decode, key_names, page_filled, page_query
from chalicelib.adapters.generation_items import new_item
from chalicelib.adapters.idempotency_store import claim_condition, done_record
from chalicelib.adapters.ledger_store import ExtraConditionFailed, LedgerStore
from chalicelib.adapters.library_index import index_prompt
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.adapters.models.workflows import WorkflowRunModel
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.generation_entities import Admission, Generation
from chalicelib.domain.idempotency import IdempotencyKeyTaken
from chalicelib.domain.ledger import Movement
from chalicelib.domain.ports.generations import Applicant
from chalicelib.domain.ports.idempotency import StoredResponse
from chalicelib.domain.run_entities import (
    OPEN_RUN,
    Run,
    RunExpansion,
    RunStatus,
    RunStep,
    Tally,
    outcome,
)

IDEMPOTENCY_RECORD = 0  # the record's place among the writes `create` adds


def _expansions_json(run: Run) -> list[dict[str, Any]]:
    return [
        {
            "inputs": dict(e.inputs),
            "steps": [
                {"step_id": s.step_id, "generation_ids": list(s.generation_ids)} for s in e.steps
            ],
        }
        for e in run.expansions
    ]


def _entity(item: WorkflowRunModel) -> Run:
    return Run(
        user_id=item.user_id,
        run_id=item.run_id,
        workflow_id=item.workflow_id,
        workflow_version=int(item.workflow_version),
        inputs=dict(item.inputs or {}),
        matrix={k: tuple(v) for k, v in (item.matrix or {}).items()},
        expansions=tuple(
            RunExpansion(
                inputs=dict(e["inputs"]),
                steps=tuple(RunStep(s["step_id"], tuple(s["generation_ids"])) for s in e["steps"]),
            )
            for e in item.expansions or []
        ),
        status=RunStatus(item.status),
        tally=Tally(
            credits=int(item.credits),
            generations=int(item.generations),
            captured=int(item.captured or 0),
            released=int(item.released or 0),
            settled=int(item.settled or 0),
            succeeded=int(item.succeeded or 0),
        ),
        created_at=item.created_at,
        completed_at=item.completed_at,
        idempotency_key=item.idempotency_key,
    )


def _new_item(run: Run) -> WorkflowRunModel:
    return WorkflowRunModel(
        run.user_id,
        run.run_id,
        workflow_id=run.workflow_id,
        workflow_version=run.workflow_version,
        inputs=dict(run.inputs),
        matrix={k: list(v) for k, v in run.matrix.items()},
        expansions=_expansions_json(run),
        status=run.status.value,
        credits=run.tally.credits,
        generations=run.tally.generations,
        created_at=run.created_at,
        idempotency_key=run.idempotency_key,
    )


def tally_actions(credits: int, captured: bool, count: int = 1) -> list[Any]:
    """What `count` generations' capture (or release) of `credits` in all adds to their
    run's tally."""
    share = WorkflowRunModel.captured if captured else WorkflowRunModel.released
    actions = [share.add(credits), WorkflowRunModel.settled.add(count)]
    if captured:
        actions.append(WorkflowRunModel.succeeded.add(count))
    return actions


def tally_update(tx: TransactWrite, user_id: str, run_id: str, actions: list[Any]) -> None:
    tx.update(
        WorkflowRunModel(user_id, run_id),
        actions=actions,
        condition=WorkflowRunModel.run_id.exists(),
    )


def close_if_settled(user_id: str, run_id: str, now: datetime) -> bool:
    """Once every share is settled, the run ends with what its tally says (a canceled
    run stays canceled); False when it is still going or had ended."""
    try:
        item = WorkflowRunModel.get(user_id, run_id, consistent_read=True)
    except DoesNotExist:
        return False
    run = _entity(item)
    if not run.open or run.tally.settled < run.tally.generations:
        return False
    try:
        item.update(
            actions=[
                WorkflowRunModel.status.set(outcome(run.tally).value),
                WorkflowRunModel.completed_at.set(now),
            ],
            condition=WorkflowRunModel.status.is_in(*OPEN_RUN)
            & (WorkflowRunModel.settled == run.tally.generations),
        )
    except UpdateError:
        return False
    return True


class RunsStore:
    def __init__(self, ledger_store: LedgerStore) -> None:
        self._ledger = ledger_store

    def create(
        self,
        run: Run,
        generations: list[Generation],
        hold: Movement,
        admission: Admission,
        idempotency: tuple[str, str, StoredResponse] | None,
        applicant: Applicant,
    ) -> None:
        now = run.created_at

        def admit(user: UserModel) -> list[Any]:
            count = admission.count_after(
                int(user.active_generations or 0),
                user.generation_window,
                int(user.generation_window_count or 0),
            )
            return [
                UserModel.active_generations.add(len(generations)),
                UserModel.generation_window.set(admission.window),
                UserModel.generation_window_count.set(count),
            ]

        def writes(tx: TransactWrite, user: UserModel) -> None:
            if idempotency is not None:
                key, request_hash, response = idempotency
                record = done_record(run.user_id, key, request_hash, response, now)
                tx.save(record, condition=claim_condition(now))
            tx.save(_new_item(run), condition=WorkflowRunModel.run_id.does_not_exist())
            for generation in generations:
                tx.save(
                    new_item(generation), condition=GenerationModel.generation_id.does_not_exist()
                )

        try:
            self._ledger.apply(
                run.user_id,
                [hold],
                now,
                extra=writes,
                user_actions=admit,
                user=applicant if isinstance(applicant, User) else None,
            )
        except ExtraConditionFailed as exc:
            if exc.index == IDEMPOTENCY_RECORD and idempotency is not None:
                raise IdempotencyKeyTaken() from exc
            raise
        for generation in generations:
            index_prompt(generation)

    def get(self, user_id: str, run_id: str) -> Run | None:
        try:
            return _entity(WorkflowRunModel.get(user_id, run_id, consistent_read=True))
        except DoesNotExist:
            return None

    def page(
        self,
        user_id: str,
        limit: int,
        cursor: str | None,
        workflow_id: str | None,
        status: RunStatus | None,
    ) -> tuple[list[Run], str | None]:
        condition = None
        if workflow_id is not None:
            condition = WorkflowRunModel.workflow_id == workflow_id
        if status is not None:
            by_status = WorkflowRunModel.status == status.value
            condition = by_status if condition is None else condition & by_status
        if condition is None:
            items, after = page_query(WorkflowRunModel, user_id, limit, cursor)
            return [_entity(item) for item in items], after
        reads = WorkflowRunModel.query(
            user_id,
            scan_index_forward=False,
            filter_condition=condition,
            last_evaluated_key=decode(cursor, key_names(WorkflowRunModel), {"user_id": user_id}),
            page_size=max(limit + 1, 25),
        )
        items, after = page_filled(WorkflowRunModel, reads, limit)
        return [_entity(item) for item in items], after

    def mark_running(self, user_id: str, run_id: str, now: datetime) -> bool:
        return self._set_status(user_id, run_id, RunStatus.running, (RunStatus.queued.value,), None)

    def cancel(self, user_id: str, run_id: str, now: datetime) -> bool:
        return self._set_status(user_id, run_id, RunStatus.canceled, OPEN_RUN, now)

    @staticmethod
    def _set_status(
        user_id: str,
        run_id: str,
        status: RunStatus,
        allowed: tuple[str, ...],
        completed_at: datetime | None,
    ) -> bool:
        actions: list[Any] = [WorkflowRunModel.status.set(status.value)]
        if completed_at is not None:
            actions.append(WorkflowRunModel.completed_at.set(completed_at))
        try:
            WorkflowRunModel(user_id, run_id).update(
                actions=actions, condition=WorkflowRunModel.status.is_in(*allowed)
            )
        except UpdateError:
            return False
        return True
