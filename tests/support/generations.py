"""Helpers for upload and generation tests: upload through the presigned flow, wait
for a generation to end, and check that holds and the ledger reconcile."""

from __future__ import annotations

import time
from typing import Any

import boto3

from chalicelib.adapters.ledger_store import LedgerStore
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.models.generations import GenerationModel
from chalicelib.config import get_settings
from chalicelib.local.upload_events import poll_uploads

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
