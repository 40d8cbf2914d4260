"""Local delivery of webhook attempts: the local stack polls the webhook queue and calls
the same `deliver_webhook` handler AWS's SQS event source would, deleting what was
handled. SQS delays are honoured (moto keeps a delayed message invisible)."""

from __future__ import annotations

from typing import Any

from chalice.local import LambdaContext

from chalicelib.queues import WEBHOOKS

HANDLER = WEBHOOKS.consumer


def poll_webhooks(max_messages: int = 10) -> int:
    """Attempt what is waiting on the queue; returns the number of messages handled."""
    import boto3

    from app import app
    from chalicelib.config import get_settings

    settings = get_settings()
    sqs = boto3.client("sqs", region_name=settings.region)
    url = sqs.get_queue_url(QueueName=WEBHOOKS.name(settings.resource_prefix))["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=max_messages).get(
        "Messages", []
    )
    handled = 0
    for message in messages:
        event = {"Records": [_record(message, settings.region)]}
        response = app.handler_map[HANDLER](event, LambdaContext(HANDLER, 1024))
        if response.get("batchItemFailures"):
            continue  # left on the queue: received again, then the DLQ
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        handled += 1
    return handled


def _record(message: dict[str, Any], region: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {},
        "eventSource": "aws:sqs",
        "awsRegion": region,
    }
