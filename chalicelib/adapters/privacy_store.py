"""PynamoDB persistence for privacy requests, their audit trail and tombstones. A
deletion is scheduled (and canceled) in one transaction with the user's flags."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action
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
from chalicelib.domain.cursors import Page
from chalicelib.domain.retention import period
from chalicelib.errors import Conflict
from chalicelib.ids import new_id
from chalicelib.privacy.request_types import (
    AccountIdentity,
    PrivacyRequest,
    PrivacyRequestStatus,
    PrivacyRequestType,
    Tombstone,
)


class PrivacyStore:
    """Implements `chalicelib.privacy.ports.PrivacyRecords`."""

    # Tables the API's admin routes scan (`with_status`: open and overdue requests);
    # `accounts` is the jobs' own. Infra grants the API Scan on exactly these.
    API_SCANS = (PrivacyRequestModel,)

    def save(self, request: PrivacyRequest) -> None:
        _item(request).save(condition=PrivacyRequestModel.request_id.does_not_exist())

    def get(self, request_id: str) -> PrivacyRequest | None:
        try:
            return _entity(PrivacyRequestModel.get(request_id, consistent_read=True))
        except DoesNotExist:
            return None

    def of_user(self, user_id: str, limit: int, cursor: str | None) -> Page[PrivacyRequest]:
        items, after = page_query(
            PrivacyRequestModel, user_id, limit, cursor, PrivacyRequestModel.by_user
        )
        return [_entity(item) for item in items], after

    def schedule_deletion(self, user: User, request: PrivacyRequest) -> None:
        if request.scheduled_for is None:
            raise ValueError("a deletion request says when the deletion is due")
        scheduled_for = request.scheduled_for
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.save(_item(request), condition=PrivacyRequestModel.request_id.does_not_exist())
                tx.update(
                    user_item(user),
                    actions=[
                        UserModel.restricted.set(True),
                        UserModel.deletion_request_id.set(request.request_id),
                        UserModel.deletion_scheduled_for.set(scheduled_for),
                    ],
                    condition=UserModel.deletion_request_id.does_not_exist(),
                )
        except TransactWriteError as exc:
            raise Conflict(
                "A deletion of this account is already scheduled.", code="deletion_pending"
            ) from exc

    def cancel_deletion(self, user: User, request: PrivacyRequest, now: datetime) -> None:
        try:
            with TransactWrite(connection=connection()) as tx:
                tx.update(
                    PrivacyRequestModel(request.request_id),
                    actions=[
                        PrivacyRequestModel.status.set(PrivacyRequestStatus.CANCELED.value),
                        PrivacyRequestModel.completed_at.set(now),
                    ],
                    condition=PrivacyRequestModel.status == PrivacyRequestStatus.PENDING.value,
                )
                tx.update(
                    user_item(user),
                    actions=[
                        UserModel.restricted.set(request.was_restricted),
                        UserModel.deletion_request_id.remove(),
                        UserModel.deletion_scheduled_for.remove(),
                    ],
                    condition=UserModel.deletion_request_id == request.request_id,
                )
        except TransactWriteError as exc:
            raise Conflict(
                "This request can no longer be canceled.", code="not_cancelable"
            ) from exc

    def claim(self, request: PrivacyRequest) -> bool:
        """pending -> in_progress; False if another worker got it."""
        try:
            PrivacyRequestModel(request.request_id).update(
                actions=[PrivacyRequestModel.status.set(PrivacyRequestStatus.IN_PROGRESS.value)],
                condition=PrivacyRequestModel.status == PrivacyRequestStatus.PENDING.value,
            )
        except UpdateError:
            return False
        return True

    def finish(
        self,
        request_id: str,
        status: PrivacyRequestStatus,
        now: datetime,
        *,
        export_key: str | None = None,
        file_expires_at: datetime | None = None,
    ) -> None:
        actions: list[Action] = [
            PrivacyRequestModel.status.set(status.value),
            PrivacyRequestModel.completed_at.set(now),
        ]
        if export_key is not None:
            actions.append(PrivacyRequestModel.export_key.set(export_key))
        if file_expires_at is not None:
            actions.append(PrivacyRequestModel.file_expires_at.set(file_expires_at))
        PrivacyRequestModel(request_id).update(
            actions=actions, condition=PrivacyRequestModel.request_id.exists()
        )

    def with_status(self, *statuses: PrivacyRequestStatus) -> Iterator[PrivacyRequest]:
        condition = PrivacyRequestModel.status.is_in(*(status.value for status in statuses))
        return (_entity(item) for item in PrivacyRequestModel.scan(condition))

    def open_page(
        self, limit: int, cursor: str | None, due_before: datetime | None
    ) -> Page[PrivacyRequest]:
        condition = PrivacyRequestModel.status.is_in(
            PrivacyRequestStatus.PENDING.value, PrivacyRequestStatus.IN_PROGRESS.value
        )
        if due_before is not None:
            condition &= PrivacyRequestModel.due_at < due_before
        items, after = page_scan(PrivacyRequestModel, condition, limit, cursor)
        return [_entity(item) for item in items], after

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

    def tombstones(self, email_hashes: list[str]) -> dict[str, Tombstone]:
        return {
            t.email_hmac: Tombstone(t.pseudonym, t.deleted_at)
            for t in TombstoneModel.batch_get(email_hashes)
        }

    def accounts(self) -> Iterator[AccountIdentity]:
        """Every account's id, email and creation time, page by page."""
        scan = UserModel.scan(attributes_to_get=["user_id", "email", "created_at"])
        return (AccountIdentity(u.user_id, u.email, u.created_at) for u in scan)


def _entity(item: PrivacyRequestModel) -> PrivacyRequest:
    return PrivacyRequest(
        request_id=item.request_id,
        user_id=item.user_id,
        type=PrivacyRequestType(item.type),
        status=PrivacyRequestStatus(item.status),
        actor=item.actor,
        created_at=item.created_at,
        due_at=item.due_at,
        completed_at=item.completed_at,
        scheduled_for=item.scheduled_for,
        export_key=item.export_key,
        file_expires_at=item.file_expires_at,
        was_restricted=bool(item.was_restricted),
    )


def _item(request: PrivacyRequest) -> PrivacyRequestModel:
    """A new request's item, kept (TTL) for the privacy requests' retention period."""
    return PrivacyRequestModel(
        request.request_id,
        user_id=request.user_id,
        type=request.type.value,
        status=request.status.value,
        actor=request.actor,
        created_at=request.created_at,
        due_at=request.due_at,
        completed_at=request.completed_at,
        scheduled_for=request.scheduled_for,
        export_key=request.export_key,
        file_expires_at=request.file_expires_at,
        was_restricted=request.was_restricted,
        expires=request.created_at + period("privacy_requests"),
    )
