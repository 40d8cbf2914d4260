"""One stack per stage: data, storage, the Chalice app with a role per function, the
workflow, schedules, the API's protections, the website's distribution, secrets and
alarms."""

from __future__ import annotations

from aws_cdk import ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from app import app as chalice_app
from chalicelib.adapters.models.registry import ALL_MODELS, table_definition
from chalicelib.queues import UPLOADS, WEBHOOKS
from infra import nag
from infra.alarms import build_alarms
from infra.api import configure_api, invoke_by_name, regional_domain, stage_name
from infra.functions import API_HANDLER, Function, build_functions, package_chalice_app
from infra.permissions import Resources, grant
from infra.realtime import Realtime, configure_realtime
from infra.schedules import JOB_FUNCTION, build_schedules
from infra.site import build_site
from infra.stages import Stage
from infra.storage import Storage, allow_browser_access, build_storage
from infra.tables import build_tables
from infra.workflow import build_state_machine, state_machine_name

SECRET_VARIABLES = {
    "OPENAI_API_KEY": "openai-api-key",
    "STRIPE_SECRET_KEY": "stripe-secret-key",
    "STRIPE_WEBHOOK_SECRET": "stripe-webhook-secret",
    "PRIVACY_HMAC_KEY": "privacy-hmac-key",
}


