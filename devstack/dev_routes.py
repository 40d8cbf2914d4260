"""Stack info, the email outbox and running the jobs now: registered on the app by
`devstack.wiring` on the local stage only (and `local_only`: 404 on any other stage)."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import RequestContext, Router
from chalicelib.api.schema import obj

router = Router(__name__, "dev")

OUTBOX_ITEM = obj(
    {
        "to": {"type": "string"},
        "subject": {"type": "string"},
        "body": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
    }
)


@router.route(
    "/v1/dev/info",
    "GET",
    summary="Where the embedded AWS stack lives (local stage only)",
    auth="none",
    local_only=True,
    response=obj(
        {
            "aws_endpoint": {"type": "string"},
            "region": {"type": "string"},
            "bucket": {"type": "string"},
            "tables": {"type": "object", "additionalProperties": {"type": "string"}},
            "state_machine_arn": {"type": "string"},
        }
    ),
)
def dev_info(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.adapters.models.registry import table_names

    settings = ctx.settings
    return {
        "aws_endpoint": settings.aws_endpoint_url,
        "region": settings.region,
        "bucket": settings.bucket,
        "tables": table_names(),
        "state_machine_arn": settings.state_machine_arn,
    }


@router.route(
    "/v1/dev/outbox",
    "GET",
    summary="Emails sent through SES, newest first (local stage only)",
    auth="none",
    local_only=True,
    response=obj({"data": {"type": "array", "items": OUTBOX_ITEM}}),
)
def dev_outbox(ctx: RequestContext) -> dict[str, Any]:
    from devstack.outbox import read_outbox

    return {"data": read_outbox(ctx.settings.region)}


@router.route(
    "/v1/dev/run-jobs",
    "POST",
    summary="Run every scheduled job now and report what each did (local stage only)",
    auth="none",
    local_only=True,
    response={"type": "object", "additionalProperties": {"type": "object"}},
)
def dev_run_jobs(ctx: RequestContext) -> dict[str, Any]:
    from chalicelib.jobs import run_all

    return run_all(ctx.services)
