"""Accounts, sessions and the signed-in user: /v1/auth/*, /v1/me."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from chalicelib.api.models.base import Email, IsoDate, RequestModel, ResponseModel, Time
from chalicelib.api.models.user_json import user_json
from chalicelib.domain import accounts_entities
from chalicelib.services import Services

Password = Annotated[str, Field(min_length=1, max_length=1024)]


class Theme(StrEnum):
    system = "system"
    light = "light"
    dark = "dark"


class UserSettings(RequestModel):
    """What the user chose; PATCH /v1/me merges the fields it names."""

    theme: Theme | None = None
    locale: str | None = Field(None, pattern=r"^[a-z]{2}(-[A-Z]{2})?$")
    email_notifications: bool | None = None
    default_model: str | None = Field(None, max_length=64)
    default_size: str | None = Field(None, max_length=16)


class Credits(ResponseModel):
    available: int
    held: int


class PolicyStatus(ResponseModel):
    accepted_version: str | None
    current_version: str
    needs_acceptance: bool


class Deletion(ResponseModel):
    request_id: str
    scheduled_for: Time


class User(ResponseModel):
    id: str = Field(examples=["usr_01jd4x0000abcdefghjkmnpqrs"])
    email: str = Field(json_schema_extra={"format": "email"})
    email_verified: bool
    name: str
    created_at: Time
    settings: UserSettings
    plan: str
    role: str
    credits: Credits
    restricted: bool
    suspended: bool
    policy: PolicyStatus
    deletion: Deletion | None

    @classmethod
    def from_entity(cls, user: accounts_entities.User, services: Services) -> User:
        data = user_json(user, services)
        settings = UserSettings.model_validate(data["settings"], strict=False)
        return cls.model_validate({**data, "settings": settings})


class SignupRequest(RequestModel):
    email: Email
    password: Password
    name: str = Field(min_length=1, max_length=200)
    birth_date: IsoDate
    accept_policy_version: str = Field(min_length=1, max_length=64)


class LoginRequest(RequestModel):
    email: Email
    password: Password


class AuthResponse(ResponseModel):
    user: User
    token: str
    expires_at: Time


class VerifyEmailRequest(RequestModel):
    code: str = Field(pattern=r"^[0-9]{6}$")


class UserEnvelope(ResponseModel):
    user: User


class SessionStatus(ResponseModel):
    """Who the request is signed in as, or `null`: a page asks without a 401 answer."""

    user: User | None


class ForgotPasswordRequest(RequestModel):
    email: Email


class ResetPasswordRequest(RequestModel):
    token: str = Field(min_length=1, max_length=512)
    new_password: Password


class ChangePasswordRequest(RequestModel):
    current_password: Password
    new_password: Password


class ReauthRequest(RequestModel):
    password: Password


class Session(ResponseModel):
    id: str
    created_at: Time
    last_seen_at: Time
    user_agent: str
    ip_prefix: str
    current: bool

    @classmethod
    def from_entity(cls, session: accounts_entities.Session, current_id: str) -> Session:
        return cls(
            id=session.session_id,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            user_agent=session.user_agent,
            ip_prefix=session.ip_prefix,
            current=session.session_id == current_id,
        )


class SecurityEvent(ResponseModel):
    id: str
    type: str
    created_at: Time
    ip_prefix: str
    user_agent: str

    @classmethod
    def from_entity(cls, event: accounts_entities.SecurityEvent) -> SecurityEvent:
        return cls(
            id=event.event_id,
            type=event.type.value,
            created_at=event.created_at,
            ip_prefix=event.ip_prefix,
            user_agent=event.user_agent,
        )


class PatchMeRequest(RequestModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    settings: UserSettings | None = None


class PolicyAcceptanceRequest(RequestModel):
    version: str = Field(min_length=1, max_length=64)
