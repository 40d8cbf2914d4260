"""Workflow runs end to end on the local state machine: a 2x2 matrix whose second step
edits each output of the first, held as a whole at submission, each generation settling
its own share; the run's generations are ordinary generations with `workflow_run_id`
and `parent`; a run not covered by the balance answers 402 and creates nothing; the
Idempotency-Key replays the run."""

from __future__ import annotations

import pytest

from chalicelib.adapters.models.workflows import WorkflowRunModel
from tests.support.generations import assert_reconciled, grant, user_id_of, wait_run

GLOSSY = {
    "name": "Glossy shapes",
    "variables": [
        {"name": "subject", "type": "text", "max_length": 40},
        {"name": "color", "type": "enum", "options": ["red", "blue"]},
    ],
    "steps": [
        {"id": "base", "kind": "generate", "prompt": "a {{color}} {{subject}}", "params": {}},
        {
            "id": "gloss",
            "kind": "edit",
            "prompt": "make the {{subject}} glossy",
            "input": {"step": "base", "index": "each"},
        },
    ],
}
MATRIX = {"subject": ["cube", "ball"], "color": ["red", "blue"]}


@pytest.fixture
def user(api):
    token = api.verified_user("runner@example.com")
    user_id = user_id_of(api, token)
    grant(user_id, 500)
    return token, user_id


def workflow_of(api, token, body=GLOSSY):
    created = api.post("/v1/workflows", body, token=token)
    assert created.status == 201, created.json
    return created.json["id"]


def available(api, token):
    return api.get("/v1/billing", token=token).json["credits"]["available"]


def test_a_2x2_run_edits_each_output_and_charges_what_succeeded(api, user):
    token, user_id = user
    workflow = workflow_of(api, token)
    before = available(api, token)
    quote = api.post(f"/v1/workflows/{workflow}/runs/quote", {"matrix": MATRIX}, token=token)
    submitted = api.post(
        f"/v1/workflows/{workflow}/runs",
        {"matrix": MATRIX},
        token=token,
        headers={"Idempotency-Key": "run-2x2-0001"},
    )
    assert submitted.status == 202, submitted.json
    run = submitted.json
    assert run["cost"] == {
        "credits": quote.json["credits"],
        "captured": 0,
        "released": 0,
        "state": "held",
    }
    assert available(api, token) == before - quote.json["credits"]
    done = wait_run(api, token, run["id"])
    assert done["status"] == "succeeded", done
    assert done["cost"]["state"] == "captured"
    assert done["cost"]["captured"] == quote.json["credits"] and done["cost"]["released"] == 0
    assert done["completed_at"] is not None
    assert len(done["expansions"]) == 4
    for expansion in done["expansions"]:
        base, gloss = expansion["steps"]
        assert len(base["generation_ids"]) == len(gloss["generation_ids"]) == 1
        source = api.get(f"/v1/generations/{base['generation_ids'][0]}", token=token).json
        edit = api.get(f"/v1/generations/{gloss['generation_ids'][0]}", token=token).json
        assert source["prompt"] == "a {color} {subject}".format(**expansion["inputs"])
        assert edit["parent"] == {"generation_id": source["id"], "index": 0}
        assert source["workflow_run_id"] == edit["workflow_run_id"] == run["id"]
        assert source["status"] == edit["status"] == "succeeded"
    assert available(api, token) == before - done["cost"]["captured"]
    assert_reconciled(user_id)
    replay = api.post(
        f"/v1/workflows/{workflow}/runs",
        {"matrix": MATRIX},
        token=token,
        headers={"Idempotency-Key": "run-2x2-0001"},
    )
    assert replay.status == 202 and replay.json["id"] == run["id"]
    assert replay.header("Idempotent-Replayed") == "true"
    listed = api.get(f"/v1/workflow-runs?workflow_id={workflow}", token=token).json["data"]
    assert [r["id"] for r in listed] == [run["id"]]


def test_a_run_the_balance_does_not_cover_answers_402_and_creates_nothing(api):
    token = api.verified_user("poor-runner@example.com")
    user_id = user_id_of(api, token)
    steps = [{**GLOSSY["steps"][0], "params": {"n": 2}}, GLOSSY["steps"][1]]
    workflow = workflow_of(api, token, {**GLOSSY, "steps": steps})
    before = available(api, token)
    quote = api.post(f"/v1/workflows/{workflow}/runs/quote", {"matrix": MATRIX}, token=token)
    assert quote.json["credits"] > before
    answer = api.post(f"/v1/workflows/{workflow}/runs", {"matrix": MATRIX}, token=token)
    assert answer.status == 402, answer.json
    assert answer.json["code"] == "insufficient_credits"
    assert list(WorkflowRunModel.query(user_id)) == []
    assert api.get("/v1/generations", token=token).json["data"] == []
    assert available(api, token) == before
    assert_reconciled(user_id)


class NoStart:
    def start(self, name, payload):
        return name

    def stop(self, name, cause):
        return None

    def status(self, name):
        return None


def test_runs_list_by_workflow_and_status_page_by_page(api, services, user):
    token, _ = user
    one = {**GLOSSY, "steps": GLOSSY["steps"][:1]}
    first, second = workflow_of(api, token, one), workflow_of(api, token, one)
    inputs = {"subject": "cube", "color": "red"}
    made = []
    for workflow in (first, second, first):
        run = api.post(f"/v1/workflows/{workflow}/runs", {"inputs": inputs}, token=token).json
        made.append(wait_run(api, token, run["id"]))
    services.replace("workflow_runner", NoStart())  # the next run waits: cancel it
    canceled = api.post(f"/v1/workflows/{first}/runs", {"inputs": inputs}, token=token).json
    assert api.post(f"/v1/workflow-runs/{canceled['id']}/cancel", token=token).status == 200

    def every(query):
        ids, cursor = [], None
        while True:
            suffix = f"&cursor={cursor}" if cursor else ""
            page = api.get(f"/v1/workflow-runs?limit=1&{query}{suffix}", token=token)
            assert page.status == 200, page.json
            ids += [r["id"] for r in page.json["data"]]
            cursor = page.json["next_cursor"]
            if not cursor:
                return ids

    newest_first = [canceled["id"]] + [r["id"] for r in reversed(made)]
    assert every("") == newest_first
    assert every(f"workflow_id={first}") == [canceled["id"], made[2]["id"], made[0]["id"]]
    assert every("status=succeeded") == newest_first[1:]
    assert every(f"status=canceled&workflow_id={first}") == [canceled["id"]]
    assert every(f"status=canceled&workflow_id={second}") == []
    assert api.get("/v1/workflow-runs?status=nope", token=token).status == 422
    other = api.verified_user("someone-else@example.com")
    assert api.get(f"/v1/workflow-runs/{made[0]['id']}", token=other).status == 404
    assert api.post(f"/v1/workflow-runs/{made[0]['id']}/cancel", token=other).status == 404
