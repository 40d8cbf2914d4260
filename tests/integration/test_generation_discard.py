"""A generation canceled or deleted while its generate step is in flight leaves no
image or thumbnail (no S3 version), nothing in an export and nothing in a list,
whatever the interleaving: the real workflow on moto (StopExecution lets the step in
flight finish, then Finalize never runs), and each interleaving driven by hand."""

import io
import json
import zipfile

import pytest

from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from chalicelib.services import Services
from tests.support.generations import (
    GatedProvider,
    ManualRunner,
    assert_reconciled,
    run_steps,
    user_id_of,
    wait_execution,
)
from tests.support.privacy import s3

PROMPT = {"prompt": "a lighthouse at dawn"}


def act(api, token, action, generation_id):
    if action == "cancel":
        response = api.post(f"/v1/generations/{generation_id}/cancel", token=token)
        assert response.status == 200, response.json
        assert response.json["status"] == "canceled"
        assert response.json["cost"]["state"] == "released"
    else:
        response = api.delete(f"/v1/generations/{generation_id}", token=token)
        assert response.status == 204, response.json


def generation_versions(user_id):
    listed = s3().list_object_versions(
        Bucket=get_settings().bucket, Prefix=s3_keys.user_prefix(s3_keys.GENERATIONS, user_id)
    )
    return listed.get("Versions", []) + listed.get("DeleteMarkers", [])


def exported(api, token, user_id):
    created = api.post("/v1/privacy/requests", {"type": "export"}, token=token)
    assert created.status == 202, created.json
    assert api.post("/v1/dev/run-jobs").json["privacy_exports"]["completed"] == 1
    key = s3_keys.export_key(user_id, created.json["id"])
    body = s3().get_object(Bucket=get_settings().bucket, Key=key)["Body"].read()
    return zipfile.ZipFile(io.BytesIO(body))


def assert_discarded(api, token, user_id, action, generation_id):
    assert generation_versions(user_id) == []
    listed = api.get("/v1/generations", token=token).json["data"]
    if action == "cancel":
        assert [(g["id"], g["status"], g["images"]) for g in listed] == [
            (generation_id, "canceled", [])
        ]
    else:
        assert listed == []
    archive = exported(api, token, user_id)
    assert [n for n in archive.namelist() if n.startswith("files/generations/")] == []
    tasks = json.loads(archive.read("generations.json"))
    assert all(not t.get("images") and not t.get("outputs") for t in tasks)
    assert [t["generation_id"] for t in tasks] == ([generation_id] if action == "cancel" else [])
    assert assert_reconciled(user_id).credits_available == 50


@pytest.mark.parametrize("action", ["cancel", "delete"])
def test_cancel_or_delete_while_the_workflow_generates_leaves_nothing(api, services, action):
    gate = GatedProvider()
    services.overrides["image_provider"] = gate
    token = api.verified_user("inflight@example.com")
    user_id = user_id_of(api, token)
    generation_id = api.post("/v1/generations", PROMPT, token=token).json["id"]
    gate.wait_entered()
    act(api, token, action, generation_id)
    gate.gate.set()  # the provider answers after the cancel or delete
    wait_execution(generation_id)  # the step in flight finished; nothing runs after it
    assert_discarded(api, token, user_id, action, generation_id)


class After:
    """Wraps a real adapter: `then` runs right after the `count`-th call of `method`."""

    def __init__(self, inner, method, count, then):
        self._inner = inner
        self._method = method
        self._count = count
        self._then = then
        self.calls = 0

    def __getattr__(self, name):
        attribute = getattr(self._inner, name)
        if name != self._method:
            return attribute

        def call(*args, **kwargs):
            result = attribute(*args, **kwargs)
            self.calls += 1
            if self.calls == self._count:
                self._then()
            return result

        return call


# Where the cancel or delete lands in the generate step: once the provider answered
# (nothing stored yet), once the image and its thumbnail are stored (before the
# conditional write), or once the outputs are recorded (before Finalize).
MOMENTS = {
    "after_the_provider": ("image_provider", "create", 1),
    "after_the_writes": ("objects", "put", 2),
    "after_the_check": ("generations_store", "record_outputs", 1),
}


@pytest.mark.parametrize("action", ["cancel", "delete"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_every_interleaving_of_generate_with_a_cancel_or_delete_leaves_nothing(
    api, services, action, moment
):
    runner = ManualRunner()
    services.overrides["workflow_runner"] = runner
    service, method, count = MOMENTS[moment]
    real = getattr(Services(services.settings), service)  # built as the app builds it
    seen = {}
    services.overrides[service] = After(
        real, method, count, lambda: act(api, seen["token"], action, seen["id"])
    )
    seen["token"] = token = api.verified_user("interleave@example.com")
    user_id = user_id_of(api, token)
    created = api.post("/v1/generations", PROMPT, token=token)
    assert created.status == 202, created.json
    seen["id"] = created.json["id"]
    ran = run_steps({"generation_id": seen["id"]}, services, runner)
    assert ran[:2] == ["Moderate", "Generate"] and "Finalize" not in ran
    assert runner.stopped == [seen["id"]]
    assert_discarded(api, token, user_id, action, seen["id"])
