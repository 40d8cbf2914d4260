"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice

from chalicelib import jobs
from chalicelib.api import (
    admin,
    auth,
    billing,
    consent,
    events,
    generations,
    health,
    legal,
    me,
    privacy,
    support,
    uploads,
    webhooks,
)
from chalicelib.api.middleware import handle as http_middleware
from chalicelib.config import get_settings
from chalicelib.domain.uploads import sanitize_events
from chalicelib.queues import UPLOADS
from chalicelib.services import get_services
from chalicelib.workflow import steps

app = Chalice(app_name="gpt-image-2")
app.register_middleware(http_middleware, "http")
# No dev routes here: the local stack registers its own on this app (local stage only).
for module in (
    health,
    auth,
    me,
    legal,
    uploads,
    generations,
    billing,
    webhooks,
    privacy,
    consent,
    events,
    support,
    admin,
):
    app.register_blueprint(module.router.blueprint)


# Generation workflow steps (chalicelib/workflow/generation.asl.json)
@app.lambda_function(name="generation_moderate")
def generation_moderate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return steps.moderate(event, get_services())


@app.lambda_function(name="generation_generate")
def generation_generate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return steps.generate(event, get_services())


@app.lambda_function(name="generation_finalize")
def generation_finalize(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return steps.finalize(event, get_services())


@app.lambda_function(name="generation_release")
def generation_release(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return steps.release(event, get_services())


# S3 ObjectCreated(uploads/) -> SQS (with a DLQ) -> the sanitizer
@app.on_sqs_message(
    queue=get_settings().upload_queue_name, batch_size=UPLOADS.batch_size, name=UPLOADS.consumer
)
def sanitize_upload(event: Any) -> list[str]:
    return sanitize_events([record.body for record in event], get_services().uploads)


# Scheduled jobs (chalicelib/jobs; EventBridge rules in infra invoke this runner)
@app.lambda_function(name="run_job")
def run_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return jobs.run_job(event["job"], get_services())
