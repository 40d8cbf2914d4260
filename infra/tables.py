"""DynamoDB tables from the PynamoDB models' definitions (keys, GSIs, LSIs, TTL)."""

from __future__ import annotations

from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from constructs import Construct

from chalicelib.adapters.models.registry import ALL_MODELS, table_definition, ttl_attribute
from chalicelib.config import get_settings
from infra.stages import Stage

PITR_DAYS = 35


def short_name(table_name: str) -> str:
    """The models' names carry this process's prefix; infra renames them per stage."""
    return table_name.removeprefix(f"{get_settings().resource_prefix}-")


def logical_id(name: str) -> str:
    """The table's CloudFormation id, from its name in `ALL_MODELS`."""
    return "Table" + "".join(part.title() for part in name.split("_"))


def _keys(schema: list[dict[str, str]]) -> list[dynamodb.CfnTable.KeySchemaProperty]:
    return [
        dynamodb.CfnTable.KeySchemaProperty(
            attribute_name=k["AttributeName"], key_type=k["KeyType"]
        )
        for k in schema
    ]


def _projection(index: dict[str, Any]) -> dynamodb.CfnTable.ProjectionProperty:
    projection = index["Projection"]
    return dynamodb.CfnTable.ProjectionProperty(
        projection_type=projection["ProjectionType"],
        non_key_attributes=projection.get("NonKeyAttributes"),
    )


def build_tables(scope: Construct, stage: Stage, key: kms.IKey) -> dict[str, dynamodb.CfnTable]:
    settings = stage.settings()
    tables = {}
    for name, model in ALL_MODELS.items():
        definition = table_definition(model)
        ttl = ttl_attribute(model)
        table = dynamodb.CfnTable(
            scope,
            logical_id(name),
            table_name=settings.table_name(short_name(definition["TableName"])),
            billing_mode="PAY_PER_REQUEST",
            attribute_definitions=[
                dynamodb.CfnTable.AttributeDefinitionProperty(
                    attribute_name=a["AttributeName"], attribute_type=a["AttributeType"]
                )
                for a in definition["AttributeDefinitions"]
            ],
            key_schema=_keys(definition["KeySchema"]),
            global_secondary_indexes=_global_indexes(definition),
            local_secondary_indexes=_local_indexes(definition),
            time_to_live_specification=dynamodb.CfnTable.TimeToLiveSpecificationProperty(
                enabled=True, attribute_name=ttl
            )
            if ttl
            else None,
            point_in_time_recovery_specification=dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
                point_in_time_recovery_enabled=True, recovery_period_in_days=PITR_DAYS
            ),
            sse_specification=dynamodb.CfnTable.SSESpecificationProperty(
                sse_enabled=True, sse_type="KMS", kms_master_key_id=key.key_arn
            ),
            deletion_protection_enabled=stage.protect_data,
        )
        table.apply_removal_policy(
            RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY
        )
        tables[name] = table
    return tables


def _global_indexes(
    definition: dict[str, Any],
) -> list[dynamodb.CfnTable.GlobalSecondaryIndexProperty] | None:
    indexes = [
        dynamodb.CfnTable.GlobalSecondaryIndexProperty(
            index_name=i["IndexName"], key_schema=_keys(i["KeySchema"]), projection=_projection(i)
        )
        for i in definition.get("GlobalSecondaryIndexes", [])
    ]
    return indexes or None


def _local_indexes(
    definition: dict[str, Any],
) -> list[dynamodb.CfnTable.LocalSecondaryIndexProperty] | None:
    indexes = [
        dynamodb.CfnTable.LocalSecondaryIndexProperty(
            index_name=i["IndexName"], key_schema=_keys(i["KeySchema"]), projection=_projection(i)
        )
        for i in definition.get("LocalSecondaryIndexes", [])
    ]
    return indexes or None
