"""Privacy requests: export, deletion (after re-authentication and a grace period during
which the account is restricted and the request can be canceled), restriction and its
lift. Each request is due 30 days after it was made and keeps an append-only audit
trail of roles, steps and counts (no personal data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from chalicelib.clock import Clock
from chalicelib.domain import s3_keys
from chalicelib.domain.accounts_entities import Principal, User
from chalicelib.domain.cursors import Page
from chalicelib.domain.ports.accounts import AccountRecords, Mailer
from chalicelib.domain.retention import period
from chalicelib.errors import Conflict, NotFound, ReauthRequired
from chalicelib.ids import new_id
from chalicelib.observability import logger
from chalicelib.privacy.customers import PaymentCustomers
from chalicelib.privacy.data_map import DataMap, Subject
from chalicelib.privacy.erasure import erase_subject
from chalicelib.privacy.export import build_export
from chalicelib.privacy.objects import batched
from chalicelib.privacy.ports import MapTables, PrivacyRecords, VersionedBucket, Workflows
from chalicelib.privacy.pseudonyms import Keyed
from chalicelib.privacy.request_types import (
    PrivacyRequest,
    PrivacyRequestStatus,
    PrivacyRequestType,
)

DUE_AFTER = timedelta(days=30)
LINK_LIFETIME = timedelta(hours=24)


def deletion_pending() -> Conflict:
    return Conflict("A deletion of this account is scheduled.", code="deletion_pending")


class PrivacyRequests:
    def __init__(
        self,
        store: PrivacyRecords,
        accounts_store: AccountRecords,
        tables: MapTables,
        bucket: VersionedBucket,
        customers: PaymentCustomers,
        workflows: Workflows,
        mailer: Mailer,
        keyed: Keyed,
        clock: Clock,
        data_map: DataMap,
        grace_days: int,
    ) -> None:
        self._store = store
        self._accounts = accounts_store
        self._tables = tables
        self._bucket = bucket
        self._customers = customers
        self._workflows = workflows
        self._mailer = mailer
        self._keyed = keyed
        self._clock = clock
        self._map = data_map
        self._grace = timedelta(days=grace_days)

    # Requests from the user ------------------------------------------------------
    def create(self, principal: Principal, kind: PrivacyRequestType) -> PrivacyRequest:
        now = self._clock.now()
        user = principal.user
        if kind == PrivacyRequestType.DELETION and not principal.is_fresh(now):
            raise ReauthRequired("Confirm your password (POST /v1/auth/reauth) first.")
        if kind == PrivacyRequestType.RESTRICTION_LIFT and user.deletion_request_id:
            raise deletion_pending()
        request = _new_request(user.user_id, kind, PrivacyRequestStatus.PENDING, now)
        if kind == PrivacyRequestType.DELETION:
            request = replace(
                request, scheduled_for=now + self._grace, was_restricted=user.restricted
            )
            self._store.schedule_deletion(user, request)
            self._store.audit(request.request_id, "user", "scheduled", {}, now)
            self._mailer.send(
                user.email,
                "Your GPT Image 2 account will be deleted",
                f"We received your request to delete your account. It will be deleted "
                f"after {self._grace.days} days. Until then processing is restricted, and "
                f"you can cancel: POST /v1/privacy/requests/{request.request_id}/cancel",
            )
            return request
        self._store.save(request)
        self._store.audit(request.request_id, "user", "received", {}, now)
        if kind in (PrivacyRequestType.RESTRICTION, PrivacyRequestType.RESTRICTION_LIFT):
            restricted = kind == PrivacyRequestType.RESTRICTION
            self._accounts.set_flags(user, restricted=restricted)
            self._complete(request, "user", {"restricted": int(restricted)})
            return self._reread(request)
        return request

    def _reread(self, request: PrivacyRequest) -> PrivacyRequest:
        again = self._store.get(request.request_id)
        if again is None:
            raise NotFound("No such privacy request.")
        return again

    def list(self, user: User, limit: int, cursor: str | None) -> Page[PrivacyRequest]:
        return self._store.of_user(user.user_id, limit, cursor)

    def get(self, user: User, request_id: str) -> PrivacyRequest:
        request = self._store.get(request_id)
        if request is None or request.user_id != user.user_id:
            raise NotFound("No such privacy request.")
        return request

    def cancel(self, user: User, request_id: str) -> PrivacyRequest:
        request = self.get(user, request_id)
        pending = request.status == PrivacyRequestStatus.PENDING
        if request.type != PrivacyRequestType.DELETION or not pending:
            raise Conflict(
                "Only a deletion in its grace period can be canceled.", code="not_cancelable"
            )
        now = self._clock.now()
        self._store.cancel_deletion(user, request, now)
        self._store.audit(request.request_id, "user", "canceled", {}, now)
        return self._reread(request)

    def download_url(self, request: PrivacyRequest) -> str | None:
        now = self._clock.now()
        if (
            request.type != PrivacyRequestType.EXPORT
            or request.status != PrivacyRequestStatus.COMPLETED
            or not request.export_key
        ):
            return None
        if request.file_expires_at is None or request.file_expires_at <= now:
            return None
        seconds = min(LINK_LIFETIME, request.file_expires_at - now).total_seconds()
        return self._bucket.presigned_get(
            request.export_key, int(seconds), "gpt-image-2-export.zip"
        )

    def open_requests(self, limit: int, cursor: str | None, overdue: bool) -> Page[PrivacyRequest]:
        """Pending and in-progress requests; `overdue`: only those past their due date."""
        due_before = self._clock.now() if overdue else None
        return self._store.open_page(limit, cursor, due_before)

    # Work done by jobs -----------------------------------------------------------
    def run_pending_exports(self) -> dict[str, int]:
        done = failed = 0
        for request in self._store.with_status(PrivacyRequestStatus.PENDING):
            if request.type != PrivacyRequestType.EXPORT or not self._store.claim(request):
                continue
            if self._export(request):
                done += 1
            else:
                failed += 1
        return {"completed": done, "failed": failed}

    def run_due_deletions(self) -> dict[str, int]:
        now = self._clock.now()
        done = 0
        for request in self._store.with_status(PrivacyRequestStatus.PENDING):
            due = request.scheduled_for is not None and request.scheduled_for <= now
            if request.type != PrivacyRequestType.DELETION or not due:
                continue
            if self._store.claim(request):
                self._erase(request, "system")
                done += 1
        return {"deleted_accounts": done}

    def reerase_restored(self) -> dict[str, int]:
        """Accounts that a backup restore brought back after their erasure (a tombstone
        for their email, written after they were created) are erased again."""
        found = 0
        for batch in batched(self._store.accounts(), 100):
            hashes = {self._keyed.email_hash(u.email): u for u in batch}
            for email_hash, tombstone in self._store.tombstones(list(hashes)).items():
                user = hashes[email_hash]
                if user.created_at <= tombstone.deleted_at:
                    self.delete_now(user.user_id, "system")
                    found += 1
        return {"restored_accounts_erased": found}

    def delete_now(self, user_id: str, actor: str) -> PrivacyRequest:
        """Delete an account at once (an admin confirmed it belongs to a child)."""
        now = self._clock.now()
        request = _new_request(
            user_id, PrivacyRequestType.DELETION, PrivacyRequestStatus.IN_PROGRESS, now
        )
        request = replace(request, actor=actor, scheduled_for=now)
        self._store.save(request)
        self._store.audit(request.request_id, actor, "received", {}, now)
        self._erase(request, actor)
        return request

    def _complete(
        self,
        request: PrivacyRequest,
        actor: str,
        counts: dict[str, int],
        *,
        export_key: str | None = None,
        file_expires_at: datetime | None = None,
    ) -> None:
        now = self._clock.now()
        self._store.finish(
            request.request_id,
            PrivacyRequestStatus.COMPLETED,
            now,
            export_key=export_key,
            file_expires_at=file_expires_at,
        )
        self._store.audit(request.request_id, actor, "completed", counts, now)

    def _export(self, request: PrivacyRequest) -> bool:
        now = self._clock.now()
        user = self._accounts.get_user(request.user_id)
        if user is None:
            self._store.finish(request.request_id, PrivacyRequestStatus.FAILED, now)
            return False
        key = s3_keys.export_key(user.user_id, request.request_id)
        subject = Subject(user.user_id, user.email, user.name)
        try:
            manifest = build_export(key, self._map, subject, self._tables, self._bucket, now)
        except Exception:
            logger.exception("export failed", extra={"request_id": request.request_id})
            self._store.finish(request.request_id, PrivacyRequestStatus.FAILED, now)
            self._store.audit(request.request_id, "system", "failed", {}, now)
            return False
        counts = {name: c["count"] for name, c in manifest["categories"].items()}
        expires = now + period("exports")
        self._complete(request, "system", counts, export_key=key, file_expires_at=expires)
        self._mailer.send(
            user.email,
            "Your GPT Image 2 data export is ready",
            "Your export is ready. Download it from your account (GET /v1/privacy/requests/"
            f"{request.request_id}); the file is kept for 7 days.",
        )
        return True

    def _erase(self, request: PrivacyRequest, actor: str) -> None:
        now = self._clock.now()
        user = self._accounts.get_user(request.user_id)
        if user is None:
            self._complete(request, actor, {})
            return
        subject = Subject(user.user_id, user.email, user.name)
        counts = erase_subject(
            subject,
            self._map,
            self._tables,
            self._bucket,
            self._customers,
            self._store,
            self._workflows,
            self._keyed,
            now,
        )
        self._complete(request, actor, counts)
        self._mailer.send(
            subject.email,
            "Your GPT Image 2 account has been deleted",
            "Your account and its data have been deleted. Transaction records are kept for "
            "the legal period under a pseudonym, without your name or email address.",
        )


def _new_request(
    user_id: str, kind: PrivacyRequestType, status: PrivacyRequestStatus, now: datetime
) -> PrivacyRequest:
    return PrivacyRequest(
        request_id=new_id("prq", int(now.timestamp() * 1000)),
        user_id=user_id,
        type=kind,
        status=status,
        created_at=now,
        due_at=now + DUE_AFTER,
    )
