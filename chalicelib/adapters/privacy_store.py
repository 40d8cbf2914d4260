"""PynamoDB persistence for privacy requests, their audit trail and tombstones. A
deletion is scheduled (and canceled) in one transaction with the user's flags."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.adapters.accounts_records import user_item
from chalicelib.adapters.cursors import page_query, page_scan
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.base import connection
from chalicelib.adapters.models.privacy import (
    PrivacyAuditModel,
    PrivacyRequestModel,
    TombstoneModel,
)
from chalicelib.domain.accounts_entities import User
from chalicelib.domain.retention import period
from chalicelib.errors import Conflict
from chalicelib.ids import new_id


class PrivacyStore:
    # Tables the API's admin routes scan (`with_status`: open and overdue requests);
    # `accounts` is the jobs' own. Infra grants the API Scan on exactly these.
    API_SCANS = (PrivacyRequestModel,)

    def new_request(self, **values: Any) -> PrivacyRequestModel:
        created = values["created_at"]
        return PrivacyRequestModel(
            new_id("prq", int(created.timestamp() * 1000)),
            expires=created + period("privacy_requests"),
            **values,
        )

    def save(self, request: PrivacyRequestModel) -> None:
        request.save(condition=PrivacyRequestModel.request_id.does_not_exist())

    def get(self, request_id: str) -> PrivacyRequestModel | None:
        try:
            return PrivacyRequestModel.get(request_id, consistent_read=True)
        except DoesNotExist:
            return None

    def of_user(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[PrivacyRequestModel], str | None]:
        return page_query(PrivacyRequestModel, user_id, limit, cursor, PrivacyRequestModel.by_user)

    def schedule_deletion(self, user: User, request: PrivacyRequestModel) -> None:
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(request, condition=PrivacyRequestModel.request_id.does_not_exist())
                tx.update(
                    user_item(user),
                    actions=[
                        UserModel.restricted.set(True),
                        UserModel.deletion_request_id.set(request.request_id),
                        UserModel.deletion_scheduled_for.set(request.scheduled_for),
                    ],
                    condition=UserModel.deletion_request_id.does_not_exist(),
                )
        except TransactWriteError as exc:
            raise Conflict(
                "A deletion of this account is already scheduled.", code="deletion_pending"
            ) from exc

    def cancel_deletion(self, user: User, request: PrivacyRequestModel, now: datetime) -> None:
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    request,
                    actions=[
                        PrivacyRequestModel.status.set("canceled"),
                        PrivacyRequestModel.completed_at.set(now),
                    ],
                    condition=PrivacyRequestModel.status == "pending",
                )
                tx.update(
                    user_item(user),
                    actions=[
                        UserModel.restricted.set(bool(request.was_restricted)),
                        UserModel.deletion_request_id.remove(),
                        UserModel.deletion_scheduled_for.remove(),
                    ],
                    condition=UserModel.deletion_request_id == request.request_id,
                )
        except TransactWriteError as exc:
            raise Conflict(
                "This request can no longer be canceled.", code="not_cancelable"
            ) from exc

    def claim(self, request: PrivacyRequestModel) -> bool:
        """pending -> in_progress; False if another worker got it."""
        try:
            request.update(
                actions=[PrivacyRequestModel.status.set("in_progress")],
                condition=PrivacyRequestModel.status == "pending",
            )
        except UpdateError:
            return False
        return True

    def finish(self, request_id: str, status: str, now: datetime, **fields: Any) -> None:
        actions = [
            PrivacyRequestModel.status.set(status),
            PrivacyRequestModel.completed_at.set(now),
            *(getattr(PrivacyRequestModel, k).set(v) for k, v in fields.items()),
        ]
        PrivacyRequestModel(request_id).update(
            actions=actions, condition=PrivacyRequestModel.request_id.exists()
        )

    def with_status(self, *statuses: str) -> Iterator[PrivacyRequestModel]:
        return PrivacyRequestModel.scan(PrivacyRequestModel.status.is_in(*statuses))

    def open_page(
        self, limit: int, cursor: str | None, due_before: datetime | None
    ) -> tuple[list[PrivacyRequestModel], str | None]:
        condition = PrivacyRequestModel.status.is_in("pending", "in_progress")
        if due_before is not None:
            condition &= PrivacyRequestModel.due_at < due_before
        return page_scan(PrivacyRequestModel, condition, limit, cursor)

    # Audit trail (append-only: each line is written once, never updated) ---------
    def audit(
        self, request_id: str, actor: str, step: str, counts: dict[str, int], now: datetime
    ) -> None:
        PrivacyAuditModel(
            request_id,
            new_id("aud", int(now.timestamp() * 1000)),
            actor=actor,
            step=step,
            counts=counts,
            created_at=now,
            expires=now + period("privacy_requests"),
        ).save(condition=PrivacyAuditModel.entry_id.does_not_exist())

    # Erasure --------------------------------------------------------------------
    def begin_erasure(self, user_id: str, now: datetime) -> None:
        """Mark the account as being erased (if it still exists). The update bumps the
        user's version, so a ledger transaction in flight fails and re-reads; from here
        on every late write that conditions on the mark is refused."""
        try:
            user = UserModel.get(user_id, consistent_read=True)
            user.update(
                actions=[UserModel.erasing.set(now)],
                condition=UserModel.user_id.exists(),
                add_version_condition=False,  # whatever the version; it still goes up
            )
        except (DoesNotExist, UpdateError):
            return  # already gone: the passes below find what may remain

    # Tombstones -----------------------------------------------------------------
    def tombstone(self, email_hash: str, pseudonym: str, now: datetime) -> None:
        TombstoneModel(
            email_hash, pseudonym=pseudonym, deleted_at=now, expires=now + period("tombstones")
        ).save()

    def tombstones(self, email_hashes: list[str]) -> dict[str, TombstoneModel]:
        return {t.email_hmac: t for t in TombstoneModel.batch_get(email_hashes)}

    def accounts(self) -> Iterator[UserModel]:
        """Every account's id, email and creation time, page by page."""
        return UserModel.scan(attributes_to_get=["user_id", "email", "created_at"])
