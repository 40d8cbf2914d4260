"""What each Lambda function really calls, recorded under moto (which enforces no IAM).

Every AWS call goes through botocore's `BaseClient._make_api_call` (PynamoDB's included)
and every presigned URL through `botocore.signers`; both are wrapped while recording.
A call is attributed to the function whose handler is running in that thread: the API
handler while `ApiClient.request` runs (`/v1/dev/*` excepted: it answers 404 outside the
local stage), and each registered handler of `app.handler_map` (the workflow steps the
in-process Lambda seam dispatches, the upload sanitizer the local queue poller calls,
the job runner) while it runs. Lambda invocations are the state machine's.

A recorded call is (function, IAM action, resource), the resource in stage-independent
terms (see `Resource`); tests/infra renders it into each stage's ARNs."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import botocore.client
import botocore.signers

from chalicelib.adapters.models.registry import ALL_MODELS

STATE_MACHINE = "state_machine"

# ("table", model name, index or None) | ("object", key) | ("bucket", listed prefix)
# | ("identity", SES identity) | ("state_machine",) | ("execution", name)
# | ("secret", secret id) | ("queue", queue url or name) | ("function", function name)
# | ("connection", WebSocket connection id)
Resource = tuple[str | None, ...]
Call = tuple[str, str, Resource]  # (function, IAM action, resource)

# Items of TransactWriteItems / TransactGetItems -> the IAM action each needs.
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}
# S3 operations -> the IAM action each needs (on the object, or "bucket" ones on the bucket).
S3_OBJECT_ACTIONS = {
    "PutObject": "PutObject",
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "AbortMultipartUpload": "AbortMultipartUpload",
    "GetObject": "GetObject",
    "HeadObject": "GetObject",
    "GetObjectTagging": "GetObjectTagging",
    "PutObjectTagging": "PutObjectTagging",
    "DeleteObject": "DeleteObject",
}
S3_BUCKET_ACTIONS = {"ListObjectVersions": "ListBucketVersions", "ListObjectsV2": "ListBucket"}
VERSIONED = {
    "s3:GetObject": "s3:GetObjectVersion",
    "s3:GetObjectTagging": "s3:GetObjectVersionTagging",
    "s3:DeleteObject": "s3:DeleteObjectVersion",
    "s3:PutObjectTagging": "s3:PutObjectVersionTagging",
}


def _table(physical: str) -> str:
    names = {model.Meta.table_name: name for name, model in ALL_MODELS.items()}
    return names[physical]


def _object(action: str, params: dict[str, Any]) -> tuple[str, Resource]:
    if params.get("VersionId"):
        action = VERSIONED.get(action, action)
    return action, ("object", params["Key"])


def iam_calls(service: str, operation: str, params: dict[str, Any]) -> list[tuple[str, Resource]]:
    """(IAM action, resource) each that one API call needs."""
    if service == "dynamodb":
        if operation in ("TransactWriteItems", "TransactGetItems"):
            found: list[tuple[str, Resource]] = []
            for item in params["TransactItems"]:
                ((kind, inner),) = item.items()
                found.append(
                    (
                        f"dynamodb:{TRANSACT_ACTIONS[kind]}",
                        ("table", _table(inner["TableName"]), None),
                    )
                )
            return found
        if operation in ("BatchWriteItem", "BatchGetItem"):
            return [
                (f"dynamodb:{operation}", ("table", _table(table), None))
                for table in params["RequestItems"]
            ]
        table = ("table", _table(params["TableName"]), params.get("IndexName"))
        return [(f"dynamodb:{operation}", table)]
    if service == "s3":
        if operation in S3_OBJECT_ACTIONS:
            found = [_object(f"s3:{S3_OBJECT_ACTIONS[operation]}", params)]
            if operation == "PutObject" and params.get("Tagging"):
                found.append(("s3:PutObjectTagging", ("object", params["Key"])))
            return found
        if operation == "CopyObject":  # reads the source, writes (and tags) the copy
            source = params["CopySource"]
            found = [("s3:GetObject", ("object", source["Key"]))]
            found.append(("s3:PutObject", ("object", params["Key"])))
            if params.get("Tagging"):
                found.append(("s3:PutObjectTagging", ("object", params["Key"])))
            return found
        if operation == "DeleteObjects":
            return [_object("s3:DeleteObject", o) for o in params["Delete"]["Objects"]]
        if operation in S3_BUCKET_ACTIONS:
            return [(f"s3:{S3_BUCKET_ACTIONS[operation]}", ("bucket", params.get("Prefix", "")))]
        return [(f"s3:{operation}", ("bucket", None))]  # anything else: bucket-level, unknown
    if service == "ses":
        return [(f"ses:{operation}", ("identity", params.get("Source")))]
    if service == "stepfunctions":
        if "stateMachineArn" in params:
            return [(f"states:{operation}", ("state_machine",))]
        execution = str(params.get("executionArn", ""))
        return [(f"states:{operation}", ("execution", execution.rsplit(":", 1)[-1]))]
    if service == "secretsmanager":
        return [(f"secretsmanager:{operation}", ("secret", params.get("SecretId")))]
    if service == "ssm":
        return [(f"ssm:{operation}", ("parameter", params.get("Name")))]
    if service == "sqs":
        return [(f"sqs:{operation}", ("queue", params.get("QueueUrl") or params.get("QueueName")))]
    if service == "apigatewaymanagementapi":  # PostToConnection and the rest
        return [("execute-api:ManageConnections", ("connection", params.get("ConnectionId")))]
    if service == "lambda":
        action = "lambda:InvokeFunction" if operation == "Invoke" else f"lambda:{operation}"
        name = str(params.get("FunctionName", "")).rsplit(":function:", 1)[-1]
        return [(action, ("function", name))]
    return [(f"{service}:{operation}", ("unknown",))]


class Recorder:
    def __init__(self) -> None:
        self.calls: set[Call] = set()
        self._local = threading.local()

    def _stack(self) -> list[str]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return list(self._local.stack)

    def current(self) -> str | None:
        stack = self._stack()
        return stack[-1] if stack else None

    @contextlib.contextmanager
    def running(self, function: str) -> Iterator[None]:
        self._local.stack = [*self._stack(), function]
        try:
            yield
        finally:
            self._local.stack = self._stack()[:-1]

    def record(self, service: str, operation: str, params: dict[str, Any]) -> None:
        stack = self._stack()
        function = STATE_MACHINE if service == "lambda" else (stack[-1] if stack else None)
        if function is None:
            return  # the test itself (seeding, reading), or moto/the local stack
        for action, resource in iam_calls(service, operation, params):
            self.calls.add((function, action, resource))

    def by_function(self) -> dict[str, set[tuple[str, Resource]]]:
        found: dict[str, set[tuple[str, Resource]]] = {}
        for function, action, resource in self.calls:
            found.setdefault(function, set()).add((action, resource))
        return found


@contextlib.contextmanager
def recording(app: Any, recorder: Recorder | None = None) -> Iterator[Recorder]:
    """Record every attributed call until the block ends (patches undone after)."""
    from tests.support.api import ApiClient

    recorder = recorder or Recorder()
    patch = pytest_monkeypatch()
    original_call = botocore.client.BaseClient._make_api_call

    def make_api_call(self: Any, operation: str, params: dict[str, Any]) -> Any:
        recorder.record(self.meta.service_model.service_name, operation, params)
        return original_call(self, operation, params)

    original_url = botocore.signers.generate_presigned_url
    original_post = botocore.signers.generate_presigned_post

    def presigned_url(self: Any, ClientMethod: str, Params: Any = None, **kw: Any) -> Any:
        operation = self.meta.method_to_api_mapping.get(ClientMethod, ClientMethod)
        recorder.record(self.meta.service_model.service_name, operation, dict(Params or {}))
        return original_url(self, ClientMethod, Params=Params, **kw)

    def presigned_post(self: Any, Bucket: str, Key: str, Fields: Any = None, **kw: Any) -> Any:
        params = {"Bucket": Bucket, "Key": Key}
        if Fields and ("tagging" in Fields or "Tagging" in Fields):
            params["Tagging"] = "yes"
        recorder.record("s3", "PutObject", params)
        return original_post(self, Bucket, Key, Fields=Fields, **kw)

    original_request = ApiClient.request

    def request(self: Any, method: str, path: str, *args: Any, **kw: Any) -> Any:
        if path.startswith("/v1/dev/"):
            return original_request(self, method, path, *args, **kw)
        with recorder.running("api_handler"):
            return original_request(self, method, path, *args, **kw)

    def wrap(name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kw: Any) -> Any:
            with recorder.running(name):
                return handler(*args, **kw)

        return run

    patch.setattr(botocore.client.BaseClient, "_make_api_call", make_api_call)
    patch.setattr(botocore.signers, "generate_presigned_url", presigned_url)
    patch.setattr(botocore.signers, "generate_presigned_post", presigned_post)
    patch.setattr(ApiClient, "request", request)
    for name in lambda_functions(app):
        patch.setitem(app.handler_map, name, wrap(name, app.handler_map[name]))
    try:
        yield recorder
    finally:
        patch.undo()


def lambda_functions(app: Any) -> list[str]:
    """The registered handlers that are Lambda functions of their own (not routes)."""
    views = {entry.view_name for methods in app.routes.values() for entry in methods.values()}
    return sorted(name for name in app.handler_map if name not in views)


def pytest_monkeypatch() -> Any:
    import pytest

    return pytest.MonkeyPatch()
