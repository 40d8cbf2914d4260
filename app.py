"""Wiring only: the Chalice app, middleware, blueprints and Lambda entry points. Every
entry point carries `observability.lambda_entry` (Powertools Logger context and
correlation id, Tracer, Metrics); the settings are read and validated here, once, so a
bad environment fails the cold start with a ConfigError naming the variable."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, ConvertToMiddleware

from chalicelib.api import (
    admin,
    api_keys,
    auth,
    billing,
    consent,
    events,
    generations,
    health,
    legal,
    library,
    me,
    privacy,
    realtime,
    runs,
    support,
    uploads,
    webhook_endpoints,
    webhooks,
    workflows,
)
from chalicelib.api.middleware import handle as http_middleware
from chalicelib.config import get_settings
from chalicelib.observability import (
    API_GATEWAY_REQUEST,
    EVENTBRIDGE_EVENT,
    SQS_MESSAGE,
    STEP_PAYLOAD,
    TRACED_MODULES,
    event_source_entry,
    lambda_entry,
)
from chalicelib.queues import UPLOADS, WEBHOOKS
from chalicelib.services import get_services

settings = get_settings()  # validated at cold start
app = Chalice(app_name="gpt-image-2")
# Chalice still names its WebSocket support experimental (the live updates' socket).
app.experimental_feature_flags.update(["WEBSOCKETS"])
# The API is Chalice's one handler: the entry stack wraps every request, outside the rest.
app.register_middleware(
    ConvertToMiddleware(lambda_entry(API_GATEWAY_REQUEST, log_invocation=False)), "http"
)
app.register_middleware(http_middleware, "http")
# No dev routes here: the local stack registers its own on this app (local stage only).
for module in (
    health,
    auth,
    me,
    legal,
    uploads,
    generations,
    library,
    billing,
    webhooks,
    webhook_endpoints,
    privacy,
    consent,
    events,
    support,
    admin,
    workflows,
    runs,
    api_keys,
    realtime,
):
    app.register_blueprint(module.router.blueprint)


# The other entry points import what they run on their first invocation: the API's cold
# start (this module) imports none of it.


# Generation workflow steps (chalicelib/workflow/generation.asl.json)
@app.lambda_function(name="generation_moderate")
@lambda_entry(STEP_PAYLOAD)
def generation_moderate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.moderate(event, get_services())


@app.lambda_function(name="generation_generate")
@lambda_entry(STEP_PAYLOAD, trace_modules=(*TRACED_MODULES, "httpx"))  # the OpenAI SDK
def generation_generate(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.generate(event, get_services())


@app.lambda_function(name="generation_finalize")
@lambda_entry(STEP_PAYLOAD)
def generation_finalize(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.finalize(event, get_services())


@app.lambda_function(name="generation_release")
@lambda_entry(STEP_PAYLOAD)
def generation_release(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.workflow import steps

    return steps.release(event, get_services())


# S3 ObjectCreated(uploads/) -> SQS (with a DLQ) -> the sanitizer, record by record
@app.on_sqs_message(
    queue=settings.upload_queue_name, batch_size=UPLOADS.batch_size, name=UPLOADS.consumer
)
@event_source_entry(SQS_MESSAGE)
def sanitize_upload(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.adapters.upload_queue import sanitize_batch

    return sanitize_batch(event, context, get_services().uploads)


# Webhook attempts -> SQS (with a DLQ) -> signed POSTs to the endpoints, record by record
@app.on_sqs_message(
    queue=WEBHOOKS.name(settings.resource_prefix),
    batch_size=WEBHOOKS.batch_size,
    name=WEBHOOKS.consumer,
)
@event_source_entry(SQS_MESSAGE)
def deliver_webhook(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib.adapters.webhook_queue import deliver_batch

    return deliver_batch(event, context, get_services().webhook_deliverer)


# The WebSocket API (live updates): connect with a ticket, ping, disconnect
@app.on_ws_connect(name="realtime_connect")
@event_source_entry(API_GATEWAY_REQUEST)
def realtime_connect(event: dict[str, Any], context: Any) -> dict[str, int]:
    from chalicelib.api import socket_events

    return socket_events.connect(event, get_services())


@app.on_ws_message(name="realtime_message")
@event_source_entry(API_GATEWAY_REQUEST)
def realtime_message(event: dict[str, Any], context: Any) -> dict[str, int]:
    from chalicelib.api import socket_events

    return socket_events.message(event, get_services())


@app.on_ws_disconnect(name="realtime_disconnect")
@event_source_entry(API_GATEWAY_REQUEST)
def realtime_disconnect(event: dict[str, Any], context: Any) -> dict[str, int]:
    from chalicelib.api import socket_events

    return socket_events.disconnect(event, get_services())


# Scheduled jobs (chalicelib/jobs; EventBridge rules in infra invoke this runner)
@app.lambda_function(name="run_job")
@lambda_entry(EVENTBRIDGE_EVENT)
def run_job(event: dict[str, Any], context: Any) -> dict[str, Any]:
    from chalicelib import jobs

    return jobs.run_job(event["job"], get_services())
