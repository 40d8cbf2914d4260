"""AWS API calls per submission and state transitions per successful generation, on
moto with the real ASL (local provider). Targets: submit <= 3 AWS calls including
auth; <= 8 state transitions per generation.

Run: .venv/bin/python bench/workflow.py"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.update(
    {
        "STAGE": "local",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    }
)
os.environ.pop("AWS_ENDPOINT_URL", None)

CALLS: Counter[str] = Counter()


def count_calls() -> None:
    from moto.core.botocore_stubber import BotocoreStubber

    original = BotocoreStubber.__call__

    def counted(self, event_name, request, **kwargs):  # type: ignore[no-untyped-def]
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        CALLS[target.rsplit(".", 1)[-1] or f"{request.method} {request.url.split('?')[0]}"] += 1
        return original(self, event_name, request, **kwargs)

    BotocoreStubber.__call__ = counted  # type: ignore[method-assign]


def main() -> None:
    from moto import mock_aws

    count_calls()
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        import boto3

        from app import app
        from chalicelib.config import get_settings
        from chalicelib.services import set_services
        from devstack import lambda_dispatch, moto_atomic, wiring
        from devstack.provision import provision_all
        from tests.support.api import ApiClient

        settings = get_settings()
        wiring.install(app, settings)
        moto_atomic.install()
        lambda_dispatch.install(app, settings.resource_prefix)
        provision_all(settings, sorted(app.handler_map))
        set_services(wiring.local_services(settings))
        api = ApiClient()
        token = api.verified_user("bench@example.com")
        api.get("/v1/me", token=token)  # warm the session path
        CALLS.clear()
        response = api.post("/v1/generations", {"prompt": "a bench"}, token=token)
        submit_calls = sum(CALLS.values())
        submit_detail = dict(CALLS)
        generation_id = response.json["id"]
        sfn = boto3.client("stepfunctions", region_name=settings.region)
        arn = settings.state_machine_arn.replace(":stateMachine:", ":execution:")
        execution = f"{arn}:{generation_id}"
        while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
            time.sleep(0.05)
        events = sfn.get_execution_history(executionArn=execution, maxResults=1000)["events"]
        transitions = sum(1 for e in events if e["type"].endswith("StateEntered"))
        status = api.get(f"/v1/generations/{generation_id}", token=token).json["status"]

    print(f"generation status: {status}")
    print(f"submit: {submit_calls} AWS calls (target <= 3): {submit_detail}")
    print(f"state transitions per generation: {transitions} (target <= 8)")
    print(f"history events: {len(events)}")


if __name__ == "__main__":
    main()
