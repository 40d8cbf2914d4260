"""Support messages, child-account reports and privacy requests, as users and admins
see them: /v1/support/*, /v1/reports/*, /v1/privacy/requests*, /v1/admin/*."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from chalicelib.api.models.base import (
    Email,
    Pagination,
    QueryBool,
    RequestModel,
    ResponseModel,
    Time,
)
from chalicelib.domain import support_entities
from chalicelib.domain.support_entities import ReportStatus
from chalicelib.privacy import request_types as privacy_records
from chalicelib.privacy.request_types import PrivacyRequestStatus, PrivacyRequestType
from chalicelib.services import Services


class SupportMessageRequest(RequestModel):
    subject: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=10000)


class SupportMessage(ResponseModel):
    id: str
    subject: str
    body: str
    created_at: Time
    status: str

    @classmethod
    def fields_of(cls, message: support_entities.SupportMessage) -> dict[str, Any]:
        return {
            "id": message.message_id,
            "subject": message.subject,
            "body": message.body,
            "created_at": message.created_at,
            "status": message.status.value,
        }

    @classmethod
    def from_entity(cls, message: support_entities.SupportMessage) -> SupportMessage:
        return cls(**cls.fields_of(message))


class OwnedSupportMessage(SupportMessage):
    """A support message as an admin sees it: with the id of the user who wrote it."""

    user_id: str

    @classmethod
    def from_entity(cls, message: support_entities.SupportMessage) -> OwnedSupportMessage:
        return cls(**cls.fields_of(message), user_id=message.user_id)


class ChildReportRequest(RequestModel):
    account_email: Email
    details: str = Field("", max_length=5000)


class ReportReceived(ResponseModel):
    status: Literal["received"]


class ChildReport(ResponseModel):
    id: str
    account_user_id: str | None
    reporter_user_id: str | None
    details: str
    status: ReportStatus
    created_at: Time
    resolved_at: Time | None

    @classmethod
    def from_entity(cls, report: support_entities.ChildReport) -> ChildReport:
        return cls(
            id=report.report_id,
            account_user_id=report.account_user_id,
            reporter_user_id=report.reporter_user_id,
            details=report.details,
            status=report.status,
            created_at=report.created_at,
            resolved_at=report.resolved_at,
        )


class PrivacyRequestCreate(RequestModel):
    type: PrivacyRequestType


class PrivacyRequest(ResponseModel):
    id: str = Field(examples=["prq_01jd4x0000abcdefghjkmnpqrs"])
    type: PrivacyRequestType
    status: PrivacyRequestStatus
    created_at: Time | None
    due_at: Time | None
    completed_at: Time | None
    scheduled_for: Time | None = None
    download_url: str | None = None
    expires_at: Time | None = None

    @classmethod
    def fields_of(
        cls, request: privacy_records.PrivacyRequest, services: Services
    ) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "id": request.request_id,
            "type": request.type,
            "status": request.status,
            "created_at": request.created_at,
            "due_at": request.due_at,
            "completed_at": request.completed_at,
        }
        if request.scheduled_for is not None:
            fields["scheduled_for"] = request.scheduled_for
        url = services.privacy.download_url(request)
        if url:
            fields["download_url"] = url
            fields["expires_at"] = request.file_expires_at
        return fields

    @classmethod
    def from_entity(
        cls, request: privacy_records.PrivacyRequest, services: Services
    ) -> PrivacyRequest:
        return cls(**cls.fields_of(request, services))


class OwnedPrivacyRequest(PrivacyRequest):
    """A privacy request as an admin sees it: with the id of the user who made it."""

    user_id: str

    @classmethod
    def from_entity(
        cls, request: privacy_records.PrivacyRequest, services: Services
    ) -> OwnedPrivacyRequest:
        return cls(**cls.fields_of(request, services), user_id=request.user_id)


class OpenRequestsQuery(Pagination):
    overdue: QueryBool = False
