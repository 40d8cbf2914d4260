"""An account erased while its work is in flight (a generation's generate or finalize
step, an upload being sanitized) leaves nothing: no S3 version under any of its
prefixes and no item anywhere with its user id, by the deletion job and by an admin
confirming a child-account report. The late writes are refused (the erasure marks the
account first and every such write conditions on the mark) and the erasure repeats its
passes until one finds nothing."""

import json

import pytest

from app import run_job
from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from chalicelib.services import Services
from chalicelib.workflow import steps
from devstack.upload_events import poll_uploads
from tests.support import images
from tests.support.generations import (
    GatedProvider,
    ManualRunner,
    run_steps,
    upload,
    user_id_of,
    wait_execution,
)
from tests.support.lambda_context import FakeLambdaContext
from tests.support.privacy import s3, scan_all_tables

EMAIL = "child@example.com"
NAME = "Wilhelmina Inflight"
ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
PROMPT = {"prompt": "a paper boat on a puddle"}


class Erasure:
    """Erases the account by one of the two paths; `prepare` runs before the work
    starts (a deletion request must be made while the account can still act)."""

    def __init__(self, api, clock, path):
        self.api = api
        self.clock = clock
        self.path = path
        self.admin = api.verified_user(ADMIN)
        self.ran = 0

    def prepare(self, token):
        if self.path == "deletion_job":
            created = self.api.post("/v1/privacy/requests", {"type": "deletion"}, token=token)
            assert created.status == 202, created.json
        else:
            self.api.post("/v1/reports/child-account", {"account_email": EMAIL})

    def run(self):
        self.ran += 1
        if self.path == "deletion_job":
            self.clock.advance(days=7, minutes=1)
            report = run_job({"job": "deletion_executor", "id": "evt-1"}, FakeLambdaContext())
            assert report["deleted_accounts"] == 1, report
        else:
            (report,) = self.api.get("/v1/admin/reports", token=self.admin).json["data"]
            confirmed = self.api.post(f"/v1/admin/reports/{report['id']}/confirm", token=self.admin)
            assert confirmed.status == 200, confirmed.json


def assert_nothing_left(user_id):
    bucket = get_settings().bucket
    for prefix in s3_keys.PREFIXES:
        listed = s3().list_object_versions(
            Bucket=bucket, Prefix=s3_keys.user_prefix(prefix, user_id)
        )
        assert listed.get("Versions", []) + listed.get("DeleteMarkers", []) == [], prefix
    tables = scan_all_tables()
    for table, items in tables.items():
        for item in items:
            text = json.dumps(item)
            assert user_id not in text and EMAIL not in text and NAME not in text, (table, item)
    assert any(i["user_id"]["S"].startswith("psn_") for i in tables["ledger"])  # kept


class OnFirst:
    """Wraps a real adapter: `then` runs once, right before (or after) the first call
    of `method`."""

    def __init__(self, inner, method, then, before=False):
        self._inner = inner
        self._method = method
        self._then = then
        self._before = before
        self.fired = False

    def __getattr__(self, name):
        attribute = getattr(self._inner, name)
        if name != self._method:
            return attribute

        def call(*args, **kwargs):
            fire = not self.fired
            self.fired = True
            if fire and self._before:
                self._then()
            result = attribute(*args, **kwargs)
            if fire and not self._before:
                self._then()
            return result

        return call


PATHS = ["deletion_job", "admin_report"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("landing", ["Generate", "Finalize"])
def test_a_step_landing_in_the_middle_of_the_erasure_leaves_nothing(
    frozen_api, frozen_services, clock, path, landing
):
    """The in-flight step (generate storing its images, or finalize capturing) lands
    right after the erasure pseudonymized the ledger, before it deleted the task."""
    services = frozen_services
    runner = ManualRunner()
    services.overrides["workflow_runner"] = runner
    seen = {}

    def land():  # the step in flight finishes; the later ones run unless stopped
        seen["ran"] = run_steps({"generation_id": seen["id"]}, services, runner, landing, True)

    # The erasure's first pseudonymization is the ledger's (the accounts entries).
    tables = Services(services.settings).map_tables
    services.overrides["map_tables"] = hook = OnFirst(tables, "pseudonymize", land)
    erasure = Erasure(frozen_api, clock, path)
    token = frozen_api.verified_user(EMAIL, name=NAME)
    user_id = user_id_of(frozen_api, token)
    created = frozen_api.post("/v1/generations", PROMPT, token=token)
    assert created.status == 202, created.json
    seen["id"] = created.json["id"]
    before = run_steps({"generation_id": seen["id"]}, services, runner)
    assert before == ["Moderate", "Generate", "Finalize"]  # a first one, to completion
    created = frozen_api.post("/v1/generations", PROMPT, token=token)
    seen["id"] = created.json["id"]
    event = {"generation_id": seen["id"]}
    steps.moderate(event, services)
    if landing == "Finalize":
        steps.generate(event, services)  # its images are stored and recorded
    erasure.prepare(token)
    erasure.run()
    assert hook.fired and seen["ran"][0] == landing
    assert_nothing_left(user_id)
    assert runner.stopped == [seen["id"]]  # the erasure stopped the running workflow


@pytest.mark.parametrize("path", PATHS)
def test_an_erasure_while_the_workflow_generates_leaves_nothing(
    frozen_api, frozen_services, clock, path
):
    gate = GatedProvider()
    frozen_services.overrides["image_provider"] = gate
    erasure = Erasure(frozen_api, clock, path)
    token = frozen_api.verified_user(EMAIL, name=NAME)
    user_id = user_id_of(frozen_api, token)
    uploaded = upload(frozen_api, token, images.png(), "image/png")
    body = {**PROMPT, "input_images": [uploaded["id"]]}
    created = frozen_api.post("/v1/generations", body, token=token)
    assert created.status == 202, created.json
    gate.wait_entered()
    erasure.prepare(token)
    erasure.run()  # while the provider works
    gate.gate.set()
    wait_execution(created.json["id"])
    assert_nothing_left(user_id)


@pytest.mark.parametrize("path", PATHS)
def test_an_erasure_while_an_upload_is_sanitized_leaves_nothing(
    frozen_api, frozen_services, clock, path
):
    objects = Services(frozen_services.settings).objects
    erasure = Erasure(frozen_api, clock, path)
    # The whole erasure runs right before the sanitizer stores its clean copy.
    frozen_services.overrides["objects"] = hook = OnFirst(objects, "put", erasure.run, True)
    token = frozen_api.verified_user(EMAIL, name=NAME)
    user_id = user_id_of(frozen_api, token)
    data = images.png()
    created = frozen_api.post(
        "/v1/uploads",
        {"content_type": "image/png", "size": len(data), "purpose": "input"},
        token=token,
    )
    assert created.status == 201, created.json
    s3().put_object(Bucket=get_settings().bucket, Key=created.json["fields"]["key"], Body=data)
    erasure.prepare(token)
    poll_uploads()
    assert hook.fired and erasure.ran == 1
    assert_nothing_left(user_id)
