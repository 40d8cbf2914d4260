"""`make run` runs the scheduled jobs by itself, as EventBridge does in AWS: an export a
person asks for in the website becomes ready without anyone calling the dev routes."""

import time

import httpx
import pytest

from tests.support.local_stack import StackProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def scheduled_stack(tmp_path):
    process = StackProcess(tmp_path / "state", {"LOCAL_JOBS_SECONDS": "1"}).start()
    yield process
    process.stop()


def test_an_export_completes_on_the_local_schedule(scheduled_stack):
    with httpx.Client(base_url=scheduled_stack.url, timeout=30) as http:
        policy = http.get("/v1/legal/privacy").json()["version"]
        signup = http.post(
            "/v1/auth/signup",
            json={
                "email": "schedule@example.com",
                "password": "correct horse battery staple",
                "name": "Sched",
                "birth_date": "1990-02-03",
                "accept_policy_version": policy,
            },
        )
        assert signup.status_code == 201, signup.text
        auth = {"Authorization": f"Bearer {signup.json()['token']}"}
        export = http.post("/v1/privacy/requests", json={"type": "export"}, headers=auth).json()
        deadline = time.monotonic() + 30
        status = export["status"]
        while status != "completed" and time.monotonic() < deadline:
            time.sleep(0.5)
            status = http.get(f"/v1/privacy/requests/{export['id']}", headers=auth).json()["status"]
        assert status == "completed"
