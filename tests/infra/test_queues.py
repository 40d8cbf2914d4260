"""The upload queue and the webhook queue with their DLQs: infra deploys and the local
stack provisions the same queues, both from `chalicelib.queues`; the sanitizer consumes
the queue the bucket notifies and `deliver_webhook` the webhook queue, each in batches of
the defined size and with its timeout."""

from __future__ import annotations

import json
from typing import Any

import boto3
from moto import mock_aws

from chalicelib.config import get_settings
from tests.infra.conftest import resources

SQS_DEFAULT_RETENTION = 345_600  # seconds, what SQS applies when none is given


def _queue_settings(queue: dict[str, Any], dlq: dict[str, Any], batch_size: int) -> dict:
    return {
        "visibility_timeout": int(queue["VisibilityTimeout"]),
        "retention": int(queue.get("MessageRetentionPeriod", SQS_DEFAULT_RETENTION)),
        "max_receive_count": int(queue["RedrivePolicy"]["maxReceiveCount"]),
        "dlq_retention": int(dlq.get("MessageRetentionPeriod", SQS_DEFAULT_RETENTION)),
        "batch_size": batch_size,
    }


def deployed(template: dict[str, Any]) -> tuple[dict, str, int, str]:
    """The settings of the queue the media bucket notifies, the id of the queue the
    sanitizer consumes, the sanitizer's timeout and the notified queue's id."""
    (notifications,) = resources(template, "Custom::S3BucketNotifications").values()
    (config,) = notifications["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    queue_id = config["QueueArn"]["Fn::GetAtt"][0]
    queue = template["Resources"][queue_id]["Properties"]
    dlq_id = queue["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    sanitizer = template["Resources"]["SanitizeUpload"]["Properties"]
    (event,) = [e for e in sanitizer["Events"].values() if e["Type"] == "SQS"]
    found = _queue_settings(
        queue, template["Resources"][dlq_id]["Properties"], event["Properties"]["BatchSize"]
    )
    return found, event["Properties"]["Queue"]["Fn::GetAtt"][0], sanitizer["Timeout"], queue_id


def provisioned_locally() -> dict:
    from app import app
    from devstack.provision import provision_bucket, provision_upload_events

    settings = get_settings()
    with mock_aws():
        provision_bucket(settings)
        url = provision_upload_events(settings)
        sqs = boto3.client("sqs", region_name=settings.region)
        queue = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        queue["RedrivePolicy"] = json.loads(queue["RedrivePolicy"])
        dlq_name = queue["RedrivePolicy"]["deadLetterTargetArn"].rsplit(":", 1)[-1]
        dlq_url = sqs.get_queue_url(QueueName=dlq_name)["QueueUrl"]
        dlq = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["All"])["Attributes"]
    (source,) = [s for s in app.event_sources if getattr(s, "name", None) == "sanitize_upload"]
    return _queue_settings(queue, dlq, source.batch_size)


def test_infra_and_the_local_stack_define_the_upload_queue_alike(template):
    infra, _, _, _ = deployed(template)
    assert infra == provisioned_locally()


def test_the_values_are_the_one_definition_and_the_sanitizer_consumes_that_queue(template):
    from chalicelib.queues import UPLOADS

    infra, consumed, timeout, notified = deployed(template)
    assert infra == {
        "visibility_timeout": UPLOADS.visibility_timeout_seconds,
        "retention": UPLOADS.retention_seconds,
        "max_receive_count": UPLOADS.max_receive_count,
        "dlq_retention": UPLOADS.dlq_retention_seconds,
        "batch_size": UPLOADS.batch_size,
    }
    assert consumed == notified
    assert timeout == UPLOADS.consumer_timeout_seconds
    assert infra["visibility_timeout"] >= 6 * timeout
    # The upload and webhook queues and their DLQs (plus the job delivery DLQ): no stray.
    assert len(resources(template, "AWS::SQS::Queue")) == 5


def test_the_consumer_is_the_registered_sanitizer():
    from app import app
    from chalicelib.queues import UPLOADS

    assert UPLOADS.consumer == "sanitize_upload" and UPLOADS.consumer in app.handler_map


def test_the_webhook_queue_is_its_definition_deployed_and_provisioned(template):
    from app import app
    from chalicelib.queues import WEBHOOKS
    from devstack.provision import provision_queue

    prefix = get_settings().resource_prefix
    found = template["Resources"]
    queues = resources(template, "AWS::SQS::Queue")
    [(queue_id, queue)] = [
        (k, q)
        for k, q in queues.items()
        if str(q["Properties"].get("QueueName", "")).endswith(f"-{WEBHOOKS.suffix}")
    ]
    dlq_id = queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    consumer = template["Resources"]["DeliverWebhook"]["Properties"]
    (event,) = [e for e in consumer["Events"].values() if e["Type"] == "SQS"]
    assert event["Properties"]["Queue"]["Fn::GetAtt"][0] == queue_id
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert consumer["Timeout"] == WEBHOOKS.consumer_timeout_seconds
    infra = _queue_settings(
        queue["Properties"],
        found[dlq_id]["Properties"],
        event["Properties"]["BatchSize"],
    )
    settings = get_settings()
    with mock_aws():
        url, _ = provision_queue(settings, WEBHOOKS)
        sqs = boto3.client("sqs", region_name=settings.region)
        local = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        local["RedrivePolicy"] = json.loads(local["RedrivePolicy"])
        dlq_url = sqs.get_queue_url(QueueName=WEBHOOKS.dlq_name(prefix))["QueueUrl"]
        dlq = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["All"])["Attributes"]
    (source,) = [s for s in app.event_sources if getattr(s, "name", None) == WEBHOOKS.consumer]
    assert infra == _queue_settings(local, dlq, source.batch_size)
    assert infra == {
        "visibility_timeout": WEBHOOKS.visibility_timeout_seconds,
        "retention": WEBHOOKS.retention_seconds,
        "max_receive_count": WEBHOOKS.max_receive_count,
        "dlq_retention": WEBHOOKS.dlq_retention_seconds,
        "batch_size": WEBHOOKS.batch_size,
    }
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    assert any(
        a["Properties"]["Dimensions"][0]["Value"] == {"Fn::GetAtt": [dlq_id, "QueueName"]}
        for a in alarms.values()
        if a["Properties"].get("Dimensions")
    )
