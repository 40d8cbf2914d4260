"""Remix: an output of one of the user's own generations as an input or a mask, by
`{generation_id, index}`, copied under the new generation's prefix (deleting the
source leaves it whole); another user's generation answers 404."""

from __future__ import annotations

import boto3
import pytest

from chalicelib.config import get_settings
from tests.support.generations import user_id_of, wait_done


@pytest.fixture
def user(api):
    token = api.verified_user("remix@example.com")
    return token, user_id_of(api, token)


def generate(api, token, body):
    created = api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    return wait_done(api, token, created.json["id"])


def keys(user_id, generation_id):
    listed = boto3.client("s3", region_name="us-east-1").list_objects_v2(
        Bucket=get_settings().bucket, Prefix=f"generations/{user_id}/{generation_id}/"
    )
    return sorted(o["Key"].rsplit("/", 1)[1] for o in listed.get("Contents", []))


def test_a_remix_uses_an_own_output_and_survives_its_deletion(api, user):
    token, user_id = user
    source = generate(api, token, {"prompt": "a lighthouse", "size": "1024x1024"})
    assert source["status"] == "succeeded", source
    ref = {"generation_id": source["id"], "index": 0}
    remix = generate(api, token, {"prompt": "paint it red", "input_images": [ref]})
    assert remix["status"] == "succeeded", remix
    assert remix["parent"] == ref
    assert remix["params"]["input_images"] == [ref]
    assert keys(user_id, remix["id"]) == ["0.png", "0.thumb.webp", "input-0.png"]
    assert api.delete(f"/v1/generations/{source['id']}", token=token).status == 204
    again = api.get(f"/v1/generations/{remix['id']}", token=token)
    assert again.status == 200 and again.json["parent"] == ref
    assert "input-0.png" in keys(user_id, remix["id"])
    # The source is gone: remixing it again answers 404, and nothing is held.
    gone = api.post("/v1/generations", {"prompt": "again", "input_images": [ref]}, token=token)
    assert gone.status == 404, gone.json
    assert api.get("/v1/me", token=token).json["credits"]["held"] == 0


def test_another_users_output_answers_404_and_holds_nothing(api, user):
    token, _ = user
    other = api.verified_user("remix-other@example.com")
    theirs = generate(api, other, {"prompt": "a secret garden"})
    ref = {"generation_id": theirs["id"], "index": 0}
    for body in (
        {"prompt": "mine now", "input_images": [ref]},
        {"prompt": "mine now", "input_images": [ref], "mask": ref},
    ):
        answer = api.post("/v1/generations", body, token=token)
        assert answer.status == 404, answer.json
    assert api.get("/v1/me", token=token).json["credits"]["held"] == 0
    assert api.get("/v1/generations", token=token).json["data"] == []


def test_a_malformed_reference_is_a_validation_error(api, user):
    token, _ = user
    for ref in (
        {"generation_id": "gen_x", "index": 0},
        {"generation_id": "gen_" + "a" * 26},
        {"generation_id": "gen_" + "a" * 26, "index": 0, "extra": 1},
    ):
        answer = api.post("/v1/generations", {"prompt": "x", "input_images": [ref]}, token=token)
        assert answer.status == 422, (ref, answer.json)
