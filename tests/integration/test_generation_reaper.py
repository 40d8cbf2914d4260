"""The reaper releases holds whose workflow never started, ended without resolving
them, or outlived the workflow timeout; run through POST /v1/dev/run-jobs."""

from tests.support.generations import assert_reconciled, user_id_of


class Runner:
    def __init__(self, status):
        self._status = status
        self.stopped = []

    def start(self, name, payload):
        return name

    def stop(self, name, cause):
        self.stopped.append(name)

    def status(self, name):
        return self._status


def test_reaper_releases_a_task_whose_workflow_never_started(frozen_api, frozen_services, clock):
    frozen_services.overrides["workflow_runner"] = Runner(None)
    token = frozen_api.verified_user("reap@example.com")
    created = frozen_api.post("/v1/generations", {"prompt": "a boat"}, token=token).json
    young = frozen_api.post("/v1/dev/run-jobs").json["generation_reaper"]
    assert young == {"checked": 0, "released": 0}
    clock.advance(minutes=3)
    report = frozen_api.post("/v1/dev/run-jobs").json["generation_reaper"]
    assert report == {"checked": 1, "released": 1}
    task = frozen_api.get(f"/v1/generations/{created['id']}", token=token).json
    assert task["status"] == "failed" and task["error"]["code"] == "workflow_not_started"
    assert assert_reconciled(user_id_of(frozen_api, token)).credits_available == 50


def test_reaper_waits_for_running_workflows_until_the_timeout(frozen_api, frozen_services, clock):
    runner = Runner("RUNNING")
    frozen_services.overrides["workflow_runner"] = runner
    token = frozen_api.verified_user("slow@example.com")
    created = frozen_api.post("/v1/generations", {"prompt": "a boat"}, token=token).json
    clock.advance(minutes=10)
    assert frozen_api.post("/v1/dev/run-jobs").json["generation_reaper"]["released"] == 0
    clock.advance(minutes=30)
    assert frozen_api.post("/v1/dev/run-jobs").json["generation_reaper"]["released"] == 1
    assert runner.stopped == [created["id"]]
    task = frozen_api.get(f"/v1/generations/{created['id']}", token=token).json
    assert task["error"]["code"] == "timeout" and task["cost"]["state"] == "released"
    assert assert_reconciled(user_id_of(frozen_api, token))
