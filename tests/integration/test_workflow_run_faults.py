"""A run's money under faults, on the local state machine: a provider failing for one
expansion (its edit is skipped and released), a moderation block in step 2, a cancel
midway; after each the ledger sums to the balance, nothing is held, and captured +
released == held, captured being exactly what the succeeded generations cost. Runs
submitted at once against a balance that covers only some: exactly those it covers are
accepted. An image variable naming another user's generation answers 404."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.adapters.image_providers import LocalProvider
from chalicelib.adapters.models.accounts import UserModel
from chalicelib.adapters.moderation import LOCAL_BLOCK_MARKER, LocalModeration
from chalicelib.domain.step_errors import ProviderRejected
from chalicelib.errors import PaymentRequired
from tests.integration.test_workflow_runs import GLOSSY, MATRIX, NoStart, available, workflow_of
from tests.support.generations import (
    GatedProvider,
    assert_reconciled,
    grant,
    user_id_of,
    wait_execution,
    wait_run,
)


class FailingFor(LocalProvider):
    """The local provider, refusing every prompt that holds `word`."""

    def __init__(self, word: str) -> None:
        self.word = word

    def create(self, request):
        if self.word in request.prompt:
            raise ProviderRejected("refused for the test")
        return super().create(request)


class BlockingEdits(LocalModeration):
    """Flags the edit step's prompt for one subject (step 2 of one expansion)."""

    def flagged(self, prompt, images):
        return ("glossy" in prompt and "ball" in prompt) or super().flagged(prompt, images)


@pytest.fixture
def user(api):
    token = api.verified_user("faults@example.com")
    user_id = user_id_of(api, token)
    grant(user_id, 500)
    return token, user_id


def settled(api, token, run):
    """Every generation of the run, by id, and the check that the run's tally is the
    sum of what its generations captured and released."""
    ids = [g for e in run["expansions"] for s in e["steps"] for g in s["generation_ids"]]
    made = {g: api.get(f"/v1/generations/{g}", token=token).json for g in ids}
    captured = sum(g["cost"]["credits"] for g in made.values() if g["cost"]["state"] == "captured")
    released = sum(g["cost"]["credits"] for g in made.values() if g["cost"]["state"] == "released")
    cost = run["cost"]
    assert (cost["captured"], cost["released"]) == (captured, released)
    assert captured + released == cost["credits"]
    return made


def by_step(run, made, step):
    return {
        e["inputs"]["subject"] + "/" + e["inputs"]["color"]: [
            made[g]["status"]
            for s in e["steps"]
            if s["step_id"] == step
            for g in s["generation_ids"]
        ]
        for e in run["expansions"]
    }


def test_a_provider_failing_for_one_subject_skips_and_releases_its_edits(api, services, user):
    token, user_id = user
    services.replace("image_provider", FailingFor("ball"))
    workflow = workflow_of(api, token)
    before = available(api, token)
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token).json
    done = wait_run(api, token, run["id"])
    assert done["status"] == "partially_succeeded", done
    assert done["cost"]["state"] == "partially_captured"
    made = settled(api, token, done)
    assert by_step(done, made, "base") == {
        "cube/red": ["succeeded"], "cube/blue": ["succeeded"],
        "ball/red": ["failed"], "ball/blue": ["failed"],
    }  # fmt: skip
    assert by_step(done, made, "gloss") == by_step(done, made, "base")
    skipped = [g for g in made.values() if g["status"] == "failed" and g["parent"]]
    assert {g["error"]["code"] for g in skipped} == {"input_failed"}
    assert available(api, token) == before - done["cost"]["captured"]
    assert_reconciled(user_id)


def test_a_moderation_block_in_step_two_releases_that_share(api, services, user):
    token, user_id = user
    services.replace("moderation", BlockingEdits())
    workflow = workflow_of(api, token)
    before = available(api, token)
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token).json
    done = wait_run(api, token, run["id"])
    assert done["status"] == "partially_succeeded", done
    made = settled(api, token, done)
    assert all(v == ["succeeded"] for v in by_step(done, made, "base").values())
    assert by_step(done, made, "gloss") == {
        "cube/red": ["succeeded"], "cube/blue": ["succeeded"],
        "ball/red": ["blocked"], "ball/blue": ["blocked"],
    }  # fmt: skip
    assert available(api, token) == before - done["cost"]["captured"]
    assert_reconciled(user_id)


def test_a_cancel_midway_releases_everything_not_finished(api, services, user):
    token, user_id = user
    gate = GatedProvider()
    services.replace("image_provider", gate)
    workflow = workflow_of(api, token)
    before = available(api, token)
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token).json
    gate.wait_entered()  # a generation of step 1 is at the provider
    canceled = api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token)
    assert canceled.status == 200, canceled.json
    assert canceled.json["status"] == "canceled"
    gate.gate.set()  # the provider answers late: its result is discarded
    wait_execution(run["id"])
    done = api.get(f"/v1/workflow-runs/{run['id']}", token=token).json
    assert done["status"] == "canceled" and done["completed_at"]
    made = settled(api, token, done)
    assert {g["status"] for g in made.values()} == {"canceled"}
    assert done["cost"] == {**done["cost"], "captured": 0, "state": "released"}
    assert available(api, token) == before
    again = api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token)
    assert again.status == 409 and again.json["code"] == "not_cancelable"
    assert_reconciled(user_id)


