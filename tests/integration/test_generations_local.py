"""Generations end to end through the API, the real ASL on moto's interpreter and the
local (Pillow) provider: quote, hold, capture, images with thumbnails, cancel, delete,
list, validation and the admission rules."""

import boto3
import pytest

from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.config import get_settings
from tests.support.generations import (
    assert_reconciled,
    user_id_of,
    wait_done,
    wait_execution,
)


@pytest.fixture
def user(api):
    token = api.verified_user("gen@example.com")
    return token, user_id_of(api, token)


def submit(api, token, body=None, **headers):
    return api.post(
        "/v1/generations", body or {"prompt": "a lighthouse at dawn"}, token=token, headers=headers
    )


def test_text_to_image_succeeds_and_charges_the_quote_once(api, user):
    token, user_id = user
    quote = api.post("/v1/generations/quote", {"prompt": "a lighthouse at dawn"}, token=token)
    assert quote.status == 200
    credits = quote.json["credits"]
    response = submit(api, token)
    assert response.status == 202, response.json
    assert response.header("location") == f"/v1/generations/{response.json['id']}"
    assert response.json["status"] == "queued"
    assert response.json["cost"] == {"credits": credits, "state": "held"}
    assert api.get("/v1/me", token=token).json["credits"]["held"] == credits
    done = wait_done(api, token, response.json["id"])
    assert done["status"] == "succeeded", done
    assert done["cost"] == {"credits": credits, "state": "captured"}
    assert done["usage"]["output_tokens"] > 0
    [image] = done["images"]
    assert (image["width"], image["height"], image["format"]) == (1024, 1024, "png")
    assert "X-Amz-Expires=900" in image["url"] or "Expires=" in image["url"]
    user_row = assert_reconciled(user_id)
    assert user_row.credits_available == 50 - credits
    s3 = boto3.client("s3", region_name="us-east-1")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=get_settings().bucket)["Contents"]]
    prefix = f"generations/{user_id}/{done['id']}/"
    assert sorted(keys) == [f"{prefix}0.png", f"{prefix}0.thumb.webp"]
    tags = s3.get_object_tagging(Bucket=get_settings().bucket, Key=f"{prefix}0.png")["TagSet"]
    assert tags == [{"Key": "retention-class", "Value": "generations_free"}]


def test_idempotency_key_replays_and_rejects_another_body(api, user):
    token, user_id = user
    first = submit(api, token, **{"Idempotency-Key": "k-1"})
    again = submit(api, token, **{"Idempotency-Key": "k-1"})
    assert first.status == again.status == 202
    assert first.json == again.json and again.header("idempotent-replayed") == "true"
    other = submit(api, token, {"prompt": "something else"}, **{"Idempotency-Key": "k-1"})
    assert other.status == 409 and other.json["code"] == "idempotency_key_reused"
    wait_done(api, token, first.json["id"])
    assert len(api.get("/v1/generations", token=token).json["data"]) == 1
    assert_reconciled(user_id)


def test_insufficient_credits_and_invalid_parameters_create_nothing(api, user):
    token, user_id = user
    big = {"prompt": "x", "model": "gpt-image-1.5", "quality": "medium", "n": 10}
    assert api.post("/v1/generations/quote", big, token=token).json["credits"] > 50
    response = submit(api, token, big)
    assert response.status == 402 and response.json["code"] == "insufficient_credits"
    bad = submit(api, token, {"prompt": "x", "size": "1000x1000", "background": "transparent"})
    assert bad.status == 422
    assert {e["field"] for e in bad.json["errors"]} == {"size", "background"}
    high = submit(api, token, {"prompt": "x", "quality": "high"})
    assert high.status == 422 and high.json["errors"][0]["field"] == "quality"
    assert submit(api, token, {"prompt": "x", "unknown": 1}).status == 422
    assert submit(api, token, {"prompt": ""}).status == 422
    assert api.get("/v1/generations", token=token).json == {"data": [], "next_cursor": None}
    assert assert_reconciled(user_id).credits_available == 50


def test_unverified_restricted_and_suspended_accounts_get_403(api, services):
    from chalicelib.adapters.models.accounts import UserModel

    unverified = api.signup("new@example.com").json["token"]
    assert submit(api, unverified).json["code"] == "email_unverified"
    token = api.verified_user("r@example.com")
    user = UserModel.get(user_id_of(api, token))
    user.update(actions=[UserModel.restricted.set(True)])
    assert submit(api, token).json["code"] == "processing_restricted"
    user.update(actions=[UserModel.restricted.set(False), UserModel.suspended.set(True)])
    response = submit(api, token)
    assert response.status == 403 and response.json["code"] == "account_suspended"
    assert api.get("/v1/generations", token=token).json["data"] == []


def test_concurrency_limit_answers_429_with_retry_after(api, user, services):
    token, _ = user
    services.overrides["workflow_runner"] = _NoStart()
    assert submit(api, token).status == 202
    assert submit(api, token).status == 202
    third = submit(api, token)
    assert third.status == 429 and third.json["code"] == "rate_limited"
    assert int(third.header("retry-after")) > 0


