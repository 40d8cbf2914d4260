"""Helpers for upload and generation tests: upload through the presigned flow, wait
for a generation to end, check that holds and the ledger reconcile, hold the provider
call open, and run the workflow's steps by hand."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import boto3

from chalicelib.adapters.ledger_store import LedgerStore
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.config import get_settings
from devstack.upload_events import poll_uploads

TERMINAL = {"succeeded", "failed", "canceled", "blocked"}


def upload(api: Any, token: str, data: bytes, content_type: str, purpose: str = "input") -> dict:
    """Start an upload, send the bytes where the presigned POST points (moto does not
    enforce its policy, like a forged request), deliver the S3 event, read the result."""
    created = api.post(
        "/v1/uploads",
        {"content_type": content_type, "size": len(data), "purpose": purpose},
        token=token,
    )
    assert created.status == 201, created.json
    fields = created.json["fields"]
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=get_settings().bucket, Key=fields["key"], Body=data, ContentType=content_type
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        poll_uploads()
        got = api.get(f"/v1/uploads/{created.json['id']}", token=token).json
        if got["status"] != "pending":
            return got
        time.sleep(0.05)
    raise AssertionError("the upload was not judged")


def wait_done(api: Any, token: str, generation_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/v1/generations/{generation_id}", token=token).json
        if body["status"] in TERMINAL:
            return body
        time.sleep(0.05)
    raise AssertionError(f"generation still {body['status']}")


def wait_execution(generation_id: str, timeout: float = 30) -> str:
    sfn = boto3.client("stepfunctions", region_name="us-east-1")
    settings = get_settings()
    machine = settings.state_machine_arn.replace(":stateMachine:", ":execution:")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = sfn.describe_execution(executionArn=f"{machine}:{generation_id}")["status"]
        if status != "RUNNING":
            return str(status)
        time.sleep(0.05)
    raise AssertionError("execution still running")


def user_id_of(api: Any, token: str) -> str:
    return str(api.get("/v1/me", token=token).json["id"])


def assert_reconciled(user_id: str) -> UserModel:
    """The ledger sums to the balance, nothing is held, no task holds credits."""
    user = UserModel.get(user_id, consistent_read=True)
    entries = list(LedgerStore.entries(user_id))
    assert sum(int(e.credits) for e in entries) == int(user.credits_available)
    assert sum(int(e.held_delta) for e in entries) == int(user.credits_held) == 0
    assert int(user.active_generations) == 0
    pending = [t for t in GenerationModel.query(user_id) if t.cost_state == "held" or t.hold]
    assert pending == []
    assert int(user.credits_available) >= 0
    return user


class GatedProvider:
    """The local provider, held at the provider call until the test opens the gate: the
    test acts (cancel, delete, erase) while the generate step is in flight."""

    def __init__(self) -> None:
        from chalicelib.adapters.image_providers import LocalProvider

        self._inner = LocalProvider()
        self.entered = threading.Event()
        self.gate = threading.Event()

    def create(self, request: Any) -> Any:
        self.entered.set()
        if not self.gate.wait(60):
            raise TimeoutError("the test never opened the gate")
        return self._inner.create(request)

    def wait_entered(self) -> None:
        assert self.entered.wait(60), "the generate step never called the provider"


class ManualRunner:
    """A workflow runner that starts nothing (the test runs the steps with `run_steps`)
    and records stops."""

    def __init__(self) -> None:
        self.stopped: list[str] = []

    def start(self, name: str, payload: dict[str, Any]) -> str:
        return name

    def stop(self, name: str, cause: str) -> None:
        self.stopped.append(name)

    def status(self, name: str) -> str | None:
        return None if name in self.stopped else "RUNNING"


STATES = ("Moderate", "Generate", "Finalize")


def run_steps(
    event: dict[str, Any],
    services: Any,
    runner: ManualRunner,
    start: str = "Moderate",
    in_flight: bool = False,
) -> list[str]:
    """The states of generation.asl.json from `start`, in this thread: Moderate,
    Generate, Finalize, and Release when a step raises. Like StopExecution, a stop lets
    the step in flight finish (`in_flight`: the first one already was) and then no
    further state runs. Returns the states that ran."""
    from chalicelib.workflow import steps

    handlers = {"Moderate": steps.moderate, "Generate": steps.generate, "Finalize": steps.finalize}
    ran: list[str] = []
    name = event["generation_id"]
    try:
        for state in STATES[STATES.index(start) :]:
            if name in runner.stopped and not (in_flight and not ran):
                return ran
            ran.append(state)
            event = handlers[state](event, services)
    except Exception as exc:
        if name in runner.stopped:
            return ran
        cause = json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)})
        ran.append("Release")
        steps.release({**event, "error": {"Error": type(exc).__name__, "Cause": cause}}, services)
    return ran


def grant(user_id: str, credits: int, reference: str = "test:grant") -> None:
    """Credits for a test, through the ledger (so the ledger still sums to the balance)."""
    from datetime import UTC, datetime

    from chalicelib.domain import ledger

    LedgerStore().apply(user_id, [ledger.grant(credits, reference)], datetime.now(UTC))


def wait_run(api: Any, token: str, run_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/v1/workflow-runs/{run_id}", token=token).json
        if body["status"] not in ("queued", "running"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"run still {body['status']}")
