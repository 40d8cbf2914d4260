"""Local delivery of upload events: moto's S3 -> Lambda notifications need Docker, but
S3 -> SQS works, so the local stack polls the upload queue and calls the same
`sanitize_upload` handler AWS's SQS event source would, deleting what succeeded."""

from __future__ import annotations

from typing import Any

from chalice.local import LambdaContext

from chalicelib.queues import UPLOADS

HANDLER = UPLOADS.consumer


def poll_uploads(max_messages: int = 10) -> int:
    """Deliver what is waiting on the queue; returns the number of messages handled."""
    import boto3

    from app import app
    from chalicelib.config import get_settings

    settings = get_settings()
    sqs = boto3.client("sqs", region_name=settings.region)
    url = sqs.get_queue_url(QueueName=settings.upload_queue_name)["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=max_messages).get(
        "Messages", []
    )
    handled = 0
    for message in messages:
        event = {"Records": [_record(message, settings.region)]}
        try:
            app.handler_map[HANDLER](event, LambdaContext(HANDLER, 1024))
        except Exception as exc:  # left on the queue: retried, then the DLQ
            from chalicelib.observability import logger

            logger.warning("upload event failed", extra={"error": type(exc).__name__})
            continue
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
