"""Partial previews: `partial_images` streams the Images API (the real openai SDK
against the fake server's server-sent events). Each preview is stored under the
generation, listed while it runs and pushed to the owner's socket; all of them go when
it ends, its final image stays. A stream that breaks fails cleanly, credits released.
The local provider streams coarse previews too."""

from __future__ import annotations

import dataclasses

import boto3
import pytest

from chalicelib.config import SecretRef, get_settings
from chalicelib.domain import s3_keys
from chalicelib.services import set_services
from chalicelib.workflow import steps
from devstack.wiring import local_services
from tests.support.api import ApiClient
from tests.support.fake_openai import fake_openai
from tests.support.generations import ManualRunner, assert_reconciled, run_steps, user_id_of
from tests.support.live import LiveClient, start_server

PREVIEWED = {"prompt": "a red fox", "partial_images": 2}


def keys_under(user_id, generation_id):
    settings = get_settings()
    listed = boto3.client("s3", region_name=settings.region).list_objects_v2(
        Bucket=settings.bucket, Prefix=s3_keys.generation_prefix(user_id, generation_id)
    )
    return sorted(o["Key"].rsplit("/", 1)[-1] for o in listed.get("Contents", []))


@pytest.fixture
def openai_services(aws):
    with fake_openai() as server:
        settings = dataclasses.replace(
            get_settings(),
            image_provider="openai",
            openai_api_key_ref=SecretRef("sk-test"),
            openai_base_url=server.base_url,
            openai_timeout_seconds=2,
        )
        container = local_services(settings)
        container.overrides["workflow_runner"] = ManualRunner()
        set_services(container)
        yield container, server
        set_services(None)


def submit(api, token, body):
    created = api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    return created.json["id"]


def test_previews_are_listed_while_running_pushed_and_gone_at_the_end(openai_services, local_app):
    services, fake = openai_services
    api = ApiClient()
    token = api.verified_user("previews@example.com")
    user_id = user_id_of(api, token)
    server = start_server(local_app, services)
    client = LiveClient(server.port, api.post("/v1/realtime/tickets", token=token).json["ticket"])
    try:
        generation_id = submit(api, token, PREVIEWED)
        event = steps.moderate({"generation_id": generation_id}, services)
        steps.generate(event, services)
        running = api.get(f"/v1/generations/{generation_id}", token=token).json
        assert running["status"] == "running"
        assert [p["partial_index"] for p in running["partial_images"]] == [0, 1]
        assert all(p["url"] for p in running["partial_images"])
        assert running["params"]["partial_images"] == 2
        assert keys_under(user_id, generation_id) == [
            "0.png", "0.thumb.webp", "partial-0.png", "partial-1.png"
        ]  # fmt: skip
        _, sent = fake.requests[-1]
        assert (sent["stream"], sent["partial_images"]) == (True, 2)
        steps.finalize(event, services)
        done = api.get(f"/v1/generations/{generation_id}", token=token).json
        assert done["status"] == "succeeded" and "partial_images" not in done
        assert keys_under(user_id, generation_id) == ["0.png", "0.thumb.webp"]
        assert done["usage"]["output_tokens"] == 1156
        pushed = [m["data"] for m in client.wait_for(5) if m["type"] == "generation.partial_image"]
        assert [(p["generation_id"], p["index"], p["partial_index"]) for p in pushed] == [
            (generation_id, 0, 0),
            (generation_id, 0, 1),
        ]
        assert all(p["url"].startswith("http") for p in pushed)
    finally:
        client.close()
        server.stop()
    assert_reconciled(user_id)


def test_a_stream_that_breaks_fails_cleanly_with_the_credits_back(openai_services):
    services, fake = openai_services
    api = ApiClient()
    token = api.verified_user("broken@example.com")
    user_id = user_id_of(api, token)
    before = api.get("/v1/billing", token=token).json["credits"]["available"]
    fake.plan("generations", "stream_broken")
    generation_id = submit(api, token, PREVIEWED)
    ran = run_steps({"generation_id": generation_id}, services, services.workflow_runner)
    assert ran == ["Moderate", "Generate", "Release"]
    failed = api.get(f"/v1/generations/{generation_id}", token=token).json
    assert failed["status"] == "failed" and failed["error"]["code"] == "provider_unavailable"
    assert failed["cost"]["state"] == "released" and "partial_images" not in failed
    assert api.get("/v1/billing", token=token).json["credits"]["available"] == before
    assert keys_under(user_id, generation_id) == []
    assert_reconciled(user_id)


def test_the_local_provider_streams_coarse_previews(frozen_api, frozen_services):
    frozen_services.overrides["workflow_runner"] = ManualRunner()
    token = frozen_api.verified_user("local-previews@example.com")
    generation_id = submit(frozen_api, token, {"prompt": "a lighthouse", "partial_images": 3})
    event = steps.moderate({"generation_id": generation_id}, frozen_services)
    steps.generate(event, frozen_services)
    running = frozen_api.get(f"/v1/generations/{generation_id}", token=token).json
    assert [p["partial_index"] for p in running["partial_images"]] == [0, 1, 2]
    steps.finalize(event, frozen_services)
    user_id = user_id_of(frozen_api, token)
    assert [k for k in keys_under(user_id, generation_id) if k.startswith("partial")] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"prompt": "a fox", "partial_images": 4}, "partial_images"),
        ({"prompt": "a fox", "partial_images": -1}, "partial_images"),
        ({"prompt": "a fox", "partial_images": 1, "n": 2}, "partial_images"),
    ],
)
def test_previews_outside_their_rules_are_refused(api, body, field):
    token = api.verified_user("refused@example.com")
    answer = api.post("/v1/generations", body, token=token)
    assert answer.status == 422, answer.json
    assert field in {e["field"] for e in answer.json["errors"]}


def test_each_preview_is_priced_into_the_quote(api):
    token = api.verified_user("quote@example.com")
    body = {"prompt": "a fox", "quality": "low", "size": "1024x1024"}
    plain = api.post("/v1/generations/quote", body, token=token).json
    previewed = api.post("/v1/generations/quote", {**body, "partial_images": 3}, token=token).json
    assert plain["breakdown"]["partial_image_tokens"] == 0
    assert previewed["breakdown"]["partial_image_tokens"] == 300
    assert previewed["breakdown"]["provider_cost_usd"] > plain["breakdown"]["provider_cost_usd"]
    assert previewed["credits"] >= plain["credits"]
