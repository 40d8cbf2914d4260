"""Least privilege per function, declared in one table: `NEEDS`, keyed by the function's
registered name, says which DynamoDB actions each function needs per table and per
index, which S3 actions per key prefix (`chalicelib.domain.s3_keys`) and listings, SES,
Step Functions and the secrets it reads. `infra.permissions.grant` turns an entry into
IAM statements; nothing else is granted but what running any function needs
(`PLATFORM_REASONS`).

tests/infra/test_least_privilege.py records what every function calls under moto and
proves both directions against the synthesized template: every call is allowed, every
grant is used (or listed in `Needs.unobserved` with the reason no flow shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain.s3_keys import EXPORTS, GENERATIONS, INPUTS, UPLOADS
from infra.functions import API_HANDLER

Actions = tuple[str, ...]
# DynamoDB actions (without the "dynamodb:" prefix) by table, or by "table/index/name".
Tables = dict[str, Actions]
# S3 object actions (without "s3:") on every key under a prefix of s3_keys.
Objects = dict[str, Actions]


@dataclass(frozen=True)
class Unobserved:
    """A grant no recorded flow exercises, kept for the reason given."""

    sid: str  # the statement's Sid
    prefix: str  # an s3_keys prefix
    actions: Actions  # S3 object actions on it
    reason: str


@dataclass(frozen=True)
class Needs:
    tables: Tables = field(default_factory=dict)
    objects: Objects = field(default_factory=dict)
    # ListBucket / ListBucketVersions, allowed only for listings under these prefixes.
    listing: dict[str, Actions] = field(default_factory=dict)
    email: bool = False
    start_workflow: bool = False  # states:StartExecution on the generation state machine
    executions: Actions = ()  # states actions on its executions
    secrets: tuple[str, ...] = ()  # settings variables (OPENAI_API_KEY...) read
    send_webhooks: bool = False  # sqs:SendMessage on the webhook queue (an attempt)
    push: bool = False  # execute-api:ManageConnections: live messages to the WebSocket API
    unobserved: tuple[Unobserved, ...] = ()


JOB_RUNNER = "run_job"
STEP_TABLES: Tables = {
    "generations": ("GetItem", "UpdateItem"),
    "generations/index/by_generation": ("Query",),
}
EMIT_TABLES: Tables = {  # a generation's end or a run's close: its webhook event
    "webhook_endpoints": ("Query",),
    "webhook_deliveries": ("PutItem",),
}
PUSH_TABLES: Tables = {"connections/index/by_user": ("Query",)}  # the user's sockets
SETTLE_TABLES: Tables = {  # Finalize and Release: capture or release the hold, once
    **STEP_TABLES,
    **EMIT_TABLES,
    **PUSH_TABLES,
    "ledger": ("GetItem", "PutItem"),
    "users": ("GetItem", "UpdateItem"),
    "workflow_runs": ("GetItem", "UpdateItem"),  # a run's tally, and its close
}

NEEDS: dict[str, Needs] = {
    API_HANDLER: Needs(
        tables={
            # A key's one GetItem per request, its last use, create, revoke; the admin's
            # child-account erasure deletes the child's keys.
            "api_keys": ("BatchWriteItem", "DeleteItem", "GetItem", "PutItem", "UpdateItem"),
            "api_keys/index/by_user": ("Query",),
            "billing_accounts": ("GetItem", "PutItem", "Query"),
            "child_reports": ("GetItem", "PutItem", "Scan", "UpdateItem"),
            "connections/index/by_user": ("Query",),  # live messages; a child's erasure
            "consent": ("PutItem", "Query"),
            "emails": ("BatchWriteItem", "GetItem", "PutItem"),
            "generations": (
                "BatchGetItem",
                "DeleteItem",
                "GetItem",
                "PutItem",
                "Query",
                "UpdateItem",
            ),
            "generations/index/by_model": ("Query",),
            "generations/index/by_status": ("Query",),
            "generations/index/favorites": ("Query",),
            "idempotency": ("DeleteItem", "GetItem", "PutItem", "Scan", "UpdateItem"),
            "invoices": ("PutItem", "Query"),
            "invoices/index/by_time": ("Query",),
            "ledger": ("DeleteItem", "GetItem", "PutItem", "Query"),
            "ledger/index/by_time": ("Query",),
            "library": ("BatchWriteItem", "DeleteItem", "PutItem", "Query", "UpdateItem"),
            "payment_refs": ("PutItem", "Scan"),
            "privacy_audit": ("PutItem",),
            "prompt_words": ("BatchWriteItem", "Query"),
            "privacy_requests": ("GetItem", "PutItem", "Scan", "UpdateItem"),
            "privacy_requests/index/by_user": ("Query",),
            "security_events": ("BatchWriteItem", "PutItem", "Query"),
            "sessions": ("BatchWriteItem", "DeleteItem", "GetItem", "PutItem", "UpdateItem"),
            "sessions/index/by_user": ("Query",),
            "stripe_events": ("GetItem", "PutItem"),
            "support_messages": ("BatchWriteItem", "PutItem", "Query", "Scan"),
            "throttles": ("DeleteItem", "GetItem", "PutItem", "UpdateItem"),
            "tokens": ("GetItem", "PutItem", "UpdateItem"),
            "tokens/index/by_user": ("Query",),
            "tombstones": ("PutItem",),
            "uploads": ("DeleteItem", "GetItem", "PutItem", "Query"),
            "usage_events": ("BatchWriteItem", "Query"),
            "workflows": ("DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"),
            "workflow_runs": ("GetItem", "PutItem", "Query", "UpdateItem"),
            "webhook_endpoints": ("DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"),
            "webhook_deliveries": ("DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"),
            "webhook_deliveries/index/by_user": ("Query",),  # an admin-confirmed erasure
            "users": (
                "BatchWriteItem",
                "ConditionCheckItem",
                "GetItem",
                "PutItem",
                "Query",
                "UpdateItem",
            ),
        },
        objects={
            UPLOADS: ("DeleteObjectVersion", "PutObject"),  # presigned POST: the signer's rights
            INPUTS: ("DeleteObjectVersion",),
            # presigned downloads; a remix copies an output under the new generation
            GENERATIONS: ("DeleteObjectVersion", "GetObject", "PutObject", "PutObjectTagging"),
            EXPORTS: ("GetObject",),
        },
        listing={
            prefix: ("ListBucketVersions",) for prefix in (UPLOADS, INPUTS, GENERATIONS, EXPORTS)
        },
        email=True,
        start_workflow=True,
        executions=("StopExecution",),
        secrets=("PRIVACY_HMAC_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
        send_webhooks=True,
        push=True,
    ),
    "generation_moderate": Needs(
        # A run's generation marks its run running; an edit step copies its parent's
        # output under its own prefix as it starts.
        tables={**STEP_TABLES, **PUSH_TABLES, "workflow_runs": ("GetItem", "UpdateItem")},
        objects={
            INPUTS: ("GetObject",),
            GENERATIONS: ("GetObject", "PutObject", "PutObjectTagging"),
        },
        secrets=("OPENAI_API_KEY",),
        push=True,  # running
    ),
    "generation_generate": Needs(
        # Its previews: each recorded on the task and pushed to the owner's sockets.
        tables={**STEP_TABLES, **PUSH_TABLES, "users": ("ConditionCheckItem",)},
        objects={
            INPUTS: ("GetObject",),
            GENERATIONS: ("DeleteObjectVersion", "GetObject", "PutObject", "PutObjectTagging"),
        },
        listing={GENERATIONS: ("ListBucketVersions",)},
        secrets=("OPENAI_API_KEY",),
        push=True,
    ),
    "generation_finalize": Needs(  # a success's previews are deleted
        tables=SETTLE_TABLES,
        objects={GENERATIONS: ("DeleteObjectVersion",)},
        listing={GENERATIONS: ("ListBucketVersions",)},
        send_webhooks=True,
        push=True,
    ),
    "generation_release": Needs(
        tables=SETTLE_TABLES,
        send_webhooks=True,
        push=True,
        listing={GENERATIONS: ("ListBucketVersions",)},
        unobserved=(
            Unobserved(
                "UnobservedSweep",
                GENERATIONS,
                ("DeleteObjectVersion",),
                "Release sweeps what Generate stored when Finalize then fails; no flow"
                " fails after Generate stored.",
            ),
        ),
    ),
    "sanitize_upload": Needs(
        tables={"uploads": ("GetItem", "UpdateItem"), "users": ("ConditionCheckItem",)},
        objects={
            UPLOADS: ("DeleteObjectVersion", "GetObject", "GetObjectVersion"),
            INPUTS: ("PutObject", "PutObjectTagging"),
        },
        listing={UPLOADS: ("ListBucketVersions",)},
    ),
    "deliver_webhook": Needs(
        tables={
            "webhook_endpoints": ("GetItem", "UpdateItem"),
            "webhook_deliveries": ("GetItem", "UpdateItem"),
            "users": ("GetItem",),  # the owner's address, when the endpoint is disabled
        },
        email=True,
        send_webhooks=True,  # the next attempt, with its backoff delay
    ),
    # The WebSocket API: a ticket spent opens a connection; a ping is answered; a close
    # forgets it.
    "realtime_connect": Needs(
        tables={"tokens": ("UpdateItem",), "connections": ("PutItem",)},
    ),
    "realtime_message": Needs(push=True),
    "realtime_disconnect": Needs(tables={"connections": ("DeleteItem",)}),
    JOB_RUNNER: Needs(
        tables={
            "api_keys": ("BatchWriteItem", "Scan"),  # erasure, expired keys
            "api_keys/index/by_user": ("Query",),  # export, erasure
            "billing_accounts": ("BatchWriteItem", "GetItem", "Query"),
            "child_reports": ("BatchWriteItem", "PutItem", "Scan"),
            "connections": ("BatchWriteItem", "Scan"),  # erasure, expired
            "connections/index/by_user": ("Query",),  # erasure; the reaper's live messages
            "consent": ("BatchWriteItem", "Query", "Scan"),
            "emails": ("BatchWriteItem", "GetItem"),
            # the reaper's releases: each read back for its webhook event
            "generations": ("BatchWriteItem", "GetItem", "Query", "Scan", "UpdateItem"),
            "generations/index/holds": ("Query",),
            "idempotency": ("BatchWriteItem", "Scan"),
            "invoices": ("DeleteItem", "PutItem", "Query", "Scan"),
            "ledger": ("DeleteItem", "GetItem", "PutItem", "Query", "Scan"),
            "library": ("BatchWriteItem", "Query", "Scan"),
            "payment_refs": ("PutItem", "Scan"),
            "privacy_audit": ("PutItem", "Scan"),
            "prompt_words": ("BatchWriteItem", "Query", "Scan"),
            "privacy_requests": ("PutItem", "Scan", "UpdateItem"),
            "privacy_requests/index/by_user": ("Query",),
            "security_events": ("BatchWriteItem", "Query", "Scan"),
            "sessions": ("BatchWriteItem", "Scan"),
            "sessions/index/by_user": ("Query",),
            "stripe_events": ("BatchWriteItem", "Scan"),
            "support_messages": ("BatchWriteItem", "Query", "Scan"),
            "throttles": ("BatchWriteItem", "Scan"),
            "tokens": ("BatchWriteItem", "Scan"),
            "tokens/index/by_user": ("Query",),
            "tombstones": ("BatchGetItem", "BatchWriteItem", "PutItem", "Scan"),
            "uploads": ("BatchWriteItem", "Query", "Scan"),
            "usage_events": ("BatchWriteItem", "Query", "Scan"),
            "users": ("BatchWriteItem", "GetItem", "Query", "Scan", "UpdateItem"),
            "workflows": ("BatchWriteItem", "Query"),
            "workflow_runs": ("BatchWriteItem", "Query"),
            "webhook_endpoints": ("BatchWriteItem", "Query"),
            "webhook_deliveries": ("BatchWriteItem", "PutItem", "Scan"),
            "webhook_deliveries/index/by_user": ("Query",),
        },
        objects={
            UPLOADS: ("DeleteObjectVersion",),
            INPUTS: ("DeleteObjectVersion", "GetObject"),
            GENERATIONS: ("DeleteObjectVersion", "GetObject"),
            EXPORTS: ("DeleteObjectVersion", "PutObject"),
        },
        listing={
            UPLOADS: ("ListBucket", "ListBucketVersions"),
            INPUTS: ("ListBucket", "ListBucketVersions"),
            GENERATIONS: ("ListBucket", "ListBucketVersions"),
            EXPORTS: ("ListBucketVersions",),
        },
        email=True,
        executions=("DescribeExecution", "StopExecution"),
        secrets=("PRIVACY_HMAC_KEY", "STRIPE_SECRET_KEY"),
        send_webhooks=True,  # the reaper's releases emit their events
        push=True,
    ),
}

# Statements every function gets whatever it does (Sid -> why no recorded call shows it).
PLATFORM_REASONS = {
    "Logs": "Lambda writes the function's logs with its role, to its own log group.",
    "Tracing": "X-Ray trace writes, made by the Lambda runtime, have no resource-level ARNs.",
    "DataKey": "Tables, objects and secrets are encrypted with the data key (KMS is implied"
    " by the DynamoDB, S3 and Secrets Manager calls).",
    "QueueKey": "The SQS event source reads the function's encrypted queue with its role;"
    " a webhook attempt is sent to the encrypted webhook queue (KMS is implied by SQS).",
    "ConsumeQueue": "The SQS event source polls and deletes with the function's role.",
    "EmailDomain": "SES authorizes a send from the address against its domain identity when"
    " the address is not verified on its own.",
}
