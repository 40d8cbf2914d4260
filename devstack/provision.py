"""Creates the AWS resources the app expects on the embedded moto server, from the same
definitions infra uses (the PynamoDB models' table definitions and TTL attributes)."""

from __future__ import annotations

from typing import Any

import boto3

from chalicelib.adapters.models.registry import ALL_MODELS, table_definition, ttl_attribute
from chalicelib.config import Settings
from chalicelib.domain import s3_keys
from chalicelib.queues import UPLOADS, WEBHOOKS, QueueDefinition


def provision_tables(region: str) -> None:
    client = boto3.client("dynamodb", region_name=region)
    existing = set(client.list_tables()["TableNames"])
    for model in ALL_MODELS.values():
        definition = table_definition(model)
        if definition["TableName"] in existing:
            continue
        client.create_table(**definition)
        ttl = ttl_attribute(model)
        if ttl:
            client.update_time_to_live(
                TableName=definition["TableName"],
                TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl},
            )


def provision_bucket(settings: Settings) -> None:
    s3 = boto3.client("s3", region_name=settings.region)
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if settings.bucket not in existing:
        s3.create_bucket(Bucket=settings.bucket)
    s3.put_bucket_versioning(Bucket=settings.bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(
        Bucket=settings.bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    from chalicelib.adapters.media_bucket import MediaBucket
    from chalicelib.privacy.lifecycle import lifecycle_rules

    MediaBucket(settings.bucket, settings.region).put_lifecycle(lifecycle_rules())


def provision_email(settings: Settings) -> None:
    ses = boto3.client("ses", region_name=settings.region)
    ses.verify_email_identity(EmailAddress=settings.email_sender)


def provision_role(region: str, name: str) -> str:
    iam = boto3.client("iam", region_name=region)
    trust = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
        '{"Service":["lambda.amazonaws.com","states.amazonaws.com"]},"Action":"sts:AssumeRole"}]}'
    )
    try:
        return str(iam.get_role(RoleName=name)["Role"]["Arn"])
    except iam.exceptions.NoSuchEntityException:
        return str(iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"])


def provision_functions(settings: Settings, names: list[str], role_arn: str) -> dict[str, str]:
    """Function records for the app's Lambda handlers (invocations run in-process)."""
    client: Any = boto3.client("lambda", region_name=settings.region)
    arns = {}
    for name in names:
        full = f"{settings.resource_prefix}-{name}"
        try:
            arns[name] = client.get_function(FunctionName=full)["Configuration"]["FunctionArn"]
        except client.exceptions.ResourceNotFoundException:
            arns[name] = client.create_function(
                FunctionName=full,
                Runtime="python3.11",
                Role=role_arn,
                Handler=f"app.{name}",
                Code={"ZipFile": b"in-process"},
            )["FunctionArn"]
    return arns


def provision_queue(settings: Settings, queue: QueueDefinition) -> tuple[str, str]:
    """A queue with its DLQ (`chalicelib.queues`, as infra deploys them): (url, arn)."""
    sqs = boto3.client("sqs", region_name=settings.region)
    prefix = settings.resource_prefix
    dlq_url = sqs.create_queue(QueueName=queue.dlq_name(prefix), Attributes=queue.dlq_attributes())[
        "QueueUrl"
    ]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])
    url = sqs.create_queue(
        QueueName=queue.name(prefix),
        Attributes=queue.attributes(dlq_arn["Attributes"]["QueueArn"]),
    )["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(url), str(arn["Attributes"]["QueueArn"])


def provision_upload_events(settings: Settings) -> str:
    """The upload queue, fed by the bucket's ObjectCreated on uploads/."""
    url, arn = provision_queue(settings, UPLOADS)
    boto3.client("s3", region_name=settings.region).put_bucket_notification_configuration(
        Bucket=settings.bucket,
        NotificationConfiguration={
            "QueueConfigurations": [
                {
                    "QueueArn": arn,
                    "Events": ["s3:ObjectCreated:*"],
                    "Filter": {
                        "Key": {"FilterRules": [{"Name": "prefix", "Value": s3_keys.UPLOADS}]}
                    },
                }
            ]
        },
    )
    return url


def provision_state_machine(settings: Settings, function_arns: dict[str, str], role: str) -> str:
    """The generation workflow from its one ASL definition (chalicelib/workflow)."""
    from chalicelib.workflow.definition import render

    sfn = boto3.client("stepfunctions", region_name=settings.region)
    definition = render(function_arns)
    try:
        sfn.describe_state_machine(stateMachineArn=settings.state_machine_arn)
    except sfn.exceptions.StateMachineDoesNotExist:
        return str(
            sfn.create_state_machine(
                name=settings.state_machine_name, definition=definition, roleArn=role
            )["stateMachineArn"]
        )
    sfn.update_state_machine(stateMachineArn=settings.state_machine_arn, definition=definition)
    return settings.state_machine_arn


def provision_all(settings: Settings, function_names: list[str]) -> dict[str, str]:
    provision_tables(settings.region)
    provision_bucket(settings)
    provision_email(settings)
    provision_upload_events(settings)
    provision_queue(settings, WEBHOOKS)
    role = provision_role(settings.region, f"{settings.resource_prefix}-local")
    arns = provision_functions(settings, function_names, role)
    machine = provision_state_machine(settings, arns, role)
    if machine != settings.state_machine_arn:
        raise RuntimeError(f"state machine {machine} is not the configured STATE_MACHINE_ARN")
    return arns
