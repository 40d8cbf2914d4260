"""The generation state machine (Standard), from the very ASL the local stack runs, with
each step's `${...}` placeholder substituted by that function's ARN."""

from __future__ import annotations

import json

from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from chalicelib.workflow.definition import STEP_HANDLERS, load_definition, substitutions
from infra import nag
from infra.functions import Function
from infra.stages import Stage


def state_machine_name(stage: Stage) -> str:
    """The name Settings' default STATE_MACHINE_ARN already points at."""
    return stage.settings().state_machine_arn.rsplit(":", 1)[-1]


def definition_substitutions(functions: dict[str, Function]) -> dict[str, str]:
    missing = [name for name in STEP_HANDLERS.values() if name not in functions]
    if missing:
        raise LookupError(f"workflow steps without a Lambda handler in app.py: {missing}")
    return substitutions({name: functions[name].arn for name in STEP_HANDLERS.values()})


def build_state_machine(
    scope: Construct, stage: Stage, functions: dict[str, Function]
) -> sfn.StateMachine:
    name = state_machine_name(stage)
    log_group = logs.LogGroup(
        scope,
        "WorkflowLogs",
        log_group_name=f"/aws/vendedlogs/states/{name}",
        retention=stage.log_retention,
        removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
    )
    machine = sfn.StateMachine(
        scope,
        "Generation",
        state_machine_name=name,
        state_machine_type=sfn.StateMachineType.STANDARD,
        definition_body=sfn.DefinitionBody.from_string(json.dumps(load_definition())),
        definition_substitutions=definition_substitutions(functions),
        # Execution data holds prompts: the logs keep events and ids, never payloads.
        logs=sfn.LogOptions(
            destination=log_group, level=sfn.LogLevel.ALL, include_execution_data=False
        ),
        tracing_enabled=True,
    )
    nag.acknowledge(machine.role, nag.wildcard("*"), nag.LOG_DELIVERY_REASON)
    for step in STEP_HANDLERS.values():
        machine.add_to_role_policy(
            iam.PolicyStatement(actions=["lambda:InvokeFunction"], resources=[functions[step].arn])
        )
    return machine
