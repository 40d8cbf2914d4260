"""Support messages and reports of accounts held by children under 13."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import (
    PAGINATION_QUERY,
    Reply,
    RequestContext,
    Router,
    page_schema,
    paged,
)
from chalicelib.api.schema import Schema, obj
from chalicelib.clock import isoformat

router = Router(__name__, "support")

MESSAGE_SCHEMA: Schema = obj(
    {
        "id": {"type": "string"},
        "subject": {"type": "string"},
        "body": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "status": {"type": "string"},
    }
)


def present_message(message: Any) -> dict[str, Any]:
    return {
        "id": message.message_id,
        "subject": message.subject,
        "body": message.body,
        "created_at": isoformat(message.created_at),
        "status": message.status,
    }


@router.route(
    "/v1/support/messages",
    "POST",
    summary="Write to support",
    status=201,
    body=obj(
        {
            "subject": {"type": "string", "minLength": 1, "maxLength": 200},
            "body": {"type": "string", "minLength": 1, "maxLength": 10000},
        },
        ("subject", "body"),
    ),
    response=MESSAGE_SCHEMA,
    errors=("validation_error",),
)
def post_message(ctx: RequestContext) -> dict:
    body = ctx.json
    return present_message(
        ctx.services.support.post_message(ctx.user, body["subject"], body["body"])
    )


@router.route(
    "/v1/support/messages",
    "GET",
    summary="Your support messages, newest first",
    query=PAGINATION_QUERY,
    response=page_schema(MESSAGE_SCHEMA),
)
def list_messages(ctx: RequestContext) -> dict:
    return paged(
        ctx,
        lambda limit, cursor: ctx.services.support.messages(ctx.user, limit, cursor),
        present_message,
    )


@router.route(
    "/v1/reports/child-account",
    "POST",
    summary="Report an account held by a child under 13 (always 202)",
    status=202,
    auth="optional",
    body=obj(
        {
            "account_email": {"type": "string", "format": "email", "maxLength": 254},
            "details": {"type": "string", "maxLength": 5000},
        },
        ("account_email",),
    ),
    response=obj({"status": {"type": "string", "const": "received"}}),
    errors=("validation_error",),
)
def report_child_account(ctx: RequestContext) -> Reply:
    principal = ctx.optional_principal
    body = ctx.json
    ctx.services.support.report_child(
        body["account_email"], body.get("details", ""), principal.user if principal else None
    )
    return Reply(body={"status": "received"}, status=202)
