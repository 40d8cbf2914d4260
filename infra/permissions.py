"""Least privilege per function, declared in one table (`NEEDS`, keyed by the function's
registered name) and granted from it by `grant`: DynamoDB actions per table and per index,
S3 actions per key prefix (`chalicelib.domain.s3_keys`), listings limited to those
prefixes, SES, Step Functions and the secrets each function reads. Nothing else is
granted but what running a function needs whatever it does (`PLATFORM_REASONS`).

tests/infra/test_least_privilege.py records what every function calls under moto and
proves both directions against the synthesized template: every call is allowed, every
grant is used (or listed in `Needs.unobserved` with the reason no flow shows it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs

from chalicelib.domain.s3_keys import EXPORTS, GENERATIONS, INPUTS, UPLOADS
from infra import nag
from infra.functions import Function

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
    unobserved: tuple[Unobserved, ...] = ()


API_HANDLER = "api_handler"
JOB_RUNNER = "run_job"
STEP_TABLES: Tables = {
    "generations": ("GetItem", "UpdateItem"),
    "generations/index/by_generation": ("Query",),
}
SETTLE_TABLES: Tables = {  # Finalize and Release: capture or release the hold, once
    **STEP_TABLES,
    "ledger": ("GetItem", "PutItem"),
    "users": ("GetItem", "UpdateItem"),
}

NEEDS: dict[str, Needs] = {
    API_HANDLER: Needs(
        tables={
            "billing_accounts": ("GetItem", "PutItem", "Query"),
            "child_reports": ("GetItem", "PutItem", "Scan", "UpdateItem"),
            "consent": ("PutItem", "Query"),
            "emails": ("BatchWriteItem", "GetItem", "PutItem"),
            "generations": ("DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"),
            "idempotency": ("DeleteItem", "GetItem", "PutItem", "Scan", "UpdateItem"),
            "invoices": ("PutItem", "Query"),
            "invoices/index/by_time": ("Query",),
            "ledger": ("DeleteItem", "GetItem", "PutItem", "Query"),
            "ledger/index/by_time": ("Query",),
            "payment_refs": ("PutItem", "Scan"),
            "privacy_audit": ("PutItem",),
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
            GENERATIONS: ("DeleteObjectVersion", "GetObject"),  # presigned downloads
            EXPORTS: ("GetObject",),
        },
        listing={
            prefix: ("ListBucketVersions",) for prefix in (UPLOADS, INPUTS, GENERATIONS, EXPORTS)
        },
        email=True,
        start_workflow=True,
        executions=("StopExecution",),
        secrets=("PRIVACY_HMAC_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"),
    ),
    "generation_moderate": Needs(
        tables=STEP_TABLES, objects={INPUTS: ("GetObject",)}, secrets=("OPENAI_API_KEY",)
    ),
    "generation_generate": Needs(
        tables={**STEP_TABLES, "users": ("ConditionCheckItem",)},
        objects={
            INPUTS: ("GetObject",),
            GENERATIONS: ("DeleteObjectVersion", "PutObject", "PutObjectTagging"),
        },
        listing={GENERATIONS: ("ListBucketVersions",)},
        secrets=("OPENAI_API_KEY",),
    ),
    "generation_finalize": Needs(tables=SETTLE_TABLES),
    "generation_release": Needs(
        tables=SETTLE_TABLES,
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
    JOB_RUNNER: Needs(
        tables={
            "billing_accounts": ("BatchWriteItem", "GetItem", "Query"),
            "child_reports": ("BatchWriteItem", "PutItem", "Scan"),
            "consent": ("BatchWriteItem", "Query", "Scan"),
            "emails": ("BatchWriteItem", "GetItem"),
            "generations": ("BatchWriteItem", "Query", "Scan", "UpdateItem"),
            "generations/index/holds": ("Query",),
            "idempotency": ("BatchWriteItem", "Scan"),
            "invoices": ("DeleteItem", "PutItem", "Query", "Scan"),
            "ledger": ("DeleteItem", "GetItem", "PutItem", "Query", "Scan"),
            "payment_refs": ("PutItem", "Scan"),
            "privacy_audit": ("PutItem", "Scan"),
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
    ),
}

# Statements every function gets whatever it does (Sid -> why no recorded call shows it).
PLATFORM_REASONS = {
    "Logs": "Lambda writes the function's logs with its role, to its own log group.",
    "Tracing": "X-Ray trace writes, made by the Lambda runtime, have no resource-level ARNs.",
    "DataKey": "Tables, objects and secrets are encrypted with the data key (KMS is implied"
    " by the DynamoDB, S3 and Secrets Manager calls).",
    "QueueKey": "The SQS event source reads the function's encrypted queue with its role.",
    "ConsumeQueue": "The SQS event source polls and deletes with the function's role.",
    "EmailDomain": "SES authorizes a send from the address against its domain identity when"
    " the address is not verified on its own.",
}
LOGS_SID = "Logs"
KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey"]
TRACE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
CONSUME_ACTIONS = [
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueAttributes",
]


@dataclass(frozen=True)
class Resources:
    tables: dict[str, dynamodb.CfnTable]
    table_indexes: dict[str, list[str]]
    bucket: s3.Bucket
    data_key: kms.IKey
    queue_key: kms.IKey
    state_machine_arn: str
    state_machine_name: str
    queues: dict[str, sqs.IQueue]  # by queue name
    secrets: dict[str, secretsmanager.ISecret]  # by settings variable (OPENAI_API_KEY...)
    sender_identity: str  # the SES identity ARN of the sender address
    domain_identity: str  # ... and of its domain


def sid(*parts: str) -> str:
    """A statement id from names like "users/index/by_user" or "uploads/"."""
    words = [w for part in parts for w in part.replace("/", "_").split("_") if w]
    return "".join(w[:1].upper() + w[1:] for w in words)


def table_arn(resources: Resources, key: str) -> str:
    """The ARN of "table" or "table/index/name" (the index must exist)."""
    table, _, index = key.partition("/index/")
    arn = resources.tables[table].attr_arn
    if not index:
        return arn
    if index not in resources.table_indexes[table]:
        raise LookupError(f"{table} has no index {index}")
    return f"{arn}/index/{index}"


def needs_of(function: Function) -> Needs:
    if function.name not in NEEDS:
        raise LookupError(f"no least-privilege entry for {function.name} in infra.permissions")
    return NEEDS[function.name]


def grant(function: Function, resources: Resources) -> None:
    """The function's statements, from its entry in NEEDS."""
    needs = needs_of(function)
    role = function.role
    stack = Stack.of(role)

    def allow(
        statement_id: str,
        actions: list[str],
        arns: list[str],
        conditions: dict[str, dict[str, list[str]]] | None = None,
    ) -> None:
        role.add_to_principal_policy(
            iam.PolicyStatement(
                sid=statement_id, actions=actions, resources=arns, conditions=conditions
            )
        )

    allow("Tracing", TRACE_ACTIONS, ["*"])
    nag.acknowledge(role, nag.wildcard("*"), nag.XRAY_REASON)
    allow("DataKey", KEY_ACTIONS, [resources.data_key.key_arn])
    for key, actions in sorted(needs.tables.items()):
        allow(sid("Ddb", key), [f"dynamodb:{a}" for a in actions], [table_arn(resources, key)])
    bucket = resources.bucket.node.default_child
    object_grants = [(sid("Objects", p), p, a) for p, a in sorted(needs.objects.items())]
    object_grants += [(u.sid, u.prefix, u.actions) for u in needs.unobserved]
    for statement_id, prefix, actions in object_grants:
        allow(
            statement_id,
            [f"s3:{a}" for a in actions],
            [resources.bucket.arn_for_objects(f"{prefix}*")],
        )
        nag.acknowledge(role, nag.wildcard(f"{nag.arn_of(bucket)}/{prefix}*"), nag.OBJECTS_REASON)
    by_action: dict[str, list[str]] = {}
    for prefix, actions in sorted(needs.listing.items()):
        for action in actions:
            by_action.setdefault(action, []).append(f"{prefix}*")
    for action, patterns in sorted(by_action.items()):
        allow(
            sid("List", action.removeprefix("List")),
            [f"s3:{action}"],
            [resources.bucket.bucket_arn],
            {"StringLike": {"s3:prefix": patterns}},
        )
    if needs.email:
        allow("Email", ["ses:SendEmail"], [resources.sender_identity])
        allow("EmailDomain", ["ses:SendEmail"], [resources.domain_identity])
    if needs.start_workflow:
        allow("StartWorkflow", ["states:StartExecution"], [resources.state_machine_arn])
    if needs.executions:
        executions = stack.format_arn(
            service="states",
            resource="execution",
            resource_name=f"{resources.state_machine_name}:*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        allow("Executions", [f"states:{a}" for a in needs.executions], [executions])
        nag.acknowledge(
            role,
            nag.wildcard(
                "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                f"{resources.state_machine_name}:*"
            ),
            nag.EXECUTIONS_REASON,
        )
    if function.sqs_events:
        allow("QueueKey", KEY_ACTIONS, [resources.queue_key.key_arn])
        allow(
            "ConsumeQueue",
            CONSUME_ACTIONS,
            [resources.queues[name].queue_arn for name in sorted(function.sqs_events.values())],
        )
    for variable in needs.secrets:
        secret = resources.secrets[variable]
        allow(
            sid("Secret", variable.lower()), ["secretsmanager:GetSecretValue"], [secret.secret_arn]
        )
        function.set_environment(f"{variable}_SECRET_ARN", secret.secret_arn)
