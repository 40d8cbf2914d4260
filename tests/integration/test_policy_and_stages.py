"""Policy versions through the API, and local-only routes outside the local stage."""

import dataclasses
from datetime import timedelta

from chalicelib.domain.policy import POLICY_DIR, PolicyRegistry, PolicyVersion
from chalicelib.services import Services, set_services
from tests.support.api import ApiClient


def test_privacy_policy_is_served_with_contact_details_and_versions(api, services):
    policy = api.get("/v1/legal/privacy").json
    assert policy["version"] == "2026-11-01" and policy["effective_date"] == "2026-11-01"
    body = policy["body"]
    for heading in (
        "Information We Collect",
        "How We Use Information",
        "AI Processing",
        "Sharing",
        "Retention",
        "Security",
        "Your Choices",
        "International Transfers",
        "Children's Privacy",
        "Changes",
        "Contact",
    ):
        assert f"## {heading}" in body
    assert services.settings.support_email in body and "{" not in body
    versions = api.get("/v1/legal/privacy/versions").json["data"]
    assert versions == [{"version": "2026-11-01", "effective_date": "2026-11-01"}]


def test_a_newer_policy_taking_effect_asks_for_acceptance(frozen_api, frozen_services, clock):
    token = frozen_api.signup("p@example.com").json["token"]
    takes_effect = (clock.now() + timedelta(days=5)).date()
    newer = PolicyVersion(takes_effect.isoformat(), takes_effect, "2026-11-01.md")
    current = PolicyRegistry.load().current(clock.now().date())
    frozen_services.replace("policies", PolicyRegistry([current, newer], POLICY_DIR))
    assert frozen_api.get("/v1/me", token=token).json["policy"]["needs_acceptance"] is False
    clock.advance(days=5)
    policy = frozen_api.get("/v1/me", token=token).json["policy"]
    assert policy == {
        "accepted_version": "2026-11-01",
        "current_version": newer.version,
        "needs_acceptance": True,
    }
    stale = frozen_api.post("/v1/me/policy-acceptance", {"version": "2026-11-01"}, token=token)
    assert stale.status == 422
    ok = frozen_api.post("/v1/me/policy-acceptance", {"version": newer.version}, token=token)
    assert ok.status == 204
    assert frozen_api.get("/v1/me", token=token).json["policy"]["needs_acceptance"] is False
    signup = frozen_api.signup("late@example.com")  # signup now requires the new version
    assert signup.status == 422


def test_dev_routes_answer_404_outside_the_local_stage(services):
    for stage in ("dev", "prod"):
        settings = dataclasses.replace(services.settings, stage=stage)
        set_services(Services(settings))
        client = ApiClient()
        for path in ("/v1/dev/info", "/v1/dev/outbox"):
            response = client.get(path)
            assert response.status == 404 and response.json["code"] == "not_found"
        assert all(
            not p.startswith("/v1/dev") for p in client.get("/v1/openapi.json").json["paths"]
        )


def test_each_published_version_is_readable_and_a_future_one_is_not(
    frozen_api, frozen_services, clock
):
    takes_effect = (clock.now() + timedelta(days=5)).date()
    newer = PolicyVersion(takes_effect.isoformat(), takes_effect, "2026-11-01.md")
    current = PolicyRegistry.load().current(clock.now().date())
    frozen_services.replace("policies", PolicyRegistry([current, newer], POLICY_DIR))
    earlier = frozen_api.get(f"/v1/legal/privacy/versions/{current.version}")
    assert earlier.status == 200
    assert earlier.json["version"] == current.version
    assert earlier.json["body"] == frozen_api.get("/v1/legal/privacy").json["body"]
    unpublished = frozen_api.get(f"/v1/legal/privacy/versions/{newer.version}")
    assert unpublished.status == 404 and unpublished.json["code"] == "not_found"
    clock.advance(days=5)
    assert frozen_api.get(f"/v1/legal/privacy/versions/{newer.version}").status == 200
    assert frozen_api.get(f"/v1/legal/privacy/versions/{current.version}").status == 200
    assert frozen_api.get("/v1/legal/privacy/versions/1999-01-01").status == 404
