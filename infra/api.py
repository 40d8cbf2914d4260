"""API Gateway around the Chalice REST API: a regional endpoint (the CloudFront
distribution of infra/site.py is its edge), stage throttling, access and execution logs,
X-Ray, problem+json gateway responses (as the local gateway answers) and a WAF web ACL."""

from __future__ import annotations

import copy
import json
from typing import Any

from aws_cdk import Fn, RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from chalice.cdk import Chalice
from constructs import Construct

from chalicelib.api import problems
from infra import nag
from infra.functions import Function
from infra.site import VIEWER_IP_HEADER
from infra.stages import Stage

REST_API = "RestAPI"
LAMBDA_INVOCATION = (
    "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
    "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:%s/invocations"
)
WAF_RATE_LIMIT_PER_5_MIN = 2000
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "time": "$context.requestTimeEpoch",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "latencyMs": "$context.responseLatency",
    "integrationError": "$context.integration.error",
    "wafStatus": "$context.waf.status",
}
MANAGED_RULE_GROUPS = (
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesAmazonIpReputationList",
)


def _problem(status: int, code: str, detail: str) -> dict[str, Any]:
    response = problems.problem(status, code, detail)
    return {
        "statusCode": str(status),
        "responseParameters": {
            f"gatewayresponse.header.{name}": f"'{value}'"
            for name, value in response.headers.items()
        },
        "responseTemplates": {"application/json": response.body},
    }


def _generic(response: dict[str, Any], detail: str) -> dict[str, Any]:
    """DEFAULT_4XX/5XX keep API Gateway's own status, so the body names none."""
    body = json.loads(response["responseTemplates"]["application/json"])
    del body["status"]
    body["detail"] = detail
    generic = {k: v for k, v in response.items() if k != "statusCode"}
    generic["responseTemplates"] = {"application/json": json.dumps(body)}
    return generic


def gateway_responses() -> dict[str, dict[str, Any]]:
    """`x-amazon-apigateway-gateway-responses` for the Chalice OpenAPI document."""
    return {
        # API Gateway answers an unknown route as a missing token (403); the local
        # gateway (devstack/gateway.py) answers 404 problem+json: so does AWS.
        "MISSING_AUTHENTICATION_TOKEN": _problem(404, "not_found", problems.NO_SUCH_ROUTE),
        "THROTTLED": _problem(429, "rate_limited", "Too many requests."),
        "DEFAULT_4XX": _generic(
            _problem(400, "bad_request", ""), "The request was rejected by the gateway."
        ),
        "DEFAULT_5XX": _generic(_problem(500, "internal_error", ""), "An internal error occurred."),
    }


def regional_domain() -> str:
    """The REST API's regional execute-api host name."""
    return Fn.sub(f"${{{REST_API}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}")


def stage_name(sam: dict[str, Any]) -> str:
    """The REST API's stage, the first segment of its invoke URL's path."""
    return str(sam["Resources"][REST_API]["Properties"]["StageName"])


def invoke_by_name(chalice: Chalice, sam: dict[str, Any], api: Function, name: str) -> None:
    """The API function gets a fixed name, and every integration names it instead of
    `${APIHandler.Arn}`: its ALLOWED_ORIGINS holds the distribution's domain, the
    distribution's origin is the REST API, so a reference back would be a cycle."""
    api.resource.add_property_override("FunctionName", name)
    paths = copy.deepcopy(sam["Resources"][REST_API]["Properties"]["DefinitionBody"]["paths"])
    for operations in paths.values():
        for operation in operations.values():
            integration = operation["x-amazon-apigateway-integration"]
            if f"${{{api.logical_id}.Arn}}" not in json.dumps(integration["uri"]):
                raise ValueError(f"an integration calls another function: {integration}")
            integration["uri"] = {"Fn::Sub": LAMBDA_INVOCATION % name}
    chalice.get_resource(REST_API).add_property_override("DefinitionBody.paths", paths)


