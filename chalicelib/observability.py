"""Powertools Logger, Metrics and Tracer, and the one decorator stack every Lambda entry
point carries (`lambda_entry`). Logs are JSON and carry ids, never emails, prompts,
tokens or full IPs; traces never record a handler's response (it may name a person).

The Tracer (X-Ray SDK, about 0.1 s to import and patch botocore once boto3 is loaded,
more outside Lambda, where it builds sampling clients) is built on the first traced
invocation and only where tracing is on (in Lambda), so importing the app (the API's
cold start) does not import it, and tests and the local stack never do."""

from __future__ import annotations

import functools
import os
import time
import warnings
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "gpt-image-2")
# Correlation ids (JMESPath into the event), one per kind of entry point.
API_GATEWAY_REQUEST = "requestContext.requestId"  # Powertools' correlation_paths.API_GATEWAY_REST
STEP_PAYLOAD = "generation_id"  # a workflow state's payload is the generation id alone
SQS_MESSAGE = "Records[0].messageId"  # the batch's first; each record then sets its own
EVENTBRIDGE_EVENT = "id"  # correlation_paths.EVENT_BRIDGE; the job rules forward it
# botocore is what every function calls; the generate step adds httpx (the OpenAI SDK).
TRACED_MODULES: tuple[str, ...] = ("botocore",)

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "GptImage2"))
# A warm invocation that counted nothing has nothing to publish; that is not a problem.
warnings.filterwarnings("ignore", message="No application metrics to publish")

Handler = TypeVar("Handler", bound=Callable[..., Any])


def tracing_enabled() -> bool:
    disabled = os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() in ("1", "true")
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) and not disabled


@cache
def get_tracer() -> Any:
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE, disabled=not tracing_enabled(), auto_patch=False)


def _traced(handler: Handler, modules: Sequence[str]) -> Handler:
    """`Tracer.capture_lambda_handler`, built on the first invocation with tracing on."""
    built: list[Callable[..., Any]] = []

    @functools.wraps(handler)
    def call(event: Any, context: Any) -> Any:
        if not tracing_enabled():
            return handler(event, context)
        if not built:
            tracer = get_tracer()
            tracer.patch(modules)
            built.append(tracer.capture_lambda_handler(handler, capture_response=False))
        return built[0](event, context)

    return call  # type: ignore[return-value]


def _logged(handler: Handler) -> Handler:
    """One `invocation` line per call (the API logs its own `request` line instead)."""

    @functools.wraps(handler)
    def call(event: Any, context: Any) -> Any:
        started = time.perf_counter()
        error = None
        try:
            return handler(event, context)
        except Exception as exc:
            error = type(exc).__name__
            raise
        finally:
            elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            extra = {"handler": handler.__name__, "duration_ms": elapsed_ms}
            logger.info("invocation", extra={**extra, "error": error} if error else extra)

    return call  # type: ignore[return-value]


def lambda_entry(
    correlation_id_path: str,
    trace_modules: Sequence[str] = TRACED_MODULES,
    log_invocation: bool = True,
) -> Callable[[Handler], Handler]:
    """The decorators of every Lambda entry point, outermost first:
    `Logger.inject_lambda_context` (function_name, function_request_id, cold_start and
    the correlation id found at `correlation_id_path`; keys of the previous invocation
    cleared), `Tracer.capture_lambda_handler` and `Metrics.log_metrics` (with the
    ColdStart metric; flushed as EMF even when the handler raises), then one
    `invocation` log line (handler, duration, error type)."""

    def decorate(handler: Handler) -> Handler:
        inner = _logged(handler) if log_invocation else handler
        measured = metrics.log_metrics(inner, capture_cold_start_metric=True)
        traced = _traced(measured, trace_modules)
        entry = logger.inject_lambda_context(
            traced, correlation_id_path=correlation_id_path, clear_state=True
        )
        return cast(Handler, entry)

    return decorate


def event_source_entry(
    correlation_id_path: str, trace_modules: Sequence[str] = TRACED_MODULES
) -> Callable[[Callable[[dict[str, Any], Any], Any]], Callable[[Any], Any]]:
    """`lambda_entry` for a Chalice event-source handler (`on_sqs_message`...), which
    Chalice calls with one event object: the handler gets what Lambda passed, the raw
    event (`to_dict()`) and the Lambda context."""

    def decorate(handler: Callable[[dict[str, Any], Any], Any]) -> Callable[[Any], Any]:
        entry = lambda_entry(correlation_id_path, trace_modules)(handler)

        @functools.wraps(handler)
        def call(event: Any) -> Any:
            return entry(event.to_dict(), event.context)

        return call

    return decorate
