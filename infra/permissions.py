"""Least privilege per function: every statement names its actions and its resources.
What a function may do follows from what it is: the API handler, a workflow step, a
queue consumer or the job runner. Secrets are readable only by the functions that get
their ARN in the environment."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs

from infra import nag
from infra.functions import API_HANDLER, Function

TABLE_ACTIONS = [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
]
OBJECT_ACTIONS = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectTagging",
    "s3:PutObject",
    "s3:PutObjectTagging",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:AbortMultipartUpload",
]
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
    keys: list[kms.IKey]
    state_machine_arn: str
    state_machine_name: str
    queues: dict[str, sqs.IQueue]  # by queue name
    secrets: dict[str, secretsmanager.ISecret]  # by settings variable (OPENAI_API_KEY...)
    email_identities: list[str]


# Which secrets each kind of function reads; others never see them.
SECRETS_FOR = {
    "api": ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "PRIVACY_HMAC_KEY"),
    "step": ("OPENAI_API_KEY",),
    "job": ("STRIPE_SECRET_KEY", "PRIVACY_HMAC_KEY"),
    "consumer": (),
}


def kind_of(function: Function, step_functions: list[str], job_function: str) -> str:
    if function.name == API_HANDLER:
        return "api"
    if function.name in step_functions:
        return "step"
    if function.name == job_function:
        return "job"
    return "consumer"


def api_scanned_tables() -> list[str]:
    """The tables the API scans (names in `ALL_MODELS`): those whose data-map lookup is a
    scan (the admin's child-account confirmation erases an account at once) and those
    the admin routes' stores scan."""
    from chalicelib.adapters.engagement_store import EngagementStore
    from chalicelib.adapters.models.registry import ALL_MODELS
    from chalicelib.adapters.privacy_store import PrivacyStore
    from chalicelib.privacy.data_map import ByScan, load

    by_lookup = {t.table for t in load().tables if isinstance(t.lookup, ByScan)}
    stores = EngagementStore.API_SCANS + PrivacyStore.API_SCANS
    by_store = {name for name, model in ALL_MODELS.items() if model in stores}
    return sorted(by_lookup | by_store)


def _table_arns(resources: Resources) -> list[str]:
    arns = []
    for name, table in resources.tables.items():
        arns.append(table.attr_arn)
        arns.extend(f"{table.attr_arn}/index/{index}" for index in resources.table_indexes[name])
    return arns


def grant(function: Function, kind: str, resources: Resources) -> None:
    def allow(actions: list[str], arns: list[str]) -> None:
        function.role.add_to_principal_policy(iam.PolicyStatement(actions=actions, resources=arns))

    stack = Stack.of(function.role)
    allow(TRACE_ACTIONS, ["*"])
    nag.acknowledge(function.role, nag.wildcard("*"), nag.XRAY_REASON)
    allow(KEY_ACTIONS, [key.key_arn for key in resources.keys])
    table_actions = TABLE_ACTIONS + (["dynamodb:Scan"] if kind == "job" else [])
    allow(table_actions, _table_arns(resources))
    if kind == "api":
        allow(["dynamodb:Scan"], [resources.tables[name].attr_arn for name in api_scanned_tables()])
    allow(OBJECT_ACTIONS, [resources.bucket.arn_for_objects("*")])
    bucket = resources.bucket.node.default_child
    nag.acknowledge(function.role, nag.wildcard(f"{nag.arn_of(bucket)}/*"), nag.OBJECTS_REASON)
    if kind in ("job", "api"):
        allow(["s3:ListBucket", "s3:ListBucketVersions"], [resources.bucket.bucket_arn])
        allow(["ses:SendEmail", "ses:SendRawEmail"], resources.email_identities)
    executions = stack.format_arn(
        service="states",
        resource="execution",
        resource_name=f"{resources.state_machine_name}:*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    if kind in ("api", "job"):
        nag.acknowledge(
            function.role,
            nag.wildcard(
                "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:"
                f"{resources.state_machine_name}:*"
            ),
            nag.EXECUTIONS_REASON,
        )
    if kind == "api":
        allow(["states:StartExecution"], [resources.state_machine_arn])
        allow(["states:StopExecution", "states:DescribeExecution"], [executions])
    if kind == "job":
        allow(["states:ListExecutions"], [resources.state_machine_arn])
        allow(["states:DescribeExecution", "states:StopExecution"], [executions])
    for queue_name in function.sqs_events.values():
        allow(CONSUME_ACTIONS, [resources.queues[queue_name].queue_arn])
    for variable in SECRETS_FOR[kind]:
        secret = resources.secrets[variable]
        allow(["secretsmanager:GetSecretValue"], [secret.secret_arn])
        function.set_environment(f"{variable}_SECRET_ARN", secret.secret_arn)
