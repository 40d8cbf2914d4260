"""Workflow runs on moto with the real ASL (local provider): state transitions and AWS
calls per generation for runs of 1, 4 and 10 expansions (one step, then two: a generate
and an edit of its output), next to a single generation's. Target: a run's transitions
per generation <= a single generation's + 2. Then the library list filter's DynamoDB
reads for a user with 10,000 generations (bench/library.py): proportional to the page,
not the history.

Run: .venv/bin/python bench/workflows.py"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workflow import CALLS, count_calls

ROOT = Path(__file__).resolve().parents[1]
STEP = {"id": "base", "kind": "generate", "prompt": "a {{thing}} at dawn"}
EDIT = {"id": "edit", "kind": "edit", "prompt": "warmer", "input": {"step": "base", "index": 0}}


def transitions(sfn: Any, execution: str) -> int:
    while sfn.describe_execution(executionArn=execution)["status"] == "RUNNING":
        time.sleep(0.05)
    events = sfn.get_execution_history(executionArn=execution, maxResults=1000)["events"]
    return sum(1 for e in events if e["type"].endswith("StateEntered"))


def measure(api: Any, sfn: Any, arn: str, token: str, steps: list[Any], expansions: int) -> Any:
    body = {"name": "bench", "variables": [{"name": "thing", "type": "text"}], "steps": steps}
    workflow = api.post("/v1/workflows", body, token=token).json["id"]
    matrix = {"thing": [f"thing {i}" for i in range(expansions)]}
    CALLS.clear()
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": matrix}, token=token).json
    entered = transitions(sfn, f"{arn}:{run['id']}")
    calls = sum(CALLS.values()) - CALLS["DescribeExecution"] - CALLS["GetExecutionHistory"]
    done = api.get(f"/v1/workflow-runs/{run['id']}", token=token).json
    assert done["status"] == "succeeded", done
    made = sum(len(s["generation_ids"]) for e in done["expansions"] for s in e["steps"])
    return made, entered, calls


def main() -> None:
    from moto import mock_aws

    count_calls()
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        import boto3

        from app import app
        from chalicelib.adapters.models.accounts import UserModel
        from chalicelib.config import get_settings
        from chalicelib.services import set_services
        from devstack import lambda_dispatch, moto_atomic, wiring
        from devstack.provision import provision_all
        from tests.support.api import ApiClient
        from tests.support.generations import grant

        settings = get_settings()
        wiring.install(app, settings)
        moto_atomic.install()
        lambda_dispatch.install(app, settings.resource_prefix)
        provision_all(settings, sorted(app.handler_map))
        set_services(wiring.local_services(settings))
        api = ApiClient()
        token = api.verified_user("bench@example.com")
        user_id = api.get("/v1/me", token=token).json["id"]
        UserModel.get(user_id).update(actions=[UserModel.plan.set("plan_studio")])
        grant(user_id, 100_000)
        sfn = boto3.client("stepfunctions", region_name=settings.region)
        arn = settings.state_machine_arn.replace(":stateMachine:", ":execution:")
        CALLS.clear()
        single = api.post("/v1/generations", {"prompt": "a bench"}, token=token).json["id"]
        single_transitions = transitions(sfn, f"{arn}:{single}")
        single_calls = (
            sum(CALLS.values()) - CALLS["DescribeExecution"] - CALLS["GetExecutionHistory"]
        )
        print(f"single generation: {single_transitions} transitions, {single_calls} AWS calls")
        target = single_transitions + 2
        print(f"{'run':<22}{'gens':>6}{'transitions':>13}{'per gen':>9}{'calls':>8}{'per gen':>9}")
        worst = 0.0
        for label, steps in (("1 step", [STEP]), ("generate + edit", [STEP, EDIT])):
            for expansions in (1, 4, 10):
                made, entered, calls = measure(api, sfn, arn, token, steps, expansions)
                worst = max(worst, entered / made)
                name = f"{label}, {expansions} exp."
                print(
                    f"{name:<22}{made:>6}{entered:>13}{entered / made:>9.2f}"
                    f"{calls:>8}{calls / made:>9.1f}"
                )
        print(
            f"worst transitions per generation: {worst:.2f} (target <= {target}: a single"
            f" generation's {single_transitions} + 2); ratio to a single generation"
            f" {worst / single_transitions:.2f}"
        )
    print()
    subprocess.run([sys.executable, str(ROOT / "bench" / "library.py")], check=True)


if __name__ == "__main__":
    main()
