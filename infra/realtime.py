"""The WebSocket API of live updates, as `chalice package` makes it (routes `$connect`,
`$default`, `$disconnect` to the three `realtime_*` functions), with what CDK adds: an
access log and throttling on its stage, the stage's `wss://` URL every function reads
(REALTIME_URL: tickets name it, the publisher posts to its `https://` twin) and the ARN
of its connections, which only the publishing functions may post to."""

from __future__ import annotations

import json
from dataclasses import dataclass

from aws_cdk import ArnFormat, Fn, RemovalPolicy, Stack
from aws_cdk import aws_apigatewayv2 as apigatewayv2
from aws_cdk import aws_logs as logs
from chalice.cdk import Chalice
from constructs import Construct

from infra import nag
from infra.stages import Stage

WEBSOCKET_API = "WebsocketAPI"
WEBSOCKET_STAGE = "WebsocketAPIStage"
WEBSOCKET_ROUTES = ("WebsocketConnectRoute", "WebsocketMessageRoute", "WebsocketDisconnectRoute")
TICKET_REASON = (
    "$connect authorizes with the single-use ticket in the URL (the connect function spends"
    " it); messages and disconnects reach only a connection so authorized."
)
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "time": "$context.requestTimeEpoch",
    "routeKey": "$context.routeKey",
    "eventType": "$context.eventType",
    "status": "$context.status",
    "connectionId": "$context.connectionId",
    "integrationError": "$context.integration.error",
}


@dataclass(frozen=True)
class Realtime:
    origin: str  # wss://<api>.execute-api.<region>.<suffix>: the site's CSP connects there
    url: str  # ... and its stage: wss://<api>.execute-api.<region>.<suffix>/<stage>
    connections_arn: str  # execute-api:ManageConnections on POST @connections/*


def configure_realtime(scope: Construct, stage: Stage, chalice: Chalice) -> Realtime:
    prefix = stage.settings().resource_prefix
    api = chalice.get_resource(WEBSOCKET_API)
    socket_stage = chalice.get_resource(WEBSOCKET_STAGE)
    access_logs = logs.LogGroup(
        scope,
        "RealtimeAccessLogs",
        log_group_name=f"/aws/apigateway/{prefix}/realtime",
        retention=stage.log_retention,
        removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
    )
    if not isinstance(socket_stage, apigatewayv2.CfnStage):
        raise TypeError(f"{WEBSOCKET_STAGE} is not a WebSocket API stage")
    socket_stage.access_log_settings = apigatewayv2.CfnStage.AccessLogSettingsProperty(
        destination_arn=access_logs.log_group_arn, format=json.dumps(ACCESS_LOG_FORMAT)
    )
    socket_stage.default_route_settings = apigatewayv2.CfnStage.RouteSettingsProperty(
        throttling_rate_limit=stage.throttle_rate,
        throttling_burst_limit=stage.throttle_burst,
        data_trace_enabled=False,  # messages hold prompts
    )
    for route in WEBSOCKET_ROUTES:
        nag.acknowledge(chalice.get_resource(route), "AwsSolutions-APIG4", TICKET_REASON)
    stage_name = stage.name  # Chalice names the WebSocket API's stage as the app's
    api_id = api.ref
    host = Fn.join(
        "", [api_id, ".execute-api.", Stack.of(scope).region, ".", Stack.of(scope).url_suffix]
    )
    connections = Stack.of(scope).format_arn(
        service="execute-api",
        resource=api_id,
        resource_name=f"{stage_name}/POST/@connections/*",
        arn_format=ArnFormat.SLASH_RESOURCE_NAME,
    )
    return Realtime(
        origin=f"wss://{host}", url=f"wss://{host}/{stage_name}", connections_arn=connections
    )
