"""Cold start, two ways, each the median of several fresh interpreters:

1. `import app` (the API's module) next to `import boto3` alone: ratio, target <= 1.4;
   and which heavy SDKs the API import pulled in (openai, stripe, PIL: none may be).
2. A fresh interpreter importing `app` and answering one authenticated `GET /v1/me`
   (an API Gateway event through the Lambda entry point, against a moto server), next to
   a fresh interpreter importing boto3 and doing by hand the DynamoDB read that request
   needs (TransactGetItems of the session and its user): ratio, target <= 1.5.

The probes take turns (one of each per round), so a shared machine's load weighs on both
sides of a ratio alike.

Run: .venv/bin/python bench/cold_start.py"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", "9"))
IMPORT_TARGET = 1.4
REQUEST_TARGET = 1.5
PROBE = """
import json, sys, time
start = time.perf_counter()
import {module}
elapsed = time.perf_counter() - start
heavy = sorted(m for m in ("openai", "stripe", "PIL") if m in sys.modules)
print(json.dumps({{"seconds": elapsed, "heavy": heavy}}))
"""
API_PROBE = """
import json, sys, time
start = time.perf_counter()
import app

class Context:
    function_name = "gpt-image-2-local-APIHandler"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:api"
    aws_request_id = "bench-request"

event = {{
    "resource": "/v1/me", "path": "/v1/me", "httpMethod": "GET",
    "headers": {{"authorization": "Bearer {token}", "accept": "application/json"}},
    "multiValueHeaders": {{}}, "queryStringParameters": None,
    "multiValueQueryStringParameters": None, "pathParameters": None,
    "stageVariables": None, "body": None, "isBase64Encoded": False,
    "requestContext": {{"resourcePath": "/v1/me", "httpMethod": "GET",
                        "requestId": "bench", "identity": {{"sourceIp": "203.0.113.9"}}}},
}}
response = app.app(event, Context())
elapsed = time.perf_counter() - start
assert response["statusCode"] == 200, response
heavy = sorted(m for m in ("openai", "stripe", "PIL") if m in sys.modules)
print(json.dumps({{"seconds": elapsed, "heavy": heavy}}))
"""
BOTO3_PROBE = """
import json, time
start = time.perf_counter()
import boto3
client = boto3.client("dynamodb", region_name="us-east-1")
items = client.transact_get_items(TransactItems=[
    {{"Get": {{"TableName": "{sessions}", "Key": {{"token_hash": {{"S": "{token_hash}"}}}}}}}},
    {{"Get": {{"TableName": "{users}", "Key": {{"user_id": {{"S": "{user_id}"}}}}}}}},
])["Responses"]
elapsed = time.perf_counter() - start
assert all("Item" in item for item in items), items
print(json.dumps({{"seconds": elapsed, "heavy": []}}))
"""


Probe = tuple[str, dict[str, str]]  # the code a fresh interpreter runs, its environment


def once(code: str, env: dict[str, str]) -> tuple[float, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), list(result["heavy"])


def interleaved(*probes: Probe) -> list[tuple[float, list[str]]]:
    """Each probe's median over RUNS fresh interpreters, the probes taking turns (one of
    each per round), so that a shared machine's load weighs on all of them alike."""
    samples: list[list[float]] = [[] for _ in probes]
    heavy: list[list[str]] = [[] for _ in probes]
    for _ in range(RUNS):
        for i, (code, env) in enumerate(probes):
            seconds, heavy[i] = once(code, env)
            samples[i].append(seconds)
    return [(statistics.median(s), h) for s, h in zip(samples, heavy, strict=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def local_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "STAGE": "local",
        "PYTHONDONTWRITEBYTECODE": "0",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
        **extra,
    }


def request_figures() -> tuple[float, float, float, list[str]]:
    """Both probes against one moto server holding one signed-up user."""
    port = free_port()
    env = local_env(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", MOTO_PORT=str(port))
    os.environ.update(env)
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        from app import app
        from chalicelib.config import get_settings
        from chalicelib.services import Services, set_services
        from devstack.provision import provision_all
        from tests.support.api import ApiClient

        settings = get_settings()
        provision_all(settings, sorted(app.handler_map))
        set_services(Services(settings))
        token = ApiClient().signup("bench@example.com").json["token"]
        # As in Lambda with active tracing: the Tracer is built and botocore patched on
        # the first request (the X-Ray SDK sends its segments over UDP to no daemon).
        in_lambda = {
            **env,
            "AWS_LAMBDA_FUNCTION_NAME": "gpt-image-2-local-APIHandler",
            "LAMBDA_TASK_ROOT": str(ROOT),
            "_X_AMZN_TRACE_ID": (
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
            ),
        }
        by_hand = BOTO3_PROBE.format(
            sessions=settings.table_name("sessions"),
            users=settings.table_name("users"),
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            user_id=token.split(".", 1)[0],
        )
        probe = API_PROBE.format(token=token)
        (api_s, heavy), (traced_s, _), (boto3_s, _) = interleaved(
            (probe, env), (probe, in_lambda), (by_hand, env)
        )
    finally:
        server.stop()
    return api_s, traced_s, boto3_s, heavy


def main() -> None:
    env = local_env()
    env.pop("AWS_ENDPOINT_URL", None)
    (boto3_s, _), (app_s, heavy) = interleaved(
        (PROBE.format(module="boto3"), env), (PROBE.format(module="app"), env)
    )
    ratio = app_s / boto3_s
    print(f"import boto3 (median of {RUNS}): {boto3_s * 1000:.1f} ms")
    print(f"import app   (median of {RUNS}): {app_s * 1000:.1f} ms")
    print(f"ratio app/boto3: {ratio:.2f} (target <= {IMPORT_TARGET})")
    print(f"heavy SDKs imported by app: {', '.join(heavy) if heavy else 'none'}")
    api_s, traced_s, read_s, request_heavy = request_figures()
    request_ratio = api_s / read_s
    print(f"import app + GET /v1/me (median of {RUNS}): {api_s * 1000:.1f} ms")
    print(f"import boto3 + the same DynamoDB read (median of {RUNS}): {read_s * 1000:.1f} ms")
    print(f"ratio first request/boto3 read: {request_ratio:.2f} (target <= {REQUEST_TARGET})")
    print(
        f"the same with X-Ray tracing on, as in Lambda: {traced_s * 1000:.1f} ms, "
        f"ratio {traced_s / read_s:.2f}"
    )
    print(f"heavy SDKs after GET /v1/me: {', '.join(request_heavy) if request_heavy else 'none'}")
    if heavy or request_heavy:
        sys.exit(1)


if __name__ == "__main__":
    main()
