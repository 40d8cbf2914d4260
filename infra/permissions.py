"""IAM statements for each function, granted from its entry in `infra.needs.NEEDS`:
DynamoDB per table and index, S3 objects per key prefix, listings limited to those
prefixes by condition, SES, Step Functions, the function's queue and its secrets."""

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
from infra.functions import Function
from infra.needs import NEEDS, Needs
from infra.realtime import WEBSOCKET_API

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
    webhook_queue: sqs.IQueue  # where webhook attempts are sent (`Needs.send_webhooks`)
    secrets: dict[str, secretsmanager.ISecret]  # by settings variable (OPENAI_API_KEY...)
    connections_arn: str  # the WebSocket API's connections (`Needs.push`)
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
    statements = _Statements(function, resources)
    statements.platform()
    statements.tables()
    statements.objects()
    statements.listings()
    statements.services()
    statements.executions()
    statements.queues()
    statements.secrets()


class _Statements:
    def __init__(self, function: Function, resources: Resources) -> None:
        self.function = function
        self.resources = resources
        self.needs: Needs = needs_of(function)
        self.role = function.role

    def allow(
        self,
        statement_id: str,
        actions: list[str],
        arns: list[str],
        conditions: dict[str, dict[str, list[str]]] | None = None,
    ) -> None:
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid=statement_id, actions=actions, resources=arns, conditions=conditions
            )
        )

    def platform(self) -> None:
        self.allow("Tracing", TRACE_ACTIONS, ["*"])
        nag.acknowledge(self.role, nag.wildcard("*"), nag.XRAY_REASON)
        self.allow("DataKey", KEY_ACTIONS, [self.resources.data_key.key_arn])

    def tables(self) -> None:
        for key, actions in sorted(self.needs.tables.items()):
            arns = [table_arn(self.resources, key)]
            self.allow(sid("Ddb", key), [f"dynamodb:{a}" for a in actions], arns)

    def objects(self) -> None:
        bucket = self.resources.bucket
        grants = [(sid("Objects", p), p, a) for p, a in sorted(self.needs.objects.items())]
        grants += [(u.sid, u.prefix, u.actions) for u in self.needs.unobserved]
        for statement_id, prefix, actions in grants:
            arns = [bucket.arn_for_objects(f"{prefix}*")]
            self.allow(statement_id, [f"s3:{a}" for a in actions], arns)
            pattern = nag.wildcard(f"{nag.arn_of(bucket.node.default_child)}/{prefix}*")
            nag.acknowledge(self.role, pattern, nag.OBJECTS_REASON)

    def listings(self) -> None:
        by_action: dict[str, list[str]] = {}
        for prefix, actions in sorted(self.needs.listing.items()):
            for action in actions:
                by_action.setdefault(action, []).append(f"{prefix}*")
        for action, patterns in sorted(by_action.items()):
            self.allow(
                sid("List", action.removeprefix("List")),
                [f"s3:{action}"],
                [self.resources.bucket.bucket_arn],
                {"StringLike": {"s3:prefix": patterns}},
            )

    def services(self) -> None:
        resources = self.resources
        if self.needs.email:
            self.allow("Email", ["ses:SendEmail"], [resources.sender_identity])
            self.allow("EmailDomain", ["ses:SendEmail"], [resources.domain_identity])
        if self.needs.start_workflow:
            self.allow("StartWorkflow", ["states:StartExecution"], [resources.state_machine_arn])
        if self.needs.push:
            self.allow("PushLive", ["execute-api:ManageConnections"], [resources.connections_arn])
            stage = Stack.of(self.role).node.id  # the WebSocket API's stage is named so
            pattern = (
                "arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:"
                f"<{WEBSOCKET_API}>/{stage}/POST/@connections/*"
            )
            nag.acknowledge(self.role, nag.wildcard(pattern), nag.CONNECTIONS_REASON)

    def executions(self) -> None:
        if not self.needs.executions:
            return
        name = self.resources.state_machine_name
        executions = Stack.of(self.role).format_arn(
            service="states",
            resource="execution",
            resource_name=f"{name}:*",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        self.allow("Executions", [f"states:{a}" for a in self.needs.executions], [executions])
        pattern = f"arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{name}:*"
        nag.acknowledge(self.role, nag.wildcard(pattern), nag.EXECUTIONS_REASON)

    def queues(self) -> None:
        resources = self.resources
        if self.function.sqs_events or self.needs.send_webhooks:
            self.allow("QueueKey", KEY_ACTIONS, [resources.queue_key.key_arn])
        if self.needs.send_webhooks:
            self.allow("SendWebhooks", ["sqs:SendMessage"], [resources.webhook_queue.queue_arn])
        if not self.function.sqs_events:
            return
        queues = resources.queues
        arns = [queues[name].queue_arn for name in sorted(self.function.sqs_events.values())]
        self.allow("ConsumeQueue", CONSUME_ACTIONS, arns)

    def secrets(self) -> None:
        for variable in self.needs.secrets:
            secret = self.resources.secrets[variable]
            statement_id = sid("Secret", variable.lower())
            self.allow(statement_id, ["secretsmanager:GetSecretValue"], [secret.secret_arn])
            self.function.set_environment(f"{variable}_SECRET_ARN", secret.secret_arn)
