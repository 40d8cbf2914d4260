"""Every DynamoDB table, as its PynamoDB model: the one source of table definitions for
the local stack, infra and the data map's completeness test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chalicelib.adapters.models.accounts import (
    EmailLockModel,
    OneTimeTokenModel,
    SecurityEventModel,
    SessionModel,
    ThrottleModel,
    UserModel,
)
from chalicelib.adapters.models.api_keys import ApiKeyModel
from chalicelib.adapters.models.base import Model
from chalicelib.adapters.models.billing import (
    BillingAccountModel,
    InvoiceModel,
    PaymentRefModel,
    StripeEventModel,
)
from chalicelib.adapters.models.engagement import (
    ChildReportModel,
    ConsentRecordModel,
    SupportMessageModel,
    UsageEventModel,
)
from chalicelib.adapters.models.generations import GenerationModel, UploadModel
from chalicelib.adapters.models.idempotency import IdempotencyModel
from chalicelib.adapters.models.ledger import LedgerEntryModel
from chalicelib.adapters.models.library import LibraryModel, PromptWordModel
from chalicelib.adapters.models.privacy import (
    PrivacyAuditModel,
    PrivacyRequestModel,
    TombstoneModel,
)
from chalicelib.adapters.models.realtime import ConnectionModel
from chalicelib.adapters.models.webhooks import WebhookDeliveryModel, WebhookEndpointModel
from chalicelib.adapters.models.workflows import WorkflowModel, WorkflowRunModel

ALL_MODELS: dict[str, type[Model]] = {
    "users": UserModel,
    "emails": EmailLockModel,
    "sessions": SessionModel,
    "tokens": OneTimeTokenModel,
    "security_events": SecurityEventModel,
    "throttles": ThrottleModel,
    "api_keys": ApiKeyModel,
    "connections": ConnectionModel,
    "ledger": LedgerEntryModel,
    "idempotency": IdempotencyModel,
    "billing_accounts": BillingAccountModel,
    "stripe_events": StripeEventModel,
    "invoices": InvoiceModel,
    "payment_refs": PaymentRefModel,
    "generations": GenerationModel,
    "uploads": UploadModel,
    "library": LibraryModel,
    "prompt_words": PromptWordModel,
    "privacy_requests": PrivacyRequestModel,
    "privacy_audit": PrivacyAuditModel,
    "tombstones": TombstoneModel,
    "consent": ConsentRecordModel,
    "usage_events": UsageEventModel,
    "support_messages": SupportMessageModel,
    "child_reports": ChildReportModel,
    "workflows": WorkflowModel,
    "workflow_runs": WorkflowRunModel,
    "webhook_endpoints": WebhookEndpointModel,
    "webhook_deliveries": WebhookDeliveryModel,
}


def table_names() -> dict[str, str]:
    return {name: model.Meta.table_name for name, model in ALL_MODELS.items()}


def ttl_attribute(model: type[Model]) -> str | None:
    from pynamodb.attributes import TTLAttribute

    for name, attribute in model.get_attributes().items():
        if isinstance(attribute, TTLAttribute):
            return attribute.attr_name or name
    return None


def table_definition(model: type[Model]) -> dict[str, Any]:
    """Keys, attribute types and indexes in CreateTable's shape, from the model."""
    schema = model._get_schema()
    definition: dict[str, Any] = {
        "TableName": model.Meta.table_name,
        "AttributeDefinitions": schema["attribute_definitions"],
        "KeySchema": _hash_first(schema["key_schema"]),
        "BillingMode": "PAY_PER_REQUEST",
    }
    if schema.get("global_secondary_indexes"):
        definition["GlobalSecondaryIndexes"] = [
            _index(index) for index in schema["global_secondary_indexes"]
        ]
    if schema.get("local_secondary_indexes"):
        definition["LocalSecondaryIndexes"] = [
            _index(index) for index in schema["local_secondary_indexes"]
        ]
    return definition


def _hash_first(key_schema: Sequence[Any]) -> list[Any]:
    return sorted(key_schema, key=lambda k: k["KeyType"] != "HASH")


def _index(index: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "IndexName": index["index_name"],
        "KeySchema": _hash_first(index["key_schema"]),
        "Projection": index["projection"],
    }
