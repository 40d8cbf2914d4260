"""The retention job enforces every period of the map when the clock moves forward,
whatever TTL or lifecycle rules do; lifecycle rules come from the map."""

from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from chalicelib.privacy.lifecycle import lifecycle_rules
from tests.support import generations, images
from tests.support.privacy import put_object, s3, scan_all_tables


def keys_left(prefix):
    listed = s3().list_object_versions(Bucket=get_settings().bucket, Prefix=prefix)
    return sorted(v["Key"] for v in listed.get("Versions", []) + listed.get("DeleteMarkers", []))


def test_periods_are_enforced_as_time_passes(frozen_api, clock):
    token = frozen_api.verified_user("old@example.com")
    user_id = frozen_api.get("/v1/me", token=token).json["id"]
    frozen_api.put(
        "/v1/consent", {"functional": True, "analytics": True, "marketing": False}, token=token
    )
    frozen_api.post("/v1/events", {"events": [{"type": "page_view", "name": "/"}]}, token=token)
    frozen_api.post("/v1/support/messages", {"subject": "s", "body": "b"}, token=token)
    orphan = s3_keys.generation_key(user_id, "gen_orphan", "0.png")  # no item: backstop only
    put_object(orphan, b"img")
    # A free-plan generation (30 days) with an input image, through the API.
    uploaded = generations.upload(frozen_api, token, images.png(), "image/png")
    body = {"prompt": "a red kite", "input_images": [uploaded["id"]]}
    created = frozen_api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    assert generations.wait_done(frozen_api, token, created.json["id"])["status"] == "succeeded"
    generated = s3_keys.generation_prefix(user_id, created.json["id"])
    assert keys_left(generated) and keys_left(s3_keys.INPUTS)
    upload = s3_keys.upload_key(user_id, "upl_old")
    put_object(upload, b"v1")
    put_object(upload, b"v2")  # v1 becomes a noncurrent version (the backup window)

    def run():
        return frozen_api.post("/v1/dev/run-jobs").json["retention_cleanup"]

    assert sum(run().values()) == 0
    clock.advance(days=31)
    report = run()
    assert report["s3:uploads"] == 2 and keys_left(s3_keys.UPLOADS) == []
    # The expired generation and upload go with their objects (every version), not
    # after the prefix's longest period (365 days for generations/).
    assert report["generations"] == 1 and report["generations:objects"] >= 2
    assert keys_left(s3_keys.GENERATIONS) == [orphan]
    assert report["uploads"] == 1 and report["uploads:objects"] >= 1
    assert keys_left(s3_keys.INPUTS) == []
    assert report["sessions"] == 1  # 30 days without use
    assert report["usage_events"] == 0
    assert frozen_api.get("/v1/me", token=token).status == 401
    clock.advance(days=60)
    assert run()["usage_events"] == 1
    clock.advance(days=300)
    report = run()
    assert report["security_events"] >= 1 and report["consent"] == 0
    assert report["s3:generations"] == 1
    clock.advance(days=400)
    report = run()
    assert report["support_messages"] == 1 and report["consent"] == 1
    tables = scan_all_tables()
    for name in ("sessions", "security_events", "usage_events", "support_messages", "consent"):
        assert tables[name] == [], name
    assert tables["users"] and tables["ledger"]  # kept while the account exists


def test_lifecycle_rules_come_from_the_map_and_are_applied():
    rules = {r["ID"]: r for r in lifecycle_rules()}
    assert rules["expire-uploads-uploads"]["Expiration"] == {"Days": 30}
    assert rules["expire-exports-exports"]["Filter"] == {"Prefix": s3_keys.EXPORTS}
    paid = rules["expire-generations-generations_paid"]
    assert paid["Filter"]["And"]["Tags"] == [
        {"Key": s3_keys.RETENTION_TAG, "Value": "generations_paid"}
    ]
    assert paid["Expiration"] == {"Days": 365}
    housekeeping = rules["backups-and-housekeeping"]
    assert housekeeping["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    assert housekeeping["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}


def test_the_local_bucket_carries_the_rules(aws):
    applied = s3().get_bucket_lifecycle_configuration(Bucket=get_settings().bucket)["Rules"]
    assert {r["ID"] for r in applied} == {r["ID"] for r in lifecycle_rules()}
