"""Health, the OpenAPI document, legal texts, consent, usage events and webhooks."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import Field
from typing_extensions import TypeAliasType

from chalicelib.api.models.base import RequestModel, ResponseModel, Time, Timestamp
from chalicelib.privacy.usage import MAX_EVENTS

# Any JSON value (a named, recursive component: typed clients get no `unknown`).
Json = TypeAliasType("Json", "dict[str, Json] | list[Json] | str | int | float | bool | None")


class Health(ResponseModel):
    status: str
    version: str
    stage: str


class ApiInfo(ResponseModel):
    title: str
    version: str
    description: str


class Server(ResponseModel):
    url: str


class OpenApiDocument(ResponseModel):
    openapi: str
    info: ApiInfo
    servers: list[Server]
    paths: dict[str, dict[str, Json]]
    components: dict[str, dict[str, Json]]


class PolicyVersion(ResponseModel):
    version: str
    effective_date: date


class PrivacyPolicy(PolicyVersion):
    title: str
    body: str


class Subprocessor(ResponseModel):
    name: str
    purpose: str
    data_categories: list[str]
    location: str
    transfer_mechanism: str


class RetentionClass(ResponseModel):
    category: str
    description: str
    retention_days: int | None
    after_deletion: str


class ConsentMethod(StrEnum):
    default = "default"
    explicit = "explicit"
    gpc = "gpc"


class ConsentCategories(ResponseModel):
    necessary: Literal[True]
    functional: bool
    analytics: bool
    marketing: bool


class Consent(ResponseModel):
    consent_id: str
    categories: ConsentCategories
    policy_version: str
    method: ConsentMethod
    gpc: bool
    updated_at: Time | None


class ConsentChoice(RequestModel):
    functional: bool
    analytics: bool
    marketing: bool


class GpcStatement(ResponseModel):
    gpc: bool
    lastUpdate: str


class EventType(StrEnum):
    page_view = "page_view"
    feature_interaction = "feature_interaction"
    performance = "performance"


class UsageEvent(RequestModel):
    type: EventType
    name: str = Field(min_length=1, max_length=200)
    properties: dict[str, Json] | None = None
    occurred_at: Timestamp | None = None


class UsageEvents(RequestModel):
    events: list[UsageEvent] = Field(min_length=1, max_length=MAX_EVENTS)


class EventsAccepted(ResponseModel):
    accepted: int
    recorded: int


class WebhookReceived(ResponseModel):
    received: bool
