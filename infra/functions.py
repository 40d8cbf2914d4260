"""The Chalice app as packaged by `chalice.cdk`, with what CDK adds to each function:
its own role, its own log group (retention set), timeouts and environment."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from chalice.cdk import Chalice
from chalice.utils import to_cfn_resource_name
from constructs import Construct

from chalicelib.queues import ALL_QUEUES
from infra.packaging import LAMBDA_RUNTIME, ROOT, build_deployment_package
from infra.stages import Stage

API_HANDLER = "api_handler"
API_LOGICAL_ID = "APIHandler"
# Replaced by each function's own role below; Chalice requires a value when it does
# not manage the role itself.
ROLE_SET_BY_CDK = "arn:aws:iam::123456789012:role/set-by-cdk"
API_TIMEOUT = Duration.seconds(30)
WORKER_TIMEOUT = Duration.seconds(300)
JOB_TIMEOUT = Duration.seconds(900)
MEMORY_MB = 1024


@dataclass
class Function:
    name: str  # the handler's registered name (`app.handler_map`), or "api_handler"
    logical_id: str
    resource: CfnResource
    role: iam.Role
    log_group: logs.LogGroup
    sqs_events: dict[str, str]  # SAM event name -> queue name

    @property
    def arn(self) -> str:
        return self.resource.get_att("Arn").to_string()

    @property
    def function_name(self) -> str:
        return self.resource.ref

    def set_environment(self, name: str, value: str) -> None:
        self.resource.add_property_override(f"Environment.Variables.{name}", value)


def chalice_stage_config() -> dict[str, Any]:
    return {
        "manage_iam_role": False,
        "iam_role_arn": ROLE_SET_BY_CDK,
        "xray": True,
        "lambda_memory_size": MEMORY_MB,
        "lambda_timeout": int(API_TIMEOUT.to_seconds()),
    }


def package_chalice_app(scope: Construct, stage: Stage) -> tuple[Chalice, dict[str, Any]]:
    """The Chalice construct (packaged offline: see infra.packaging) and the SAM
    template it imported."""
    build_deployment_package()
    # Chalice loads the app with the stage's environment_variables put in os.environ and
    # leaves them there; the process (a test run) keeps its own environment.
    environment = dict(os.environ)
    try:
        chalice = Chalice(
            scope, "Chalice", source_dir=str(ROOT), stage_config=chalice_stage_config()
        )
    finally:
        os.environ.clear()
        os.environ.update(environment)
    sam = json.loads(Path(chalice._sam_package_dir, "sam.json").read_text())
    return chalice, sam


# `chalice package` names the WebSocket API's functions by their route, not their name.
WEBSOCKET_LOGICAL_IDS = {
    "realtime_connect": "WebsocketConnect",
    "realtime_message": "WebsocketMessage",
    "realtime_disconnect": "WebsocketDisconnect",
}


def registered_names(handler_names: list[str]) -> dict[str, str]:
    """Logical id -> registered handler name, as `chalice package` names them."""
    names = {
        WEBSOCKET_LOGICAL_IDS.get(name) or to_cfn_resource_name(name): name
        for name in handler_names
    }
    names[API_LOGICAL_ID] = API_HANDLER
    return names


def timeout_for(function: Function, job_function: str) -> Duration:
    if function.name == API_HANDLER:
        return API_TIMEOUT
    for queue in ALL_QUEUES:
        if function.name == queue.consumer:
            return Duration.seconds(queue.consumer_timeout_seconds)
    return JOB_TIMEOUT if function.name == job_function else WORKER_TIMEOUT


def build_functions(
    scope: Construct,
    stage: Stage,
    chalice: Chalice,
    sam: dict[str, Any],
    handler_names: list[str],
    job_function: str,
) -> dict[str, Function]:
    names = registered_names(handler_names)
    prefix = stage.settings().resource_prefix
    functions = {}
    for logical_id, resource in sam["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        name = names[logical_id]
        role = iam.Role(
            scope,
            f"{logical_id}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"{prefix} {name}: least privilege for this function only",
        )
        log_group = logs.LogGroup(
            scope,
            f"{logical_id}Logs",
            log_group_name=f"/aws/lambda/{prefix}-{name}",
            retention=stage.log_retention,
            removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
        )
        events = resource["Properties"].get("Events", {})
        function = Function(
            name=name,
            logical_id=logical_id,
            resource=chalice.get_resource(logical_id),
            role=role,
            log_group=log_group,
            sqs_events={
                event: _queue_name(spec["Properties"]["Queue"])
                for event, spec in events.items()
                if spec["Type"] == "SQS"
            },
        )
        _configure(function, timeout_for(function, job_function))
        functions[name] = function
    return functions


def _configure(function: Function, timeout: Duration) -> None:
    """What Chalice's template does not set: the role, runtime, JSON logs to the
    function's own log group (the only one its role may write), and the timeout."""
    resource, role, log_group = function.resource, function.role, function.log_group
    resource.add_property_override("Role", role.role_arn)
    resource.add_property_override("Runtime", LAMBDA_RUNTIME)
    resource.add_property_override(
        "LoggingConfig", {"LogGroup": log_group.log_group_name, "LogFormat": "JSON"}
    )
    resource.add_property_override("Timeout", int(timeout.to_seconds()))
    resource.node.add_dependency(role)  # its policies exist before it runs
    role.add_to_principal_policy(
        iam.PolicyStatement(
            sid="Logs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[log_group.log_group_arn],
        )
    )


def _queue_name(queue: Any) -> str:
    """Chalice writes `Fn::Sub arn:...:${AWS::AccountId}:<name>` or a literal ARN."""
    arn = queue["Fn::Sub"] if isinstance(queue, dict) else queue
    return str(arn).rsplit(":", 1)[-1]