def configure_api(scope: Construct, stage: Stage, chalice: Chalice) -> wafv2.CfnWebACL:
    prefix = stage.settings().resource_prefix
    rest_api = chalice.get_resource(REST_API)
    rest_api.add_property_override("EndpointConfiguration", {"Type": "REGIONAL"})
    access_logs = logs.LogGroup(
        scope,
        "ApiAccessLogs",
        log_group_name=f"/aws/apigateway/{prefix}/access",
        retention=stage.log_retention,
        removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
    )
    rest_api.add_property_override(
        "DefinitionBody.x-amazon-apigateway-gateway-responses", gateway_responses()
    )
    rest_api.add_property_override("TracingEnabled", True)
    rest_api.add_property_override(
        "AccessLogSetting",
        {"DestinationArn": access_logs.log_group_arn, "Format": json.dumps(ACCESS_LOG_FORMAT)},
    )
    rest_api.add_property_override(
        "MethodSettings",
        [
            {
                "ResourcePath": "/*",
                "HttpMethod": "*",
                "ThrottlingRateLimit": stage.throttle_rate,
                "ThrottlingBurstLimit": stage.throttle_burst,
                "LoggingLevel": "ERROR",
                "MetricsEnabled": True,
                "DataTraceEnabled": False,  # bodies hold emails and prompts
            }
        ],
    )
    account = _logging_account(scope)
    rest_api.node.add_dependency(account)
    return _web_acl(scope, prefix)


def _logging_account(scope: Construct) -> apigateway.CfnAccount:
    """API Gateway writes logs through one account-wide role."""
    logging_role = iam.Role(
        scope,
        "ApiGatewayLoggingRole",
        assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
        managed_policies=[
            iam.ManagedPolicy.from_aws_managed_policy_name(
                "service-role/AmazonAPIGatewayPushToCloudWatchLogs"
            )
        ],
    )
    nag.acknowledge(
        logging_role,
        nag.managed_policy("service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
        nag.API_LOGGING_ROLE_REASON,
    )
    return apigateway.CfnAccount(
        scope, "ApiGatewayAccount", cloud_watch_role_arn=logging_role.role_arn
    )


def _rate_limits() -> dict[str, wafv2.CfnWebACL.RateBasedStatementProperty]:
    """Per client address: through CloudFront the source is an edge server, so requests
    carrying the viewer's address (infra/edge/viewer_ip.js) count by it; direct calls to
    the stage count by their source."""
    via_cdn = wafv2.CfnWebACL.StatementProperty(
        size_constraint_statement=wafv2.CfnWebACL.SizeConstraintStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                single_header={"Name": VIEWER_IP_HEADER}
            ),
            comparison_operator="GT",
            size=0,
            text_transformations=[
                wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
            ],
        )
    )
    return {
        "RatePerIp": wafv2.CfnWebACL.RateBasedStatementProperty(
            limit=WAF_RATE_LIMIT_PER_5_MIN,
            aggregate_key_type="IP",
            scope_down_statement=wafv2.CfnWebACL.StatementProperty(
                not_statement=wafv2.CfnWebACL.NotStatementProperty(statement=via_cdn)
            ),
        ),
        "RatePerViewerIp": wafv2.CfnWebACL.RateBasedStatementProperty(
            limit=WAF_RATE_LIMIT_PER_5_MIN,
            aggregate_key_type="FORWARDED_IP",
            forwarded_ip_config=wafv2.CfnWebACL.ForwardedIPConfigurationProperty(
                header_name=VIEWER_IP_HEADER, fallback_behavior="MATCH"
            ),
            scope_down_statement=via_cdn,
        ),
    }


def _web_acl(scope: Construct, prefix: str) -> wafv2.CfnWebACL:
    def visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
        return wafv2.CfnWebACL.VisibilityConfigProperty(
            cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
        )

    rules = [
        wafv2.CfnWebACL.RuleProperty(
            name=group,
            priority=priority,
            override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
            statement=wafv2.CfnWebACL.StatementProperty(
                managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=group
                )
            ),
            visibility_config=visibility(group),
        )
        for priority, group in enumerate(MANAGED_RULE_GROUPS)
    ]
    for name, rate in _rate_limits().items():
        rules.append(
            wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=len(rules),
                action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                statement=wafv2.CfnWebACL.StatementProperty(rate_based_statement=rate),
                visibility_config=visibility(name),
            )
        )
    acl = wafv2.CfnWebACL(
        scope,
        "WebAcl",
        name=f"{prefix}-api",
        scope="REGIONAL",
        default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
        rules=rules,
        visibility_config=visibility(f"{prefix}-api"),
    )
    wafv2.CfnWebACLAssociation(
        scope,
        "WebAclAssociation",
        web_acl_arn=acl.attr_arn,
        # `RestAPI.Stage` is SAM's reference to the stage it generates.
        resource_arn=Fn.sub(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestAPI}"
            "/stages/${RestAPI.Stage}"
        ),
    )
    return acl
