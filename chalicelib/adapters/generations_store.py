"""PynamoDB persistence for generation tasks: items in, `Generation` entities out. The
domain says what should happen (create with a hold, record outputs, capture, release);
this builds the update actions and conditions. Money-moving writes go through
LedgerStore.apply, so the task change, the ledger entry and the balance land in one
transaction, each with its condition."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist
from pynamodb.transactions import TransactWrite

from chalicelib.adapters import library_pages
from chalicelib.adapters.generation_items import (
    HELD,
    entity,
    failure_json,
    key_item,
    new_item,
    outputs_json,
    released_actions,
    status_set,
)
from chalicelib.adapters.idempotency_store import claim_condition, done_record
from chalicelib.adapters.ledger_store import ExtraConditionFailed, LedgerStore
from chalicelib.adapters.library_index import forget_generation, index_prompt
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.adapters.runs_store import tally_actions, tally_update
from chalicelib.adapters.settlement import Listen, changed, settle
from chalicelib.adapters.step_writes import StepWrites
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.generation_entities import Admission, CostState, Failure, Generation, Outputs
from chalicelib.domain.idempotency import IdempotencyKeyTaken
from chalicelib.domain.ledger import EntryType, Movement
from chalicelib.domain.library_entities import ListFilter
from chalicelib.domain.ports.generations import Applicant
from chalicelib.domain.ports.idempotency import StoredResponse
from chalicelib.domain.statuses import ACTIVE, GenerationStatus
from chalicelib.errors import NotFound

IDEMPOTENCY_RECORD = 1  # the record's place among the writes `create` adds


def _failed_condition(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


class GenerationsStore(StepWrites):
    def __init__(self, ledger_store: LedgerStore, listen: Listen = None) -> None:
        self._ledger = ledger_store
        self._listen = listen  # told of each end that landed (`settlement`)

    def create(
        self,
        generation: Generation,
        hold: Movement,
        admission: Admission,
        idempotency: tuple[str, str, StoredResponse] | None,
        applicant: Applicant,
    ) -> None:
        """Hold the credits, admit the user (checked against the user as read in the
        transaction's attempt: its version lock makes the check and the write atomic),
        create the task and (optionally) record the idempotency key (the record key,
        the request hash and the response to store), in one transaction."""
        now = generation.created_at

        def admit(user: UserModel) -> list[Any]:
            count = admission.count_after(
                int(user.active_generations or 0),
                user.generation_window,
                int(user.generation_window_count or 0),
            )
            return [
                UserModel.active_generations.add(1),
                UserModel.generation_window.set(admission.window),
                UserModel.generation_window_count.set(count),
            ]

        def writes(tx: TransactWrite, user: UserModel) -> None:
            tx.save(new_item(generation), condition=GenerationModel.generation_id.does_not_exist())
            if idempotency is not None:
                key, request_hash, response = idempotency
                record = done_record(generation.user_id, key, request_hash, response, now)
                tx.save(record, condition=claim_condition(now))

        try:
            self._ledger.apply(
                generation.user_id,
                [hold],
                now,
                extra=writes,
                user_actions=admit,
                # The user item the request already read saves the ledger two reads.
                user=applicant if isinstance(applicant, User) else None,
            )
        except ExtraConditionFailed as exc:
            if exc.index == IDEMPOTENCY_RECORD and idempotency is not None:
                raise IdempotencyKeyTaken() from exc
            raise
        index_prompt(generation)
        changed(self._listen, generation)

    def _resolve(
        self,
        generation: Generation,
        movement: Movement,
        now: datetime,
        actions: list[Any],
        status: GenerationStatus,
    ) -> bool:
        """Capture or release the task's hold together with `actions` on the task, once:
        False when the hold was already resolved (by a cancel, a release or a capture).
        A run's generation adds its share to the run's tally in the same transaction."""
        run_id = generation.workflow_run_id

        def writes(tx: TransactWrite, user: UserModel) -> None:
            tx.update(
                key_item(generation),
                actions=[*actions, GenerationModel.hold.remove()],
                condition=GenerationModel.cost_state == HELD,
            )
            if run_id is not None:
                captured = movement.type == EntryType.CAPTURE
                tally = tally_actions(generation.cost_credits, captured)
                tally_update(tx, generation.user_id, run_id, tally)

        try:
            applied = self._ledger.apply(
                generation.user_id,
                [movement],
                now,
                extra=writes,
                user_actions=[UserModel.active_generations.add(-1)],
            )
        except (ExtraConditionFailed, ValueError, NotFound):
            return False  # resolved already, or the user is gone or being erased
        if applied.applied:
            settle(self._listen, [generation], status, now)
        return applied.applied

    def capture(
        self, generation: Generation, outputs: Outputs, capture: Movement, now: datetime
    ) -> bool:
        recorded = outputs_json(outputs)
        actions = [
            *status_set(generation.user_id, GenerationStatus.SUCCEEDED),
            GenerationModel.cost_state.set(CostState.captured.value),
            GenerationModel.completed_at.set(now),
            GenerationModel.images.set(recorded["images"]),
            GenerationModel.usage.set(recorded["usage"]),
            GenerationModel.outputs.remove(),
            GenerationModel.partials.remove(),
        ]
        return self._resolve(generation, capture, now, actions, GenerationStatus.SUCCEEDED)

    def release(
        self,
        generation: Generation,
        status: GenerationStatus,
        error: Failure | None,
        release: Movement,
        now: datetime,
    ) -> bool:
        actions = released_actions(generation.user_id, status, now)
        if error is not None:
            actions.append(GenerationModel.error.set(failure_json(error)))
        return self._resolve(generation, release, now, actions, status)

    def release_together(
        self,
        generations: list[Generation],
        status: GenerationStatus,
        releases: list[Movement],
        now: datetime,
    ) -> bool:
        first = generations[0]
        run_id = first.workflow_run_id

        def writes(tx: TransactWrite, user: UserModel) -> None:
            for generation in generations:
                tx.update(
                    key_item(generation),
                    actions=[
                        *released_actions(first.user_id, status, now),
                        GenerationModel.hold.remove(),
                    ],
                    condition=GenerationModel.cost_state == HELD,
                )
            if run_id is not None:
                credits = sum(g.cost_credits for g in generations)
                tally = tally_actions(credits, captured=False, count=len(generations))
                tally_update(tx, first.user_id, run_id, tally)

        try:
            applied = self._ledger.apply(
                first.user_id,
                releases,
                now,
                extra=writes,
                user_actions=[UserModel.active_generations.add(-len(generations))],
            )
        except (ExtraConditionFailed, ValueError, NotFound):
            return False
        if applied.applied:
            settle(self._listen, generations, status, now)
        return applied.applied

    def find(self, generation_id: str) -> Generation | None:
        """The task with this generation id (the index gives its key; the item is read
        consistently). None when there is none, or the index has not caught up yet."""
        for key in GenerationModel.by_generation.query(generation_id, limit=1):
            return self.get(key.user_id, generation_id)
        return None

    def get(self, user_id: str, generation_id: str) -> Generation | None:
        try:
            return entity(GenerationModel.get(user_id, generation_id, consistent_read=True))
        except DoesNotExist:
            return None

    def get_many(self, user_id: str, generation_ids: list[str]) -> list[Generation]:
        keys = [(user_id, generation_id) for generation_id in generation_ids]
        found = {
            item.generation_id: entity(item)
            for item in GenerationModel.batch_get(keys, consistent_read=True)
        }
        return [found[g] for g in generation_ids if g in found]

    def page(
        self, user_id: str, limit: int, cursor: str | None, filters: ListFilter, now: datetime
    ) -> tuple[list[Generation], str | None]:
        return library_pages.page(user_id, limit, cursor, filters, now)

    def delete(self, generation: Generation) -> bool:
        try:
            key_item(generation).delete(condition=GenerationModel.cost_state != HELD)
        except DeleteError as exc:
            if _failed_condition(exc):
                return False
            raise
        forget_generation(generation)
        return True

    def active_of(self, user_id: str) -> Iterator[str]:
        for item in GenerationModel.query(
            user_id,
            filter_condition=GenerationModel.status.is_in(*ACTIVE),
            attributes_to_get=["user_id", "generation_id", "status", "workflow_run_id"],
        ):
            yield item.workflow_run_id or item.generation_id

    def pending_holds(self, created_before: datetime) -> Iterator[Generation]:
        for item in GenerationModel.holds.query(HELD, GenerationModel.created_at < created_before):
            yield entity(item)
