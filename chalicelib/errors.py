"""Typed errors raised by domain code. The API maps them to problem+json in one place
(`chalicelib.api.problems`); nothing matches on message text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    """Base class: every subclass has a stable snake_case `code`."""

    code = "error"

    def __init__(self, detail: str = "", *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        # Extra response headers the API adds to the problem (for example Set-Cookie).
        self.headers: dict[str, str] = {}
        if code is not None:
            self.code = code


class InvalidInput(DomainError):
    code = "validation_error"

    def __init__(self, errors: list[FieldError], detail: str = "The request is not valid.") -> None:
        super().__init__(detail)
        self.errors = errors


class InvalidJson(DomainError):
    code = "invalid_json"


class PayloadTooLarge(DomainError):
    code = "payload_too_large"


class UnsupportedMediaType(DomainError):
    code = "unsupported_media_type"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class PaymentRequired(DomainError):
    code = "insufficient_credits"


class Unprocessable(DomainError):
    """A single-reason 422 that is not a field validation (for example `invalid_code`)."""

    code = "unprocessable"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, retry_after: int, detail: str = "Too many requests.") -> None:
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))


class ReauthRequired(Unauthenticated):
    """The action needs a fresh session: `POST /v1/auth/reauth` within the last minutes."""

    code = "reauth_required"
