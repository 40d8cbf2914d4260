"""Stack info, the email outbox and running the jobs now: registered on the app by
`devstack.wiring` on the local stage only (and `local_only`: 404 on any other stage)."""

from __future__ import annotations

from chalicelib.api.request_context import RequestContext
from chalicelib.api.routing import Router
from devstack.dev_models import DevInfo, JobReports, Outbox

router = Router(__name__, "dev")


@router.route(
    "/v1/dev/info",
    "GET",
    summary="Where the embedded AWS stack lives (local stage only)",
    auth="none",
    local_only=True,
    response=DevInfo,
)
def dev_info(ctx: RequestContext) -> DevInfo:
    from chalicelib.adapters.models.registry import table_names

    settings = ctx.settings
    return DevInfo(
        aws_endpoint=settings.aws_endpoint_url,
        region=settings.region,
        bucket=settings.bucket,
        tables=table_names(),
        state_machine_arn=settings.state_machine_arn,
    )


@router.route(
    "/v1/dev/outbox",
    "GET",
    summary="Emails sent through SES, newest first (local stage only)",
    auth="none",
    local_only=True,
    response=Outbox,
)
def dev_outbox(ctx: RequestContext) -> Outbox:
    from devstack.outbox import read_outbox

    return Outbox.model_validate({"data": read_outbox(ctx.settings.region)})


@router.route(
    "/v1/dev/run-jobs",
    "POST",
    summary="Run every scheduled job now and report what each did (local stage only)",
    auth="none",
    local_only=True,
    response=JobReports,
)
def dev_run_jobs(ctx: RequestContext) -> JobReports:
    from chalicelib.jobs import run_all

    return JobReports(run_all(ctx.services))
