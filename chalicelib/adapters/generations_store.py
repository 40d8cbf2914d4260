"""PynamoDB persistence for generation tasks and uploads. Money-moving writes go
through LedgerStore.apply so the task change, the ledger entry and the balance land in
one transaction, each with its condition."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DeleteError, DoesNotExist, TransactWriteError, UpdateError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.cursors import decode, key_names, page_filled
from chalicelib.adapters.idempotency_store import claim_condition, done_record
from chalicelib.adapters.ledger_store import LedgerStore, UserActions
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.generations import GenerationModel, UploadModel
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.idempotency import StoredResponse
from chalicelib.domain.ledger import ExtraConditionFailed, Movement
from chalicelib.domain.statuses import ACTIVE
from chalicelib.errors import NotFound

HELD = "held"
CONFLICT_ATTEMPTS = 8


def _failed_condition(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def _update_if_owner_live(item: Model, user_id: str, actions: list[Any], condition: Any) -> bool:
    """Update `item` under `condition`, in one transaction with a check that its owner
    exists and is not being erased; False when either condition fails. A conflict with
    another transaction on the user (a ledger write) is retried."""
    owner_live = UserModel.user_id.exists() & UserModel.erasing.does_not_exist()
    for attempt in range(CONFLICT_ATTEMPTS):
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.condition_check(UserModel, user_id, condition=owner_live)
                tx.update(item, actions=actions, condition=condition)
        except TransactWriteError as exc:
            reasons = [r.code if r else None for r in (exc.cancellation_reasons or [])]
            if "ConditionalCheckFailed" in reasons:
                return False
            if "TransactionConflict" not in reasons:
                raise
            time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
            continue
        return True
    raise RuntimeError("the write kept conflicting with another transaction")


class GenerationsStore:
    def __init__(self, ledger_store: LedgerStore) -> None:
        self._ledger = ledger_store

    # Tasks -----------------------------------------------------------------
    def new_task(self, **fields: Any) -> GenerationModel:
        return GenerationModel(**fields)

    def create_with_hold(
        self,
        task: GenerationModel,
        hold: Movement,
        now: datetime,
        user_actions: UserActions,
        idempotency: tuple[str, str, StoredResponse] | None,
        user: User | None = None,
    ) -> None:
        """Hold the credits, create the task and (optionally) record the idempotency key,
        in one transaction (`idempotency`: the record key, the request hash and the
        response to store). ExtraConditionFailed(1) means the key was taken meanwhile."""

        def writes(tx: Any, user: UserModel) -> None:
            tx.save(task, condition=GenerationModel.generation_id.does_not_exist())
            if idempotency is not None:
                key, request_hash, response = idempotency
                record = done_record(task.user_id, key, request_hash, response, now)
                tx.save(record, condition=claim_condition(now))

        self._ledger.apply(
            task.user_id,
            [hold],
            now,
            extra=writes,
            user_actions=user_actions,
            user=user,
        )

    def resolve(
        self, task: GenerationModel, movement: Movement, now: datetime, actions: list[Any]
    ) -> bool:
        """Capture or release the task's hold together with `actions` on the task, once:
        False when the hold was already resolved (by a cancel, a release or a capture)."""

        def writes(tx: Any, user: UserModel) -> None:
            tx.update(
                task,
                actions=[*actions, GenerationModel.hold.remove()],
                condition=GenerationModel.cost_state == HELD,
            )

        try:
            applied = self._ledger.apply(
                task.user_id,
                [movement],
                now,
                extra=writes,
                user_actions=[UserModel.active_generations.add(-1)],
            )
        except ExtraConditionFailed:
            return False
        except ValueError:
            # The user's held credits are below this hold's: it was already resolved.
            return False
        except NotFound:
            return False  # the user is gone or being erased: nothing lands for them
        return applied.applied

    def record_outputs(self, task: GenerationModel, outputs: dict[str, Any]) -> bool:
        """Set the task's outputs if it still exists, is active and holds its credits,
        and its owner is not being erased."""
        return _update_if_owner_live(
            task,
            task.user_id,
            [GenerationModel.outputs.set(outputs)],
            GenerationModel.status.is_in(*ACTIVE) & (GenerationModel.cost_state == HELD),
        )

    def find(self, generation_id: str) -> GenerationModel | None:
        """The task with this generation id (the index gives its key; the item is read
        consistently). None when there is none, or the index has not caught up yet."""
        for key in GenerationModel.by_generation.query(generation_id, limit=1):
            return self.get(key.user_id, generation_id)
        return None

    def get(self, user_id: str, generation_id: str) -> GenerationModel | None:
        try:
            return GenerationModel.get(user_id, generation_id, consistent_read=True)
        except DoesNotExist:
            return None

    def page(
        self, user_id: str, limit: int, cursor: str | None, status: str | None, now: datetime
    ) -> tuple[list[GenerationModel], str | None]:
        filters = GenerationModel.expires_at > now
        if status:
            filters &= GenerationModel.status == status
        reads = GenerationModel.query(
            user_id,
            filter_condition=filters,
            scan_index_forward=False,
            page_size=max(limit, 25),
            last_evaluated_key=decode(cursor, key_names(GenerationModel), {"user_id": user_id}),
        )
        return page_filled(GenerationModel, reads, limit)

    def update(self, task: GenerationModel, actions: list[Any], condition: Any = None) -> bool:
        try:
            task.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def delete(self, task: GenerationModel) -> bool:
        """Delete a task whose hold is resolved."""
        try:
            task.delete(condition=GenerationModel.cost_state != HELD)
        except DeleteError as exc:
            if _failed_condition(exc):
                return False
            raise
        return True

    def active_of(self, user_id: str) -> Iterator[GenerationModel]:
        """The user's queued and running tasks (ids and status only)."""
        return GenerationModel.query(
            user_id,
            filter_condition=GenerationModel.status.is_in(*ACTIVE),
            attributes_to_get=["user_id", "generation_id", "status"],
        )

    def pending_holds(self, created_before: datetime) -> Iterator[GenerationModel]:
        return GenerationModel.holds.query(HELD, GenerationModel.created_at < created_before)

    # Uploads ---------------------------------------------------------------
    def new_upload(self, **fields: Any) -> UploadModel:
        return UploadModel(**fields)

    def save_upload(self, upload: UploadModel) -> None:
        upload.save(condition=UploadModel.upload_id.does_not_exist())

    def get_upload(self, user_id: str, upload_id: str) -> UploadModel | None:
        try:
            return UploadModel.get(user_id, upload_id, consistent_read=True)
        except DoesNotExist:
            return None

    def finish_upload(self, upload: UploadModel, fields: dict[str, Any]) -> bool:
        """Record the sanitizer's verdict once: the upload must still be pending and its
        owner not being erased."""
        actions = [getattr(UploadModel, name).set(value) for name, value in fields.items()]
        return _update_if_owner_live(
            upload, upload.user_id, actions, UploadModel.status == "pending"
        )

    def delete_upload(self, upload: UploadModel) -> None:
        upload.delete()
