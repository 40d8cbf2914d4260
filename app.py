"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points."""

from __future__ import annotations

from typing import Any

from chalice import Chalice, Rate

from chalicelib.api import auth, generations, health, legal, me, uploads
from chalicelib.api import dev as dev_routes
from chalicelib.api.middleware import handle as http_middleware
from chalicelib.config import get_settings
from chalicelib.services import get_services

app = Chalice(app_name="gpt-image-2")
app.register_middleware(http_middleware, "http")
for module in (health, auth, me, legal, dev_routes, uploads, generations):
    app.register_blueprint(module.router.blueprint)


# Generation workflow steps (chalicelib/workflow/generation.asl.json) ---------------
@app.lambda_function(name="generation_moderate")
def generation_moderate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.moderate(event, get_services())


@app.lambda_function(name="generation_generate")
def generation_generate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.generate(event, get_services())


@app.lambda_function(name="generation_finalize")
def generation_finalize(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.finalize(event, get_services())


@app.lambda_function(name="generation_release")
def generation_release(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.release(event, get_services())


# S3 ObjectCreated(uploads/) -> SQS (with a DLQ) -> the sanitizer ---------------------
@app.on_sqs_message(queue=get_settings().upload_queue_name, batch_size=5, name="sanitize_upload")
def sanitize_upload(event: Any) -> list[str]:
    from chalicelib.domain.uploads import sanitize_events

    return sanitize_events([record.body for record in event], get_services().uploads)


# Scheduled jobs (chalicelib/jobs) -------------------------------------------------
@app.schedule(Rate(5, unit=Rate.MINUTES), name="generation_reaper")
def generation_reaper(event: Any) -> dict[str, Any]:
    from chalicelib.jobs import run_job

    return run_job("generation_reaper", get_services())
