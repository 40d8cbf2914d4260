"""The in-process Lambda seam. moto's Lambda needs Docker; its simple backend's `invoke`
is replaced so that an invocation (from Step Functions or any boto3 client) runs the
app's own registered handler (`app.handler_map`) in this process, with Lambda's error
contract: an exception becomes `x-amz-function-error` and `{errorType, errorMessage}`."""

from __future__ import annotations

import json
from typing import Any

from chalice.app import Chalice
from chalice.local import LambdaContext

from chalicelib.observability import logger


def _short_name(function_name: str, prefix: str) -> str:
    name = function_name.rsplit(":function:", 1)[-1].split(":")[0]
    return name.removeprefix(f"{prefix}-")


def dispatch(app: Chalice, prefix: str, function_name: str, body: Any) -> tuple[bytes, str | None]:
    """Run the handler; returns (payload, function error or None)."""
    short = _short_name(function_name, prefix)
    handler = app.handler_map.get(short)
    if handler is None:
        error = {"errorType": "ResourceNotFoundException", "errorMessage": short}
        return json.dumps(error).encode(), "Unhandled"
    raw = body.decode() if isinstance(body, bytes) else (body or "")
    event = json.loads(raw) if raw.strip() else {}
    context = LambdaContext(f"{prefix}-{short}", memory_size=1024, max_runtime_ms=900_000)
    try:
        result = handler(event, context)
    except Exception as exc:
        logger.warning("lambda failed", extra={"function": short, "error": type(exc).__name__})
        error = {"errorType": type(exc).__name__, "errorMessage": str(exc)[:1000]}
        return json.dumps(error).encode(), "Unhandled"
    return json.dumps(result, default=str).encode(), None


def install(app: Chalice, prefix: str) -> None:
    from moto.awslambda_simple.models import LambdaSimpleBackend
    from moto.core.config import default_user_config

    default_user_config["lambda"] = {"use_docker": False}

    def invoke(
        self: Any,
        function_name: str,
        qualifier: str | None,
        body: Any,
        headers: Any,
        response_headers: Any,
    ) -> bytes:
        payload, error = dispatch(app, prefix, function_name, body)
        if error:
            response_headers["x-amz-function-error"] = error
        return payload

    LambdaSimpleBackend.invoke = invoke  # type: ignore[method-assign]
