"""HTTP middleware: correlation ids, body size limit, framework errors as problem+json,
security headers and request metrics. It runs inside `observability.lambda_entry`
(registered before it in app.py through Chalice's `ConvertToMiddleware`), which adds the
Lambda context to the logs, traces the invocation and flushes the metrics counted here."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from chalice.app import Request, Response

from chalicelib.api import problems
from chalicelib.observability import get_tracer, logger, metrics, tracing_enabled

MAX_BODY_BYTES = 1024 * 1024
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def handle(request: Request, get_response: Callable[[Request], Response]) -> Response:
    context = request.context or {}
    lambda_context = request.lambda_context
    request_id = (
        context.get("requestId")  # API Gateway's; chalice.local sends none
        or getattr(lambda_context, "aws_request_id", None)
        or str(uuid.uuid4())
    )
    # Per thread, over lambda_entry's process-wide keys: the local server answers
    # requests concurrently, and a shared key would stamp one request's log lines with
    # another's id.
    logger.thread_safe_append_keys(
        correlation_id=request_id,
        function_request_id=getattr(lambda_context, "aws_request_id", request_id),
    )
    started = time.perf_counter()
    route = context.get("resourcePath", "")
    if len(request.raw_body or b"") > MAX_BODY_BYTES:
        response = problems.problem(413, "payload_too_large", "The body is larger than 1 MB.")
    elif tracing_enabled():
        with get_tracer().provider.in_subsegment(f"## {request.method} {route}") as segment:
            response = problems.from_framework_response(get_response(request))
            segment.put_annotation("status", response.status_code)
    else:
        response = problems.from_framework_response(get_response(request))
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["X-Request-Id"] = request_id
    elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    logger.info(
        "request",
        extra={
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": elapsed_ms,
        },
    )
    metrics.add_metric(name="Requests", unit="Count", value=1)
    if response.status_code >= 500:
        metrics.add_metric(name="ServerErrors", unit="Count", value=1)
    return response
