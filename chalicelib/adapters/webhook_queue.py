"""The webhook delivery queue: the domain's messages go to SQS (with a delay for the
next attempt, at most SQS's 15 minutes a hop), and `deliver_batch` is the
`deliver_webhook` Lambda, judging each record on its own (partial batch failures, like
the upload queue's consumer)."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

from chalicelib.domain.json_types import JSONObject
from chalicelib.domain.webhook_rules import MAX_DELAY_SECONDS
from chalicelib.observability import logger, metrics

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

    from chalicelib.domain.webhook_delivery import WebhookDeliverer


class SqsWebhookQueue:
    def __init__(self, queue_url: str, queue_name: str, region: str) -> None:
        self._url = queue_url
        self._name = queue_name
        self._region = region

    @cached_property
    def _client(self) -> Any:
        import boto3

        return boto3.client("sqs", region_name=self._region)

    @cached_property
    def url(self) -> str:
        return self._url or str(self._client.get_queue_url(QueueName=self._name)["QueueUrl"])

    def send(self, message: JSONObject, delay_seconds: int) -> None:
        self._client.send_message(
            QueueUrl=self.url,
            MessageBody=json.dumps(message),
            DelaySeconds=max(0, min(int(delay_seconds), MAX_DELAY_SECONDS)),
        )


def deliver_batch(
    event: dict[str, Any], context: Any, deliverer: WebhookDeliverer
) -> dict[str, Any]:
    """The `deliver_webhook` Lambda: `{"batchItemFailures": [{"itemIdentifier": id}]}`."""
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    def judge(record: SQSRecord) -> str:
        logger.append_keys(correlation_id=record.message_id)
        try:
            outcome = deliverer.deliver(json.loads(record.body))
        except Exception as exc:
            logger.warning("webhook record failed", extra={"error": type(exc).__name__})
            raise
        metrics.add_metric(name=f"Webhook{outcome.title()}", unit="Count", value=1)
        return outcome

    response = process_partial_response(
        event=event,
        record_handler=judge,
        processor=BatchProcessor(event_type=EventType.SQS),
        context=context,
    )
    return dict(response)
