"""Export: every category of the data map appears in the ZIP, with the image files."""

import io
import json
import zipfile
from urllib.parse import parse_qs, urlparse

from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from chalicelib.privacy.data_map import load
from tests.support.api import PASSWORD
from tests.support.privacy import (
    UNIQUE_NAME,
    s3,
    scan_all_tables,
    seed_everything,
    seed_webhook,
)

DATA_MAP = load()


def run_jobs(api):
    response = api.post("/v1/dev/run-jobs")
    assert response.status == 200, response.json
    return response.json


def export_zip(api, token, user_id):
    created = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
    assert created.status == 202, created.json
    request = created.json
    assert request["status"] == "pending" and request["type"] == "export"
    assert run_jobs(api)["privacy_exports"] == {"completed": 1, "failed": 0}
    done = api.get(f"/v1/privacy/requests/{request['id']}", token=token).json
    assert done["status"] == "completed"
    query = parse_qs(urlparse(done["download_url"]).query)
    assert int(query["X-Amz-Expires"][0]) <= 24 * 3600
    key = s3_keys.export_key(user_id, request["id"])
    body = s3().get_object(Bucket=get_settings().bucket, Key=key)["Body"].read()
    return done, zipfile.ZipFile(io.BytesIO(body))


def test_export_holds_every_category_of_the_map(api):
    token, user_id = seed_everything(api, "exp@example.com", PASSWORD)
    request, archive = export_zip(api, token, user_id)
    names = set(archive.namelist())
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["schema_version"] == 1
    exported = [t for t in DATA_MAP.tables if t.export]
    for entry in exported:
        assert f"{entry.export}.json" in names, entry.table
        assert manifest["categories"][entry.export]["count"] >= 1, entry.table
        assert len(json.loads(archive.read(f"{entry.export}.json"))) >= 1, entry.table
        for stem in entry.export_split.values():
            assert f"{stem}.json" in names
    for prefix in DATA_MAP.prefixes:
        if prefix.export:
            files = manifest["categories"][f"files/{prefix.name}"]["files"]
            assert files, prefix.name
    assert archive.read("files/uploads/upl_1") == b"\x89PNG second version"
    assert archive.read("files/generations/gen_1/0.png").startswith(b"\x89PNG generated")
    account = json.loads(archive.read("account.json"))[0]
    assert account["name"] == UNIQUE_NAME and "password_hash" not in account
    assert json.loads(archive.read("settings.json"))["theme"] == "dark"
    sessions = json.loads(archive.read("sessions.json"))
    assert all("token_hash" not in s for s in sessions)
    [key] = json.loads(archive.read("api_keys.json"))
    assert key["name"] == f"{UNIQUE_NAME}'s script" and key["prefix"].startswith("gi2_sk_")
    assert key["last_used_at"] and "key_hash" not in key
    [stored] = scan_all_tables()["api_keys"]
    assert not any(stored["key_hash"]["S"].encode() in archive.read(n) for n in names)
    assert request["expires_at"] > request["completed_at"]
    email = api.last_email("exp@example.com")
    assert "export is ready" in email["subject"]


def test_download_link_disappears_when_the_file_expires(frozen_api, clock):
    token = frozen_api.verified_user("exp2@example.com")
    user_id = frozen_api.get("/v1/me", token=token).json["id"]
    request, _ = export_zip(frozen_api, token, user_id)
    clock.advance(days=7, minutes=1)
    again = frozen_api.get(f"/v1/privacy/requests/{request['id']}", token=token).json
    assert "download_url" not in again
    clock.advance(days=1)  # margin: S3 dated the file by the real clock, which ran on
    frozen_api.post("/v1/dev/run-jobs")
    key = s3_keys.export_key(user_id, request["id"])
    versions = s3().list_object_versions(Bucket=get_settings().bucket, Prefix=key)
    assert not versions.get("Versions") and not versions.get("DeleteMarkers")


def test_export_holds_the_library(api):
    token, user_id = seed_everything(api, "lib-exp@example.com", PASSWORD)
    _, archive = export_zip(api, token, user_id)
    collections = json.loads(archive.read("collections.json"))
    named = [c for c in collections if c.get("name") == f"{UNIQUE_NAME}'s best"]
    assert len(named) == 1 and int(named[0]["item_count"]) == 1
    generations = json.loads(archive.read("generations.json"))
    [generation] = [g for g in generations if not g.get("workflow_run_id")]
    assert generation["favorite_of"] == user_id
    assert generation["collection_ids"] == [named[0]["collection_id"]]
    words = {w["word_key"].split("#")[0] for w in json.loads(archive.read("prompt_words.json"))}
    assert {"lighthouse", "ottoline"} <= words


def test_export_holds_workflows_and_their_runs(api):
    token, user_id = seed_everything(api, "runs-exp@example.com", PASSWORD)
    _, archive = export_zip(api, token, user_id)
    [workflow] = json.loads(archive.read("workflows.json"))
    [run] = json.loads(archive.read("workflow_runs.json"))
    assert run["workflow_id"] == workflow["workflow_id"]
    assert run["expansions"][0]["inputs"] == {"who": UNIQUE_NAME}
    [made] = run["expansions"][0]["steps"][0]["generation_ids"]
    generations = {g["generation_id"]: g for g in json.loads(archive.read("generations.json"))}
    assert generations[made]["workflow_run_id"] == run["run_id"]
    assert (run["status"], int(run["captured"])) == ("succeeded", int(run["credits"]))


def test_export_lists_webhook_endpoints_without_their_secret(api):
    token, user_id = seed_everything(api, "hooks-exp@example.com", PASSWORD)
    secret = seed_webhook(api, token)
    _, archive = export_zip(api, token, user_id)
    endpoints = json.loads(archive.read("webhook_endpoints.json"))
    assert len(endpoints) == 2 and all("secret" not in e for e in endpoints)
    assert {e["description"] for e in endpoints} == {f"for {UNIQUE_NAME}"}
    deliveries = json.loads(archive.read("webhook_deliveries.json"))
    assert [d["event_type"] for d in deliveries] == ["ping", "ping"]
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert secret.encode() not in everything
    assert b"whsec_" not in everything