def test_concurrent_runs_hold_exactly_what_the_balance_covers(api, services):
    token = api.verified_user("many-runs@example.com")
    user_id = user_id_of(api, token)
    UserModel.get(user_id).update(actions=[UserModel.plan.set("plan_studio")])
    services.replace("workflow_runner", NoStart())
    # One generation per run: the runs' generations stay within the plan's concurrency.
    one = {**GLOSSY, "steps": GLOSSY["steps"][:1]}
    workflow = workflow_of(api, token, one)
    inputs = {"subject": "cube", "color": "red"}
    cost = api.post(f"/v1/workflows/{workflow}/runs/quote", {"inputs": inputs}, token=token)
    cost = cost.json["credits"]
    grant(user_id, 3 * cost - int(UserModel.get(user_id).credits_available) + cost // 2)
    balance = int(UserModel.get(user_id).credits_available)
    attempts = 8

    def submit(_: int) -> str:
        user = services.accounts_store.get_user(user_id)
        try:
            services.runs.submit(
                user, workflow, inputs, {}, (None, "hash"), lambda r: {"id": r.run_id}
            )
        except PaymentRequired:
            return "402"
        return "202"

    with ThreadPoolExecutor(max_workers=attempts) as pool:
        outcomes = list(pool.map(submit, range(attempts)))
    assert outcomes.count("202") == balance // cost == 3
    user = UserModel.get(user_id, consistent_read=True)
    assert int(user.credits_available) == balance - 3 * cost >= 0
    assert int(user.credits_held) == 3 * cost
    runs = api.get("/v1/workflow-runs", token=token).json["data"]
    assert len(runs) == 3
    for run in runs:
        assert api.post(f"/v1/workflow-runs/{run['id']}/cancel", token=token).status == 200
    assert assert_reconciled(user_id).credits_available == balance


def test_an_image_variable_of_another_users_generation_answers_404(api, user):
    token, user_id = user
    other = api.verified_user("not-yours@example.com")
    theirs = api.post("/v1/generations", {"prompt": "a private garden"}, token=other).json
    body = {
        "name": "Remix",
        "variables": [{"name": "photo", "type": "image"}],
        "steps": [
            {"id": "a", "kind": "edit", "prompt": "paint it", "input": {"variable": "photo"}}
        ],
    }
    workflow = workflow_of(api, token, body)
    ref = {"generation_id": theirs["id"], "index": 0}
    answer = api.post(f"/v1/workflows/{workflow}/runs", {"inputs": {"photo": ref}}, token=token)
    assert answer.status == 404, answer.json
    assert api.get("/v1/workflow-runs", token=token).json["data"] == []
    assert api.get("/v1/generations", token=token).json["data"] == []
    assert_reconciled(user_id)


def test_a_blocked_marker_in_every_expansion_fails_the_run(api, user):
    token, user_id = user
    body = {
        **GLOSSY,
        "steps": [{**GLOSSY["steps"][0], "prompt": f"{LOCAL_BLOCK_MARKER} a {{{{subject}}}}"}],
    }
    workflow = workflow_of(api, token, body)
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token).json
    done = wait_run(api, token, run["id"])
    assert done["status"] == "failed" and done["error"]["code"] == "run_failed"
    assert done["cost"]["state"] == "released" and done["cost"]["captured"] == 0
    settled(api, token, done)
    assert_reconciled(user_id)


def test_a_cancel_that_races_a_settled_share_falls_back_one_by_one(api, services, user):
    """The run's shares are released in one transaction; when one of them was settled
    meanwhile (its read is stale), nothing of that transaction lands and each share
    still held is released on its own, once."""
    token, user_id = user
    services.replace("workflow_runner", NoStart())
    workflow = workflow_of(api, token)
    run = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token).json
    ids = [g for e in run["expansions"] for s in e["steps"] for g in s["generation_ids"]]
    stale = services.generations_store.get_many(user_id, ids)
    first = api.post(f"/v1/generations/{ids[0]}/cancel", token=token)
    assert first.status == 200, first.json
    services.generations.cancel_together(stale)  # ids[0] is no longer held
    done = api.get(f"/v1/workflow-runs/{run['id']}", token=token).json
    made = settled(api, token, done)
    assert {g["status"] for g in made.values()} == {"canceled"}
    assert done["cost"]["released"] == done["cost"]["credits"]
    assert done["status"] == "failed"  # every share released without a cancel of the run
    assert_reconciled(user_id)
