"""Tables from the model registry; the media bucket and its upload queue."""

from __future__ import annotations

from aws_cdk.assertions import Match

from chalicelib.adapters.models.registry import ALL_MODELS, table_definition, ttl_attribute
from chalicelib.privacy.lifecycle import lifecycle_rules
from infra.tables import short_name
from tests.infra.conftest import resources


def test_every_model_is_a_table_with_its_keys_indexes_and_ttl(assertions, stage):
    assertions.resource_count_is("AWS::DynamoDB::Table", len(ALL_MODELS))
    for model in ALL_MODELS.values():
        definition = table_definition(model)
        expected = {
            "TableName": f"gpt-image-2-{stage}-{short_name(definition['TableName'])}",
            "KeySchema": definition["KeySchema"],
            "AttributeDefinitions": Match.array_equals(definition["AttributeDefinitions"]),
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": {
                "PointInTimeRecoveryEnabled": True,
                "RecoveryPeriodInDays": 35,
            },
            "SSESpecification": Match.object_like({"SSEEnabled": True, "SSEType": "KMS"}),
            "DeletionProtectionEnabled": stage == "prod",
            "GlobalSecondaryIndexes": definition.get("GlobalSecondaryIndexes", Match.absent()),
            "LocalSecondaryIndexes": definition.get("LocalSecondaryIndexes", Match.absent()),
        }
        ttl = ttl_attribute(model)
        expected["TimeToLiveSpecification"] = (
            {"Enabled": True, "AttributeName": ttl} if ttl else Match.absent()
        )
        assertions.has_resource_properties("AWS::DynamoDB::Table", expected)


def test_prod_tables_are_retained_and_dev_tables_are_not(template, stage):
    policies = {t["DeletionPolicy"] for t in resources(template, "AWS::DynamoDB::Table").values()}
    assert policies == {"Retain" if stage == "prod" else "Delete"}


def _media(template):
    """The bucket the functions are given (BUCKET_NAME)."""
    variables = template["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    return template["Resources"][variables["BUCKET_NAME"]["Ref"]]["Properties"]


def test_media_bucket_is_private_encrypted_versioned(template):
    media = _media(template)
    assert media["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert media["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    (encryption,) = media["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    assert media["VersioningConfiguration"] == {"Status": "Enabled"}
    for bucket in resources(template, "AWS::S3::Bucket").values():
        assert "AccessControl" not in bucket["Properties"]  # ACLs disabled everywhere


def test_every_bucket_denies_requests_without_tls(template):
    policies = resources(template, "AWS::S3::BucketPolicy").values()
    assert len(policies) == len(resources(template, "AWS::S3::Bucket"))
    for policy in policies:
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert any(
            s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            for s in statements
        )


def _cfn_rule(rule):
    """S3 API lifecycle shape -> CloudFormation shape, written independently of infra."""
    expected = {"Id": rule["ID"], "Status": rule["Status"]}
    filter_ = rule.get("Filter", {})
    conditions = filter_.get("And", filter_)
    if conditions.get("Prefix"):
        expected["Prefix"] = conditions["Prefix"]
    tags = conditions.get("Tags", [conditions["Tag"]] if "Tag" in conditions else [])
    if tags:
        expected["TagFilters"] = tags
    if "Days" in rule.get("Expiration", {}):
        expected["ExpirationInDays"] = rule["Expiration"]["Days"]
    if "ExpiredObjectDeleteMarker" in rule.get("Expiration", {}):
        expected["ExpiredObjectDeleteMarker"] = rule["Expiration"]["ExpiredObjectDeleteMarker"]
    if "NoncurrentVersionExpiration" in rule:
        expected["NoncurrentVersionExpiration"] = rule["NoncurrentVersionExpiration"]
    if "AbortIncompleteMultipartUpload" in rule:
        expected["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
    return expected


def test_every_lifecycle_rule_matches_the_data_map(template):
    deployed = _media(template)["LifecycleConfiguration"]["Rules"]
    assert deployed == [_cfn_rule(rule) for rule in lifecycle_rules()]


def test_uploads_prefix_notifies_the_upload_queue_which_has_a_dlq(template):
    (notifications,) = resources(template, "Custom::S3BucketNotifications").values()
    (config,) = notifications["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert config["Events"] == ["s3:ObjectCreated:*"]
    assert config["Filter"]["Key"]["FilterRules"] == [{"Name": "prefix", "Value": "uploads/"}]
    queue_id = config["QueueArn"]["Fn::GetAtt"][0]
    queue = template["Resources"][queue_id]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
    dlq_id = queue["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
    assert template["Resources"][dlq_id]["Type"] == "AWS::SQS::Queue"
    assert "KmsMasterKeyId" in queue
