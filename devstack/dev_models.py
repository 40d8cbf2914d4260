"""The shapes of the local stage's dev routes (`dev_routes`, `checkout_routes`): the same
Pydantic models as every production route, so the dev routes are validated, serialized
and documented by the one machinery in `chalicelib.api.routing`."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import RootModel

from chalicelib.api.models.base import RequestModel, ResponseModel
from chalicelib.jobs import JobReport


class DevInfo(ResponseModel):
    """Where the embedded AWS stack lives."""

    aws_endpoint: str | None
    region: str
    bucket: str
    tables: dict[str, str]
    state_machine_arn: str | None


class OutboxMail(ResponseModel):
    to: str
    subject: str
    body: str
    created_at: datetime


class Outbox(ResponseModel):
    """Emails sent through SES, newest first."""

    data: list[OutboxMail]


class JobReports(RootModel[dict[str, JobReport]]):
    """What each scheduled job did, by job name."""


class CheckoutOutcome(StrEnum):
    PAID = "paid"
    DELAYED_SUCCESS = "delayed_success"
    DELAYED_FAILURE = "delayed_failure"


class CheckoutPayment(RequestModel):
    outcome: CheckoutOutcome = CheckoutOutcome.PAID


class DeliveredEvent(ResponseModel):
    id: str
    type: str
    status: int


class CheckoutPaid(ResponseModel):
    """The events the simulated payment sent to our webhook, and the answer to each."""

    session_id: str
    outcome: CheckoutOutcome
    delivered: list[DeliveredEvent]


class HtmlPage(RootModel[str]):
    """An HTML page."""
