"""The SQS queues, defined once: infra deploys them (infra/storage.py), the local stack
provisions them, and the app's consumer (`@app.on_sqs_message` in app.py) takes its batch
size from here. S3 ObjectCreated on `uploads/` -> the upload queue (with its dead-letter
queue) -> `sanitize_upload`; webhook attempts -> the webhook queue -> `deliver_webhook`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

DAY = 86_400


@dataclass(frozen=True)
class QueueDefinition:
    suffix: str  # the queue is `<resource prefix>-<suffix>`, its DLQ `...-dlq`
    consumer: str  # the registered handler that consumes it (`app.handler_map`)
    consumer_timeout_seconds: int  # that handler's Lambda timeout
    batch_size: int  # records per invocation
    max_receive_count: int  # receives before a message moves to the DLQ
    retention_seconds: int
    dlq_retention_seconds: int

    @property
    def visibility_timeout_seconds(self) -> int:
        # Six times the consumer's timeout, as Lambda's SQS event source recommends.
        return 6 * self.consumer_timeout_seconds

    def name(self, resource_prefix: str) -> str:
        return f"{resource_prefix}-{self.suffix}"

    def dlq_name(self, resource_prefix: str) -> str:
        return f"{self.name(resource_prefix)}-dlq"

    def attributes(self, dlq_arn: str) -> dict[str, str]:
        """The queue's attributes in SQS CreateQueue's shape."""
        redrive: dict[str, Any] = {
            "deadLetterTargetArn": dlq_arn,
            "maxReceiveCount": self.max_receive_count,
        }
        return {
            "VisibilityTimeout": str(self.visibility_timeout_seconds),
            "MessageRetentionPeriod": str(self.retention_seconds),
            "RedrivePolicy": json.dumps(redrive),
        }

    def dlq_attributes(self) -> dict[str, str]:
        return {"MessageRetentionPeriod": str(self.dlq_retention_seconds)}


UPLOADS = QueueDefinition(
    suffix="uploads",
    consumer="sanitize_upload",
    consumer_timeout_seconds=300,
    batch_size=5,
    max_receive_count=5,
    retention_seconds=4 * DAY,
    dlq_retention_seconds=14 * DAY,
)

# Webhook deliveries: one message per attempt (`deliver_webhook` re-sends a failed one
# with its backoff delay), a record that raises is retried then dead-lettered.
WEBHOOKS = QueueDefinition(
    suffix="webhooks",
    consumer="deliver_webhook",
    consumer_timeout_seconds=120,  # a batch of 5, each call at most 10 s
    batch_size=5,
    max_receive_count=5,
    retention_seconds=4 * DAY,
    dlq_retention_seconds=14 * DAY,
)

ALL_QUEUES = (UPLOADS, WEBHOOKS)
