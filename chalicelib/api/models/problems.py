"""RFC 9457 problem details: the body of every error the API answers."""

from __future__ import annotations

from chalicelib.api.models.base import ResponseModel


class ProblemFieldError(ResponseModel):
    field: str
    message: str


class Problem(ResponseModel):
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[ProblemFieldError] | None = None
