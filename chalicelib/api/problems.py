"""The one place where errors become HTTP: typed domain errors and framework errors are
mapped to RFC 9457 problem+json responses."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from chalice.app import Response

from chalicelib import errors

PROBLEM_TYPE = "application/problem+json"
# A 1 MB body of unknown fields would list ~100,000 errors: past Lambda's 6 MB response
# limit. The first ones are enough to correct a request.
MAX_FIELD_ERRORS = 100
# What a path that matches no route answers (locally and at API Gateway), and what an
# admin route answers anyone but an admin, so the two cannot be told apart.
NO_SUCH_ROUTE = "No such route."

_STATUS: list[tuple[type[errors.DomainError], int]] = [
    (errors.InvalidJson, 400),
    (errors.Unauthenticated, 401),
    (errors.PaymentRequired, 402),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.PayloadTooLarge, 413),
    (errors.UnsupportedMediaType, 415),
    (errors.InvalidInput, 422),
    (errors.Unprocessable, 422),
    (errors.RateLimited, 429),
]


# The status each error code answers. Route declarations name their view's codes
# (`errors=`), the OpenAPI document documents them with these statuses; a code that
# answers another status on one route is declared there as `(status, code)`.
ERROR_STATUS: dict[str, int] = {
    "invalid_json": 400,
    "invalid_signature": 400,
    "unauthenticated": 401,
    "invalid_credentials": 401,
    "reauth_required": 401,
    "insufficient_credits": 402,
    "forbidden": 403,
    "csrf_rejected": 403,
    "age_restricted": 403,
    "email_unverified": 403,
    "account_suspended": 403,
    "processing_restricted": 403,
    "api_key_not_allowed": 403,
    "insufficient_scope": 403,
    "not_found": 404,
    "conflict": 409,
    "email_taken": 409,
    "not_cancelable": 409,
    "already_resolved": 409,
    "deletion_pending": 409,
    "subscription_exists": 409,
    "idempotency_key_reused": 409,
    "idempotency_in_progress": 409,
    "limit_reached": 409,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "validation_error": 422,
    "invalid_code": 422,
    "invalid_token": 422,
    "not_purchasable": 422,
    "rate_limited": 429,
    "internal_error": 500,
}


def status_for(error: errors.DomainError) -> int:
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 400


def problem(
    status: int,
    code: str,
    detail: str = "",
    *,
    field_errors: list[errors.FieldError] | None = None,
    headers: Mapping[str, str | list[str]] | None = None,
) -> Response:
    from chalicelib.api.models.problems import Problem, ProblemFieldError  # on the first error

    title = HTTPStatus(status).phrase
    body = Problem(
        type=f"https://docs.gptimage2.example/problems/{code.replace('_', '-')}",
        title=title,
        status=status,
        detail=detail or title,
        code=code,
    )
    if field_errors is not None:
        body.errors = [
            ProblemFieldError(field=e.field, message=e.message)
            for e in field_errors[:MAX_FIELD_ERRORS]
        ]
    all_headers: dict[str, str | list[str]] = {
        "Content-Type": PROBLEM_TYPE,
        "Cache-Control": "no-store",
    }
    all_headers.update(headers or {})
    return Response(
        body=body.model_dump_json(exclude_unset=True), status_code=status, headers=all_headers
    )


def from_domain_error(error: errors.DomainError) -> Response:
    headers: dict[str, str] = dict(error.headers)
    field_errors = None
    if isinstance(error, errors.RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, errors.InvalidInput):
        field_errors = error.errors
    return problem(
        status_for(error), error.code, error.detail, field_errors=field_errors, headers=headers
    )


def internal_error() -> Response:
    return problem(500, "internal_error", "An internal error occurred.")


_CHALICE_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    500: "internal_error",
}


def from_framework_response(response: Response) -> Response:
    """Chalice answers some requests itself (405, 415, unhandled errors) with bodies of
    its own shape; rewrite those so no client ever sees them."""
    body = response.body
    if not (isinstance(body, dict) and set(body) == {"Code", "Message"}):
        return response
    status = response.status_code
    code = _CHALICE_CODES.get(status, "internal_error" if status >= 500 else "bad_request")
    detail = "" if status >= 500 else str(body["Message"])
    headers = {k: v for k, v in response.headers.items() if k.lower() == "allow"}
    return problem(status, code, detail, headers=headers)
