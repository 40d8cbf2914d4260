"""cdk-nag's AwsSolutions pack as a CDK validation plugin: synthesis fails on any finding
not acknowledged. Acknowledgments name the exact finding on the exact construct, and
each is justified in one line here."""

from __future__ import annotations

from aws_cdk import Acknowledgment, App, CfnResource, Stack, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

XRAY_REASON = "X-Ray trace writes have no resource-level permissions."
OBJECTS_REASON = "Object keys are per user and per task; the bucket is named."
EXECUTIONS_REASON = "Executions are named per task at run time; the state machine is named."
LOG_DELIVERY_REASON = "Step Functions log delivery and X-Ray APIs are account-level (CDK's)."
SECRET_ROTATION_REASON = (
    "Third-party API keys are rotated at OpenAI/Stripe, then written here; no Lambda can."
)
CONNECTIONS_REASON = (
    "WebSocket connections are named by API Gateway as they open; the API is named."
)
DLQ_REASON = "A dead-letter queue is the end of the line; its depth is alarmed."
API_LOGGING_ROLE_REASON = "API Gateway's account logging role is this AWS managed policy."
DEFAULT_CERTIFICATE_REASON = (
    "No custom domain yet: *.cloudfront.net's certificate, whose TLS policy CloudFront fixes."
)
WORLDWIDE_REASON = "The service is offered worldwide: no country is restricted."
CDN_WAF_REASON = "The API's regional web ACL filters every /v1/* request; the rest is static files."
NOTIFICATION_HELPER_REASON = "CDK's own S3 notification helper Lambda, not our code."
CUSTOM_RESOURCE_PROVIDER_REASON = "CDK's own AwsCustomResource provider Lambda, not our code."
# The singleton Lambda every AwsCustomResource of a stack shares (CDK's fixed id).
CUSTOM_RESOURCE_PROVIDER_ID = "AWS679f53fac002430cb0da5b7982bd2287"


def check(app: App) -> None:
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def acknowledge(construct: IConstruct, finding: str, reason: str) -> None:
    Validations.of(construct).acknowledge(Acknowledgment(id=finding, reason=reason))


def wildcard(resource: str) -> str:
    return f"AwsSolutions-IAM5[Resource::{resource}]"


def managed_policy(name: str) -> str:
    return f"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/{name}]"


def arn_of(resource: CfnResource) -> str:
    """How cdk-nag spells `Fn::GetAtt <resource>.Arn` in a finding."""
    return f"<{Stack.of(resource).get_logical_id(resource)}.Arn>"


def acknowledge_notification_helper(stack: Stack) -> None:
    for child in stack.node.children:
        if child.node.id.startswith("BucketNotificationsHandler"):
            acknowledge(
                child,
                managed_policy("service-role/AWSLambdaBasicExecutionRole"),
                NOTIFICATION_HELPER_REASON,
            )


def acknowledge_custom_resource_provider(resource: IConstruct) -> None:
    provider = Stack.of(resource).node.find_child(CUSTOM_RESOURCE_PROVIDER_ID)
    acknowledge(
        provider,
        managed_policy("service-role/AWSLambdaBasicExecutionRole"),
        CUSTOM_RESOURCE_PROVIDER_REASON,
    )