def test_cancel_releases_the_hold_and_late_results_are_discarded(api, user, services):
    token, user_id = user
    services.overrides["workflow_runner"] = _NoStart()
    created = submit(api, token).json
    canceled = api.post(f"/v1/generations/{created['id']}/cancel", token=token)
    assert canceled.status == 200
    assert canceled.json["status"] == "canceled"
    assert canceled.json["cost"]["state"] == "released"
    again = api.post(f"/v1/generations/{created['id']}/cancel", token=token)
    assert again.status == 409 and again.json["code"] == "not_cancelable"
    # The workflow's steps arrive late: nothing is generated or captured.
    from chalicelib.domain.step_errors import GenerationCanceled
    from chalicelib.workflow import steps

    event = {"generation_id": created["id"]}
    with pytest.raises(GenerationCanceled):
        steps.generate(event, services)
    assert steps.finalize(event, services) == {"status": "discarded"}
    assert services.objects.versions(f"generations/{user_id}/") == []
    assert steps.release({**event, "error": {"Error": "ProviderUnavailable"}}, services) == {
        "released": False
    }
    assert assert_reconciled(user_id).credits_available == 50


def test_list_paginates_newest_first_and_filters_by_status(api, user, services):
    token, user_id = user
    services.overrides["workflow_runner"] = _NoStart()
    from chalicelib.adapters.models.accounts import UserModel

    ids = []
    for _ in range(3):
        ids.append(submit(api, token).json["id"])
        UserModel.get(user_id).update(actions=[UserModel.active_generations.set(0)])
    api.post(f"/v1/generations/{ids[0]}/cancel", token=token)
    page = api.get("/v1/generations?limit=2", token=token).json
    assert [g["id"] for g in page["data"]] == [ids[2], ids[1]]
    rest = api.get(f"/v1/generations?limit=2&cursor={page['next_cursor']}", token=token).json
    assert [g["id"] for g in rest["data"]] == [ids[0]] and rest["next_cursor"] is None
    canceled = api.get("/v1/generations?status=canceled", token=token).json["data"]
    assert [g["id"] for g in canceled] == [ids[0]]
    assert api.get("/v1/generations?status=nope", token=token).status == 422
    assert api.get("/v1/generations?cursor=zzz", token=token).status == 422


def test_delete_removes_the_task_and_every_image_version(api, user):
    token, user_id = user
    created = submit(api, token).json
    wait_done(api, token, created["id"])
    assert api.delete(f"/v1/generations/{created['id']}", token=token).status == 204
    assert api.get(f"/v1/generations/{created['id']}", token=token).status == 404
    s3 = boto3.client("s3", region_name="us-east-1")
    listed = s3.list_object_versions(
        Bucket=get_settings().bucket, Prefix=f"generations/{user_id}/{created['id']}/"
    )
    assert listed.get("Versions", []) == [] and listed.get("DeleteMarkers", []) == []
    assert assert_reconciled(user_id)


def test_delete_forgets_the_idempotency_key_and_its_prompt(api, user):
    token, user_id = user
    body = {"prompt": "my secret diary page"}
    created = submit(api, token, body, **{"Idempotency-Key": "k-del"}).json
    wait_done(api, token, created["id"])
    assert api.delete(f"/v1/generations/{created['id']}", token=token).status == 204
    # The key is free again: the same request runs as a new submission.
    again = submit(api, token, body, **{"Idempotency-Key": "k-del"})
    assert again.status == 202 and again.header("idempotent-replayed") is None
    assert again.json["id"] != created["id"]
    wait_done(api, token, again.json["id"])
    assert api.delete(f"/v1/generations/{again.json['id']}", token=token).status == 204
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    table = ALL_MODELS["idempotency"].Meta.table_name
    assert ddb.scan(TableName=table)["Items"] == []  # no copy of the prompt left
    assert_reconciled(user_id)


def test_another_users_generation_is_404(api, user):
    token, _ = user
    created = submit(api, token).json
    other = api.verified_user("other@example.com")
    assert api.get(f"/v1/generations/{created['id']}", token=other).status == 404
    assert api.post(f"/v1/generations/{created['id']}/cancel", token=other).status == 404
    assert api.delete(f"/v1/generations/{created['id']}", token=other).status == 404
    wait_done(api, token, created["id"])


def test_local_moderation_blocks_the_input_and_releases(api, user):
    token, user_id = user
    created = submit(api, token, {"prompt": "a cat [moderation-test-block]"}).json
    done = wait_done(api, token, created["id"])
    assert done["status"] == "blocked"
    assert done["error"]["code"] == "moderation_blocked" and done["error"]["stage"] == "input"
    assert done["cost"]["state"] == "released"
    # A handled outcome: the execution succeeds, the task's status is the truth.
    assert wait_execution(created["id"]) == "SUCCEEDED"
    assert assert_reconciled(user_id).credits_available == 50


def test_models_and_pricing_come_from_one_table(api):
    models = api.get("/v1/models").json["data"]
    default = [m for m in models if m["default"]]
    assert [m["id"] for m in default] == ["gpt-image-2"]
    assert not default[0]["supports_transparent_background"]
    table = api.get("/v1/pricing").json
    row = next(r for r in table["data"] if r["model"] == "gpt-image-2")
    medium = next(
        p for p in row["per_image"] if p["size"] == "1024x1024" and p["quality"] == "medium"
    )
    assert medium["output_tokens"] == 1056 and medium["credits"] >= 1


class _NoStart:
    """A workflow runner that never starts anything (tasks stay queued)."""

    def start(self, name, payload):
        return name

    def stop(self, name, cause):
        return None

    def status(self, name):
        return None
