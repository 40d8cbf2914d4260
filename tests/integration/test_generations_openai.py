"""The workflow against a fake OpenAI server driven by the real openai SDK: success,
429 then success, 500 forever, a timeout, moderation blocks on input and output, a
malformed answer, and an edit with a mask. After each: the ledger sums to the balance,
no hold is pending, and the end state and charge are right."""

import dataclasses

import pytest

from chalicelib.config import SecretRef, get_settings
from chalicelib.services import set_services
from devstack.wiring import local_services
from tests.support import images
from tests.support.fake_openai import PROVENANCE, fake_openai
from tests.support.generations import (
    assert_reconciled,
    upload,
    user_id_of,
    wait_done,
    wait_execution,
)


@pytest.fixture
def fake(aws):
    with fake_openai() as server:
        settings = dataclasses.replace(
            get_settings(),
            image_provider="openai",
            openai_api_key_ref=SecretRef("sk-test"),
            openai_base_url=server.base_url,
            openai_timeout_seconds=0.5,
        )
        container = local_services(settings)
        set_services(container)
        yield server
        set_services(None)


@pytest.fixture
def user(fake):
    from tests.support.api import ApiClient

    api = ApiClient()
    token = api.verified_user("openai@example.com")
    return api, token, user_id_of(api, token)


def run(api, token, body=None):
    response = api.post("/v1/generations", body or {"prompt": "a red fox"}, token=token)
    assert response.status == 202, response.json
    return wait_done(api, token, response.json["id"])


def test_success_stores_the_provider_bytes_untouched(fake, user):
    api, token, user_id = user
    done = run(api, token, {"prompt": "a red fox", "n": 2, "quality": "low"})
    assert done["status"] == "succeeded" and done["cost"]["state"] == "captured"
    assert done["usage"]["output_tokens"] == 1056
    assert len(done["images"]) == 2
    from chalicelib.services import get_services

    objects = get_services().objects
    stored = objects.get(f"generations/{user_id}/{done['id']}/0.png")
    assert PROVENANCE in stored  # provenance metadata kept
    [(_, moderation), (_, request)] = fake.requests
    assert moderation["input"][0] == {"type": "text", "text": "a red fox"}
    assert request["model"] == "gpt-image-2" and request["n"] == 2
    assert request["user"].startswith("usr_") and request["user"] != user_id
    user_row = assert_reconciled(user_id)
    assert user_row.credits_available == 50 - done["cost"]["credits"]


@pytest.mark.parametrize(("asked", "sent"), [(None, "medium"), ("auto", "medium"), ("low", "low")])
def test_the_provider_gets_the_quality_we_priced(fake, user, asked, sent):
    api, token, user_id = user
    body = {"prompt": "a red fox"} | ({"quality": asked} if asked else {})
    quote = api.post("/v1/generations/quote", body, token=token).json
    done = run(api, token, body)
    assert done["status"] == "succeeded" and done["params"]["quality"] == (asked or "auto")
    [request] = [body for name, body in fake.requests if name == "generations"]
    assert request["quality"] == sent == quote["breakdown"]["quality"]
    assert assert_reconciled(user_id).credits_available == 50 - quote["credits"]


def test_429_then_success_retries_and_charges_once(fake, user):
    api, token, user_id = user
    fake.plan("generations", "429", "ok")
    done = run(api, token)
    assert done["status"] == "succeeded"
    assert fake.calls("generations") == 2
    assert assert_reconciled(user_id).credits_available == 50 - done["cost"]["credits"]


def test_500_forever_fails_and_releases(fake, user):
    api, token, user_id = user
    fake.plan("generations", "500")
    done = run(api, token)
    assert done["status"] == "failed" and done["error"]["code"] == "provider_unavailable"
    assert done["cost"]["state"] == "released"
    assert fake.calls("generations") == 3  # the first try and two retries
    assert wait_execution(done["id"]) == "SUCCEEDED"  # handled: no failed-execution alarm
    assert assert_reconciled(user_id).credits_available == 50


def test_timeout_then_success(fake, user):
    api, token, user_id = user
    fake.delay_seconds = 1.0
    fake.plan("generations", "timeout", "ok")
    done = run(api, token)
    assert done["status"] == "succeeded"
    assert assert_reconciled(user_id).credits_available == 50 - done["cost"]["credits"]


@pytest.mark.parametrize(
    ("endpoint", "behaviour", "stage"),
    [("moderations", "flagged", "input"), ("generations", "moderation_blocked", "output")],
)
def test_moderation_blocks_end_as_blocked(fake, user, endpoint, behaviour, stage):
    api, token, user_id = user
    fake.plan(endpoint, behaviour)
    done = run(api, token)
    assert done["status"] == "blocked"
    assert done["error"] == {
        "code": "moderation_blocked",
        "stage": stage,
        "message": f"Moderation refused the {stage}.",
    }
    assert done["cost"]["state"] == "released" and done["images"] == []
    assert fake.calls("generations") == (0 if stage == "input" else 1)
    assert wait_execution(done["id"]) == "SUCCEEDED"
    assert assert_reconciled(user_id).credits_available == 50


def test_malformed_response_fails_without_retry(fake, user):
    api, token, user_id = user
    fake.plan("generations", "malformed")
    done = run(api, token)
    assert done["status"] == "failed" and done["error"]["code"] == "provider_error"
    assert fake.calls("generations") == 1
    assert assert_reconciled(user_id).credits_available == 50


def test_edit_with_a_mask_sends_every_input(fake, user):
    api, token, user_id = user
    first = upload(api, token, images.png(64, 48), "image/png")
    second = upload(api, token, images.gps_jpeg(40, 40), "image/jpeg")
    mask = upload(api, token, images.mask_png(64, 48), "image/png", "mask")
    wrong = upload(api, token, images.mask_png(32, 32), "image/png", "mask")
    body = {"prompt": "make it blue", "input_images": [first["id"], second["id"]]}
    mismatch = api.post("/v1/generations", {**body, "mask": wrong["id"]}, token=token)
    assert mismatch.status == 422 and mismatch.json["errors"][0]["field"] == "mask"
    done = run(api, token, {**body, "mask": mask["id"]})
    assert done["status"] == "succeeded", done
    [edit] = [body for name, body in fake.requests if name == "edits"]
    assert sorted(f for f in edit["fields"] if f.startswith(("image", "mask"))) == [
        "image[]",
        "image[]",
        "mask",
    ]
    assert edit["form"]["quality"] == "medium"  # "auto" is priced, and sent, as medium
    assert done["params"]["input_images"] == [first["id"], second["id"]]
    moderation = next(body for name, body in fake.requests if name == "moderations")
    assert [part["type"] for part in moderation["input"]] == ["text", "image_url", "image_url"]
    assert_reconciled(user_id)
