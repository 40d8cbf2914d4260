"""The upload queue's consumer: S3 ObjectCreated(uploads/) notifications arrive through
SQS in batches, and Powertools' BatchProcessor judges each record on its own. A record
that fails is reported in `batchItemFailures` (the event source mapping has
`ReportBatchItemFailures`, `infra/stack.py`), so only it is retried, then dead-lettered;
the others are deleted from the queue. When every record fails the whole batch raises."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.domain.uploads import UploadService, sanitize_events
from chalicelib.observability import logger, metrics

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def sanitize_batch(event: dict[str, Any], context: Any, uploads: UploadService) -> dict[str, Any]:
    """The `sanitize_upload` Lambda: `{"batchItemFailures": [{"itemIdentifier": id}]}`."""
    # Here, not at module level: only the sanitizer pays for the batch utility's import.
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    def judge(record: SQSRecord) -> list[str]:
        logger.append_keys(correlation_id=record.message_id)
        try:
            verdicts = sanitize_events([record.body], uploads)
        except Exception as exc:
            logger.warning("upload record failed", extra={"error": type(exc).__name__})
            raise
        for verdict in verdicts:
            metrics.add_metric(name=f"Uploads{verdict.title()}", unit="Count", value=1)
        return verdicts

    response = process_partial_response(
        event=event,
        record_handler=judge,
        processor=BatchProcessor(event_type=EventType.SQS),
        context=context,
    )
    failed = len(response.get("batchItemFailures", []))
    if failed:
        metrics.add_metric(name="UploadRecordsFailed", unit="Count", value=failed)
    return dict(response)
