"""On the running local stack: export and download the ZIP, restrict and lift, delete the
account, run the jobs, and find nothing of the person left."""

import io
import json
import re
import zipfile

import boto3
import httpx
import pytest

pytestmark = pytest.mark.e2e

EMAIL = "e2e-privacy@example.com"
PASSWORD = "correct horse battery staple"
NAME = "Philomena Eetwoe"


def code_for(http):
    outbox = http.get("/v1/dev/outbox").json()["data"]
    body = next(m["body"] for m in outbox if m["to"] == EMAIL and "code" in m["body"])
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_export_restrict_delete(http, local_stack):
    policy = http.get("/v1/legal/privacy").json()["version"]
    signup = http.post(
        "/v1/auth/signup",
        json={
            "email": EMAIL,
            "password": PASSWORD,
            "name": NAME,
            "birth_date": "1990-02-03",
            "accept_policy_version": policy,
        },
    )
    assert signup.status_code == 201, signup.text
    auth = {"Authorization": f"Bearer {signup.json()['token']}"}
    user_id = signup.json()["user"]["id"]
    assert http.post(
        "/v1/auth/verify-email", json={"code": code_for(http)}, headers=auth
    ).is_success
    http.post("/v1/support/messages", json={"subject": "Hi", "body": NAME}, headers=auth)

    export = http.post("/v1/privacy/requests", json={"type": "export"}, headers=auth).json()
    jobs = http.post("/v1/dev/run-jobs").json()
    assert jobs["privacy_exports"]["completed"] == 1
    ready = http.get(f"/v1/privacy/requests/{export['id']}", headers=auth).json()
    archive = zipfile.ZipFile(io.BytesIO(httpx.get(ready["download_url"]).content))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["categories"]["account"]["count"] == 1
    assert json.loads(archive.read("account.json"))[0]["email"] == EMAIL
    assert manifest["categories"]["ledger"]["count"] == 1  # the signup bonus

    restrict = http.post("/v1/privacy/requests", json={"type": "restriction"}, headers=auth)
    assert restrict.status_code == 200 and http.get("/v1/me", headers=auth).json()["restricted"]
    assert http.patch("/v1/me", json={"name": "X"}, headers=auth).status_code == 409
    lift = http.post("/v1/privacy/requests", json={"type": "restriction_lift"}, headers=auth)
    assert lift.status_code == 200 and not http.get("/v1/me", headers=auth).json()["restricted"]

    deletion = http.post("/v1/privacy/requests", json={"type": "deletion"}, headers=auth)
    assert deletion.status_code == 202, deletion.text
    jobs = http.post("/v1/dev/run-jobs").json()
    assert jobs["deletion_executor"]["deleted_accounts"] == 1
    assert http.get("/v1/me", headers=auth).status_code == 401

    info = http.get("/v1/dev/info").json()
    session = {
        "endpoint_url": local_stack["aws"],
        "region_name": info["region"],
        "aws_access_key_id": "local",
        "aws_secret_access_key": "local",
    }
    ddb = boto3.client("dynamodb", **session)
    needles = (user_id, EMAIL, NAME)
    for table in info["tables"].values():
        for item in ddb.scan(TableName=table)["Items"]:
            assert not any(n in json.dumps(item) for n in needles), table
    s3 = boto3.client("s3", **session)
    listed = s3.list_object_versions(Bucket=info["bucket"])
    for version in listed.get("Versions", []) + listed.get("DeleteMarkers", []):
        assert user_id not in version["Key"]
