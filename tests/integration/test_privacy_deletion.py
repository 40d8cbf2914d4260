"""Deletion: re-authentication, grace period (restricted, cancelable), then the executor
leaves nothing of the person anywhere but pseudonymized transaction records."""

import json
from datetime import timedelta

import boto3

from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.clock import isoformat
from chalicelib.config import get_settings
from tests.support.api import PASSWORD
from tests.support.privacy import (
    PROMPT,
    UNIQUE_NAME,
    all_object_versions,
    put_object,
    s3,
    scan_all_tables,
    seed_everything,
)

EMAIL = "gone@example.com"


def request_deletion(api, token, **kw):
    return api.post("/v1/privacy/requests", {"type": "deletion"}, token=token, **kw)


def test_deletion_needs_a_fresh_session(frozen_api, clock):
    token = frozen_api.verified_user("fresh@example.com")
    clock.advance(minutes=11)
    response = request_deletion(frozen_api, token)
    assert response.status == 401 and response.json["code"] == "reauth_required"
    assert frozen_api.post("/v1/auth/reauth", {"password": PASSWORD}, token=token).status == 204
    assert request_deletion(frozen_api, token).status == 202


def test_grace_period_restricts_and_can_be_canceled(frozen_api, clock):
    token = frozen_api.verified_user("grace@example.com")
    created = request_deletion(frozen_api, token).json
    assert created["status"] == "pending"
    assert created["scheduled_for"] == isoformat(clock.now() + timedelta(days=7))
    assert created["due_at"] == isoformat(clock.now() + timedelta(days=30))
    me = frozen_api.get("/v1/me", token=token).json
    assert me["restricted"] is True
    assert me["deletion"] == {
        "request_id": created["id"],
        "scheduled_for": created["scheduled_for"],
    }
    assert frozen_api.patch("/v1/me", {"name": "X"}, token=token).json["code"] == (
        "processing_restricted"
    )
    again = request_deletion(frozen_api, token)
    assert again.status == 409 and again.json["code"] == "deletion_pending"
    lift = frozen_api.post("/v1/privacy/requests", {"type": "restriction_lift"}, token=token)
    assert lift.status == 409 and lift.json["code"] == "deletion_pending"
    clock.advance(days=6)
    assert frozen_api.post("/v1/dev/run-jobs").json["deletion_executor"]["deleted_accounts"] == 0
    canceled = frozen_api.post(f"/v1/privacy/requests/{created['id']}/cancel", token=token)
    assert canceled.status == 200 and canceled.json["status"] == "canceled"
    me = frozen_api.get("/v1/me", token=token).json
    assert me["restricted"] is False and me["deletion"] is None
    second = frozen_api.post(f"/v1/privacy/requests/{created['id']}/cancel", token=token)
    assert second.status == 409 and second.json["code"] == "not_cancelable"
    clock.advance(days=2)
    frozen_api.post("/v1/dev/run-jobs")
    assert frozen_api.get("/v1/me", token=token).status == 200


def test_executor_erases_everything_but_pseudonymized_ledger(frozen_api, frozen_services, clock):
    token, user_id = seed_everything(frozen_api, EMAIL, PASSWORD)
    customer = frozen_api.get("/v1/billing", token=token).json["billing_contact"]["customer_id"]
    assert frozen_services.stripe.get_customer(customer) is not None
    other = frozen_api.verified_user("bystander@example.com")
    ledger_before = len(scan_all_tables()["ledger"])
    created = request_deletion(frozen_api, token, headers={"Idempotency-Key": "del-1"})
    assert created.status == 202, created.json
    clock.advance(days=7, minutes=1)
    report = frozen_api.post("/v1/dev/run-jobs").json
    assert report["deletion_executor"]["deleted_accounts"] == 1

    needles = [user_id, EMAIL, UNIQUE_NAME, PROMPT]
    tables = scan_all_tables()
    for table, items in tables.items():
        for item in items:
            text = json.dumps(item)
            assert not any(n in text for n in needles), (table, item)
    assert len(tables["ledger"]) == ledger_before  # kept, under a pseudonym
    assert any(i["user_id"]["S"].startswith("psn_") for i in tables["ledger"])
    assert tables["invoices"] and all(
        i["user_id"]["S"].startswith("psn_") for i in tables["invoices"]
    )
    assert len(tables["tombstones"]) == 1
    for version in all_object_versions():
        assert not any(n in version["key"] + version["text"] for n in needles), version["key"]
    assert frozen_services.stripe.get_customer(customer) is None  # asked Stripe to delete it
    assert "has been deleted" in frozen_api.last_email(EMAIL)["subject"]
    assert frozen_api.get("/v1/me", token=token).status == 401
    assert frozen_api.get("/v1/me", token=other).status == 200
    # The request itself is kept (pseudonymized) with an audit trail of counts.
    audit = [i for i in tables["privacy_audit"] if i["request_id"]["S"] == created.json["id"]]
    assert [a["step"]["S"] for a in audit] == ["scheduled", "completed"]


def test_the_object_scan_reads_every_version_body_metadata_and_tags(aws):
    client, bucket, key = s3(), get_settings().bucket, "exports/usr_scan/probe"
    put_object(key, b"first body", Metadata={"who": "meta-needle"})
    put_object(key, b"second body")
    client.put_object_tagging(
        Bucket=bucket, Key=key, Tagging={"TagSet": [{"Key": "note", "Value": UNIQUE_NAME}]}
    )
    texts = [v["text"] for v in all_object_versions() if v["key"] == key]
    assert len(texts) == 2
    joined = " ".join(texts)
    assert "first body" in joined and "meta-needle" in joined and UNIQUE_NAME in joined


def test_a_restored_backup_is_erased_again_but_a_new_signup_is_not(frozen_api, clock):
    token = frozen_api.verified_user("again@example.com")
    backup = scan_all_tables()
    request_deletion(frozen_api, token)
    clock.advance(days=8)
    frozen_api.post("/v1/dev/run-jobs")
    ddb = boto3.client("dynamodb", region_name=get_settings().region)
    for name in ("users", "emails"):  # a restore from backup brings the account back
        for item in backup[name]:
            ddb.put_item(TableName=ALL_MODELS[name].Meta.table_name, Item=item)
    report = frozen_api.post("/v1/dev/run-jobs").json["deletion_executor"]
    assert report["restored_accounts_erased"] == 1
    assert scan_all_tables()["users"] == []
    clock.advance(minutes=1)
    assert frozen_api.signup("again@example.com").status == 201
    report = frozen_api.post("/v1/dev/run-jobs").json["deletion_executor"]
    assert report["restored_accounts_erased"] == 0
    assert len(scan_all_tables()["users"]) == 1
