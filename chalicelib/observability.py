"""Powertools Logger, Metrics and Tracer. Logs are JSON and carry ids, never emails,
prompts, tokens or full IPs. The Tracer (X-Ray SDK) is built on first use and only where
tracing is on (in Lambda), so the API's cold start does not import it."""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "gpt-image-2")

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "GptImage2"))


def tracing_enabled() -> bool:
    disabled = os.environ.get("POWERTOOLS_TRACE_DISABLED", "").lower() in ("1", "true")
    return bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) and not disabled


@cache
def get_tracer() -> Any:
    from aws_lambda_powertools import Tracer

    return Tracer(service=SERVICE, disabled=not tracing_enabled())
