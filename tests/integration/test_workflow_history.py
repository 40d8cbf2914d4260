"""Step Functions keeps each execution's history for 90 days and cannot erase it: the
executions are named and fed by the generation id alone, so once the account is erased
nothing there names the person; the data map (and the published retention schedule)
lists the store with its 90 days."""

import json

import boto3

from chalicelib.config import get_settings
from tests.support.generations import user_id_of, wait_done, wait_execution

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
EMAIL = "history@example.com"


def test_an_erased_users_executions_name_no_one(api):
    token = api.verified_user(EMAIL, name="Hortensia Quill")
    user_id = user_id_of(api, token)
    ids = []
    for prompt in ("a quiet harbour", "a cat [moderation-test-block]"):
        created = api.post("/v1/generations", {"prompt": prompt}, token=token)
        assert created.status == 202, created.json
        ids.append(created.json["id"])
        wait_done(api, token, ids[-1])
        wait_execution(ids[-1])
    admin = api.verified_user(ADMIN)
    api.post("/v1/reports/child-account", {"account_email": EMAIL})
    (report,) = api.get("/v1/admin/reports", token=admin).json["data"]
    assert api.post(f"/v1/admin/reports/{report['id']}/confirm", token=admin).status == 200
    assert api.get("/v1/me", token=token).status == 401

    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    machine = get_settings().state_machine_arn
    executions = sfn.list_executions(stateMachineArn=machine)["executions"]
    assert sorted(e["name"] for e in executions) == sorted(ids)
    for execution in executions:
        described = sfn.describe_execution(executionArn=execution["executionArn"])
        assert json.loads(described["input"]) == {"generation_id": execution["name"]}
        arn = execution["executionArn"]
        events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        assert any(e["type"] == "TaskSucceeded" for e in events)
        text = json.dumps([described, events], default=str)
        for needle in (user_id, EMAIL, "Hortensia", "harbour", "generations/"):
            assert needle not in text, (execution["name"], needle)


def test_the_retention_schedule_lists_the_workflow_history(api):
    schedule = {row["category"]: row for row in api.get("/v1/legal/retention").json["data"]}
    assert schedule["workflow_history"]["retention_days"] == 90
    policy = api.get("/v1/legal/privacy").json
    assert "Image generation workflow history" in json.dumps(policy)


def test_a_workflow_that_finds_no_task_retries_then_ends_in_release(services):
    """The id-to-task index is eventually consistent: the first step retries, and an id
    that never gets a task (deleted before the workflow ran) ends in Release."""
    generation_id = "gen_01m8h0djg0aaaaaaaaaaaaaaaa"
    services.workflow_runner.start(generation_id, {"generation_id": generation_id})
    assert wait_execution(generation_id) == "SUCCEEDED"
    sfn = boto3.client("stepfunctions", region_name=get_settings().region)
    arn = services.workflow_runner.execution_arn(generation_id)
    events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    failed = [e for e in events if e["type"] == "TaskFailed"]
    assert [e["taskFailedEventDetails"]["error"] for e in failed] == ["TaskNotVisible"] * 4
    entered = [
        e["stateEnteredEventDetails"]["name"] for e in events if "stateEnteredEventDetails" in e
    ]
    assert entered == ["Route", "Moderate", "Release", "Released"]  # Route: not a run
