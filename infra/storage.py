"""The media bucket (private, KMS-encrypted, versioned, TLS only, lifecycle rules from the
data map), the upload queue that its `uploads/` ObjectCreated events feed, the webhook
queue (both with their DLQs, as `chalicelib.queues` defines them), and the CORS
rule that lets the website's origins use its presigned URLs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_sqs as sqs
from aws_cdk import custom_resources as cr
from constructs import Construct

from chalicelib.domain import s3_keys
from chalicelib.privacy.lifecycle import lifecycle_rules
from chalicelib.queues import UPLOADS, WEBHOOKS, QueueDefinition
from infra import nag
from infra.stages import Stage

PRESIGNED_URL_MAX_AGE_SECONDS = 900


@dataclass(frozen=True)
class Storage:
    bucket: s3.Bucket
    access_logs: s3.Bucket  # server access logs of every bucket, the distribution's logs
    upload_queue: sqs.Queue
    webhook_queue: sqs.Queue  # webhook attempts, consumed by `deliver_webhook`
    dead_letter_queues: list[sqs.Queue]
    # Queues have their own key: the key policy that lets S3 send notifications names
    # the bucket, and the bucket already names the data key.
    queue_key: kms.Key


def lifecycle_rule(rule: dict[str, Any]) -> s3.LifecycleRule:
    """One rule in S3 PutBucketLifecycleConfiguration's shape, as a CDK rule."""
    filter_ = rule.get("Filter", {})
    conditions = filter_.get("And", filter_)
    tags = conditions.get("Tags", [conditions["Tag"]] if "Tag" in conditions else [])
    expiration = rule.get("Expiration", {})
    noncurrent = rule.get("NoncurrentVersionExpiration", {})
    abort = rule.get("AbortIncompleteMultipartUpload", {})
    return s3.LifecycleRule(
        id=rule["ID"],
        enabled=rule["Status"] == "Enabled",
        prefix=conditions.get("Prefix") or None,
        tag_filters={t["Key"]: t["Value"] for t in tags} or None,
        expiration=Duration.days(expiration["Days"]) if "Days" in expiration else None,
        expired_object_delete_marker=expiration.get("ExpiredObjectDeleteMarker"),
        noncurrent_version_expiration=Duration.days(noncurrent["NoncurrentDays"])
        if noncurrent
        else None,
        abort_incomplete_multipart_upload_after=Duration.days(abort["DaysAfterInitiation"])
        if abort
        else None,
    )


def queue_with_dlq(
    scope: Construct, id: str, definition: QueueDefinition, prefix: str, key: kms.IKey
) -> tuple[sqs.Queue, sqs.Queue]:
    """A queue and its DLQ as `chalicelib.queues` defines them (the local stack too)."""
    dlq = sqs.Queue(
        scope,
        f"{id}Dlq",
        queue_name=definition.dlq_name(prefix),
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        retention_period=Duration.seconds(definition.dlq_retention_seconds),
    )
    queue = sqs.Queue(
        scope,
        id,
        queue_name=definition.name(prefix),
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        visibility_timeout=Duration.seconds(definition.visibility_timeout_seconds),
        retention_period=Duration.seconds(definition.retention_seconds),
        dead_letter_queue=sqs.DeadLetterQueue(
            max_receive_count=definition.max_receive_count, queue=dlq
        ),
    )
    return queue, dlq


def build_storage(scope: Construct, stage: Stage, key: kms.IKey) -> Storage:
    settings = stage.settings()
    retain = RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY
    access_logs = s3.Bucket(
        scope,
        "AccessLogs",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        # CloudFront's standard logs are written with an ACL grant: ACLs stay on here
        # (the bucket owner still owns every object), off on every other bucket.
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        enforce_ssl=True,
        lifecycle_rules=[s3.LifecycleRule(id="expire-access-logs", expiration=Duration.days(90))],
        removal_policy=retain,
    )
    bucket = s3.Bucket(
        scope,
        "Media",
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        bucket_key_enabled=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned=True,
        enforce_ssl=True,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix="media/",
        lifecycle_rules=[lifecycle_rule(rule) for rule in lifecycle_rules()],
        removal_policy=retain,
    )
    queue_key = kms.Key(
        scope,
        "QueueKey",
        alias=f"alias/{settings.resource_prefix}-queues",
        enable_key_rotation=True,
        removal_policy=retain,
    )
    upload_queue, upload_dlq = queue_with_dlq(
        scope, "UploadQueue", UPLOADS, settings.resource_prefix, queue_key
    )
    bucket.add_event_notification(
        s3.EventType.OBJECT_CREATED,
        s3n.SqsDestination(upload_queue),
        s3.NotificationKeyFilter(prefix=s3_keys.UPLOADS),
    )
    webhook_queue, webhook_dlq = queue_with_dlq(
        scope, "WebhookQueue", WEBHOOKS, settings.resource_prefix, queue_key
    )
    dead_letters = [upload_dlq, webhook_dlq]
    return Storage(bucket, access_logs, upload_queue, webhook_queue, dead_letters, queue_key)


def cors_rules(origins: tuple[str, ...]) -> list[dict[str, Any]]:
    """Presigned uploads (POST, PUT) and reads from the website's origins, in S3
    PutBucketCors's shape."""
    return [
        {
            "AllowedMethods": ["POST", "PUT", "GET"],
            "AllowedOrigins": list(origins),
            "AllowedHeaders": ["*"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": PRESIGNED_URL_MAX_AGE_SECONDS,
        }
    ]


def allow_browser_access(
    scope: Construct, stage: Stage, bucket: s3.IBucket, origins: tuple[str, ...]
) -> None:
    """The media bucket's CORS, set after the distribution exists: its origin is the
    distribution's domain, and the distribution's CSP names the bucket, so a CORS rule
    in the bucket's own properties would be a dependency cycle. The rule is set here
    (s3:PutBucketCORS on this bucket only), as CDK sets the bucket's notifications."""
    call = cr.AwsSdkCall(
        service="S3",
        action="putBucketCors",
        parameters={
            "Bucket": bucket.bucket_name,
            "CORSConfiguration": {"CORSRules": cors_rules(origins)},
        },
        physical_resource_id=cr.PhysicalResourceId.of("media-cors"),
    )
    cors = cr.AwsCustomResource(
        scope,
        "MediaCors",
        on_create=call,
        on_update=call,
        policy=cr.AwsCustomResourcePolicy.from_sdk_calls(resources=[bucket.bucket_arn]),
        install_latest_aws_sdk=False,
        log_group=logs.LogGroup(
            scope,
            "MediaCorsLogs",
            retention=stage.log_retention,
            removal_policy=RemovalPolicy.RETAIN if stage.protect_data else RemovalPolicy.DESTROY,
        ),
    )
    nag.acknowledge_custom_resource_provider(cors)
