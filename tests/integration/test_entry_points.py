"""Every Lambda entry point (the API, the workflow steps, the upload sanitizer, the job
runner) logs with the Lambda context (function_name, function_request_id, cold_start)
and a correlation id, and flushes its metrics as EMF."""

from __future__ import annotations

import io
import json
import logging

import boto3
import pytest
from aws_lambda_powertools.logging import logger as powertools_logger
from aws_lambda_powertools.metrics.provider import cold_start

import app as entry_points
from chalicelib.config import get_settings
from chalicelib.domain.step_errors import GenerationCanceled, TaskNotVisible
from chalicelib.observability import logger
from tests.support.lambda_context import FakeLambdaContext


@pytest.fixture
def log_lines():
    """The app logger's JSON lines written during the test, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logger.registered_formatter)
    logger._logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    logger._logger.removeHandler(handler)


@pytest.fixture
def emf(monkeypatch, capsys):
    """Metrics on, and a fresh cold start: the EMF documents printed during the test."""
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "false")
    monkeypatch.setattr(cold_start, "is_cold_start", True)
    monkeypatch.setattr(powertools_logger, "is_cold_start", True)

    def documents():
        out = capsys.readouterr().out
        return [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]

    return documents


def metric_names(documents):
    return {
        metric["Name"]
        for document in documents
        for directive in document["_aws"]["CloudWatchMetrics"]
        for metric in directive["Metrics"]
    }


def assert_context(line, context, correlation_id, cold):
    assert line["function_name"] == context.function_name
    assert line["function_request_id"] == context.aws_request_id
    assert line["function_arn"] == context.invoked_function_arn
    assert line["cold_start"] is cold
    assert line["correlation_id"] == correlation_id


def test_the_api_logs_its_lambda_context_and_the_gateway_request_id(services, log_lines, emf):
    context = FakeLambdaContext(function_name="gpt-image-2-dev-APIHandler")
    event = {
        "resource": "/v1/health",
        "path": "/v1/health",
        "httpMethod": "GET",
        "headers": {"accept": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/v1/health",
            "httpMethod": "GET",
            "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            "identity": {"sourceIp": "203.0.113.9"},
        },
        "body": None,
        "isBase64Encoded": False,
    }
    response = entry_points.app(event, context)
    assert response["statusCode"] == 200
    assert response["headers"]["X-Request-Id"] == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    [line] = [line for line in log_lines() if line["message"] == "request"]
    assert_context(line, context, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", cold=True)
    documents = emf()
    assert {"Requests", "ColdStart"} <= metric_names(documents)
    assert all(d["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "GptImage2" for d in documents)


@pytest.mark.parametrize(
    ("handler", "fails"),
    [
        ("generation_moderate", TaskNotVisible),
        ("generation_generate", GenerationCanceled),
        ("generation_finalize", None),
        ("generation_release", None),
    ],
)
def test_a_workflow_step_correlates_by_generation_id(services, log_lines, emf, handler, fails):
    context = FakeLambdaContext(function_name=f"gpt-image-2-dev-{handler}")
    step = getattr(entry_points, handler)
    if fails:  # no such task: the step raises (for the ASL's Retry), and still logs
        with pytest.raises(fails):
            step({"generation_id": "gen_entrypoint_test"}, context)
    else:
        step({"generation_id": "gen_entrypoint_test"}, context)
    [line] = [line for line in log_lines() if line["message"] == "invocation"]
    assert_context(line, context, "gen_entrypoint_test", cold=True)
    assert line["handler"] == handler
    assert line.get("error") == (fails.__name__ if fails else None)
    if not fails:  # Powertools counts a cold start once the handler has returned
        [cold] = [d for d in emf() if "ColdStart" in d]
        assert cold["function_name"] == context.function_name
        assert cold["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "GptImage2"


def test_the_job_runner_correlates_by_eventbridge_event_id(services, log_lines, emf):
    context = FakeLambdaContext(function_name="gpt-image-2-dev-run_job")
    report = entry_points.run_job(
        {"job": "generation_reaper", "id": "7bf73129-1428-4cd3-a780-95db273d1602"}, context
    )
    assert isinstance(report, dict)
    [line] = [line for line in log_lines() if line["message"] == "invocation"]
    assert_context(line, context, "7bf73129-1428-4cd3-a780-95db273d1602", cold=True)
    assert "ColdStart" in metric_names(emf())


def test_a_warm_invocation_is_not_a_cold_start(services, log_lines, emf):
    context = FakeLambdaContext(function_name="gpt-image-2-dev-run_job")
    for event_id in ("first", "second"):
        entry_points.run_job({"job": "generation_reaper", "id": event_id}, context)
    first, second = [line for line in log_lines() if line["message"] == "invocation"]
    assert (first["cold_start"], second["cold_start"]) == (True, False)
    assert (first["correlation_id"], second["correlation_id"]) == ("first", "second")


def s3_event(key: str) -> str:
    return json.dumps(
        {"Records": [{"eventName": "ObjectCreated:Post", "s3": {"object": {"key": key}}}]}
    )


def sqs_event(bodies: dict[str, str]) -> dict:
    return {
        "Records": [
            {
                "messageId": message_id,
                "receiptHandle": f"handle-{message_id}",
                "body": body,
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:uploads",
                "awsRegion": "us-east-1",
            }
            for message_id, body in bodies.items()
        ]
    }


def test_the_sanitizer_reports_only_the_failing_record(api, log_lines, emf):
    from tests.support import images

    token = api.verified_user("batch@example.com")
    s3 = boto3.client("s3", region_name="us-east-1")
    keys = {}
    for name in ("one", "two"):
        data = images.png()
        created = api.post(
            "/v1/uploads",
            {"content_type": "image/png", "size": len(data), "purpose": "input"},
            token=token,
        ).json
        s3.put_object(Bucket=get_settings().bucket, Key=created["fields"]["key"], Body=data)
        keys[name] = (created["id"], created["fields"]["key"])
    event = sqs_event(
        {
            "msg-one": s3_event(keys["one"][1]),
            "msg-bad": "this is not an S3 notification",
            "msg-two": s3_event(keys["two"][1]),
        }
    )
    context = FakeLambdaContext(function_name="gpt-image-2-dev-sanitize_upload")
    response = entry_points.sanitize_upload(event, context)
    assert response == {"batchItemFailures": [{"itemIdentifier": "msg-bad"}]}
    for upload_id, _ in keys.values():
        assert api.get(f"/v1/uploads/{upload_id}", token=token).json["status"] == "ready"
    lines = log_lines()
    [failed] = [line for line in lines if line["message"] == "upload record failed"]
    assert failed["correlation_id"] == "msg-bad" and failed["error"] == "JSONDecodeError"
    [invocation] = [line for line in lines if line["message"] == "invocation"]
    assert invocation["function_name"] == context.function_name
    assert invocation["function_request_id"] == context.aws_request_id
    names = metric_names(emf())
    assert {"UploadsReady", "UploadRecordsFailed", "ColdStart"} <= names


def test_a_batch_where_every_record_fails_raises_so_all_are_retried(services):
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    event = sqs_event({"msg-a": "not json", "msg-b": "{"})
    with pytest.raises(BatchProcessingError):
        entry_points.sanitize_upload(event, FakeLambdaContext())