class ServiceStack(Stack):
    def __init__(self, scope: Construct, stage: Stage) -> None:
        settings = stage.settings()
        super().__init__(
            scope,
            stage.name,  # chalice.cdk uses the scope's name as the Chalice stage
            stack_name=settings.resource_prefix,
            description=f"GPT Image 2 backend, stage {stage.name}",
        )
        self.stage = stage
        self.retain = RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY
        key = kms.Key(
            self,
            "DataKey",
            alias=f"alias/{settings.resource_prefix}",
            enable_key_rotation=True,
            removal_policy=self.retain,
        )
        tables = build_tables(self, stage, key)
        storage = build_storage(self, stage, key)
        secrets = self._secrets(key)
        nag.acknowledge_notification_helper(self)
        chalice, sam = package_chalice_app(self, stage)
        realtime = configure_realtime(self, stage, chalice)
        functions = build_functions(
            self, stage, chalice, sam, sorted(chalice_app.handler_map), JOB_FUNCTION
        )
        queues = _consume_queues(functions, storage)
        resources = self._resources(tables, storage, key, queues, secrets, realtime)
        api_name = f"{settings.resource_prefix}-{API_HANDLER}"  # its log group's name too
        invoke_by_name(chalice, sam, functions[API_HANDLER], api_name)
        api = (regional_domain(), stage_name(sam))
        site = build_site(self, stage, storage.access_logs, storage.bucket, api, realtime.origin)
        # The page's origin: the stage's own domains and the distribution's.
        origins = (*settings.allowed_origins, site.origin)
        allow_browser_access(self, stage, storage.bucket, origins)
        environment = {
            **_environment(storage, resources, origins, site.origin),
            "REALTIME_URL": realtime.url,
        }
        _configure_functions(functions, resources, environment)
        machine = build_state_machine(self, stage, functions)
        dead_letters = [*storage.dead_letter_queues, self._job_dead_letters(storage.queue_key)]
        build_schedules(self, functions[JOB_FUNCTION], dead_letters[-1])
        configure_api(self, stage, chalice)
        build_alarms(self, key, machine, functions, dead_letters)
        CfnOutput(self, "BucketName", value=storage.bucket.bucket_name)
        CfnOutput(self, "StateMachineArn", value=machine.state_machine_arn)
        CfnOutput(self, "UploadQueueUrl", value=storage.upload_queue.queue_url)

    def _secrets(self, key: kms.IKey) -> dict[str, secretsmanager.ISecret]:
        prefix = self.stage.settings().resource_prefix
        secrets: dict[str, secretsmanager.ISecret] = {}
        for variable, name in SECRET_VARIABLES.items():
            secret = secretsmanager.Secret(
                self,
                "".join(part.title() for part in variable.split("_")),
                secret_name=f"{prefix}/{name}",
                encryption_key=key,
                removal_policy=self.retain,
            )
            nag.acknowledge(secret, "AwsSolutions-SMG4", nag.SECRET_ROTATION_REASON)
            secrets[variable] = secret
        return secrets

    def _resources(
        self,
        tables: dict[str, dynamodb.CfnTable],
        storage: Storage,
        key: kms.IKey,
        queues: dict[str, sqs.IQueue],
        secrets: dict[str, secretsmanager.ISecret],
        realtime: Realtime,
    ) -> Resources:
        settings = self.stage.settings()
        machine_name = state_machine_name(self.stage)
        return Resources(
            tables=tables,
            table_indexes={
                name: [
                    index["IndexName"]
                    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes")
                    for index in table_definition(model).get(kind, [])
                ]
                for name, model in ALL_MODELS.items()
            },
            bucket=storage.bucket,
            data_key=key,
            queue_key=storage.queue_key,
            state_machine_arn=self.format_arn(
                service="states",
                resource="stateMachine",
                resource_name=machine_name,
                arn_format=ArnFormat.COLON_RESOURCE_NAME,
            ),
            state_machine_name=machine_name,
            queues=queues,
            webhook_queue=storage.webhook_queue,
            secrets=secrets,
            connections_arn=realtime.connections_arn,
            sender_identity=self.format_arn(
                service="ses", resource="identity", resource_name=settings.email_sender
            ),
            domain_identity=self.format_arn(
                service="ses", resource="identity", resource_name=settings.company_domain
            ),
        )

    def _job_dead_letters(self, queue_key: kms.IKey) -> sqs.Queue:
        """Where scheduled job invocations go when EventBridge cannot deliver them."""
        queue = sqs.Queue(
            self,
            "JobDeliveryDlq",
            encryption=sqs.QueueEncryption.KMS,
            encryption_master_key=queue_key,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        nag.acknowledge(queue, "AwsSolutions-SQS3", nag.DLQ_REASON)
        return queue


def _environment(
    storage: Storage, resources: Resources, origins: tuple[str, ...], site_origin: str
) -> dict[str, str]:
    """What every function reads of the stack (`config.DEPLOYED_REQUIRED`)."""
    return {
        "BUCKET_NAME": storage.bucket.bucket_name,
        "STATE_MACHINE_ARN": resources.state_machine_arn,
        "UPLOAD_QUEUE_URL": storage.upload_queue.queue_url,
        "WEBHOOK_QUEUE_URL": storage.webhook_queue.queue_url,
        "ALLOWED_ORIGINS": ",".join(origins),
        # Links in emails and the checkout's return lead to the website.
        "PUBLIC_BASE_URL": site_origin,
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }


def _configure_functions(
    functions: dict[str, Function], resources: Resources, environment: dict[str, str]
) -> None:
    """Each function's least-privilege role and the stack's environment."""
    for function in functions.values():
        grant(function, resources)
        for variable, value in environment.items():
            function.set_environment(variable, value)


def _consume_queues(functions: dict[str, Function], storage: Storage) -> dict[str, sqs.IQueue]:
    """Each SQS event source of the app reads its queue as `chalicelib.queues` defines it,
    reporting partial batch failures; the queues by the name Chalice's template gives."""
    upload_queue, webhook_queue = storage.upload_queue, storage.webhook_queue
    queues = {upload_queue.queue_name: upload_queue, webhook_queue.queue_name: webhook_queue}
    consumed = {UPLOADS.consumer: upload_queue, WEBHOOKS.consumer: webhook_queue}
    for function in functions.values():
        for event, queue_name in function.sqs_events.items():
            if function.name not in consumed:
                raise ValueError(f"{function.name} consumes a queue chalicelib.queues lacks")
            # The name `chalice package` wrote comes from the stage app.py was imported
            # with; the consumer reads its queue as defined, whatever that name says.
            queues[queue_name] = consumed[function.name]
            function.resource.add_property_override(
                f"Events.{event}.Properties.Queue", queues[queue_name].queue_arn
            )
            # The handler answers `batchItemFailures` (Powertools BatchProcessor):
            # only the records that failed return to the queue.
            function.resource.add_property_override(
                f"Events.{event}.Properties.FunctionResponseTypes",
                ["ReportBatchItemFailures"],
            )
    return queues
