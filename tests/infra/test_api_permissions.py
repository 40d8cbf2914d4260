"""Every DynamoDB operation the API handler performs is allowed by its role. moto does not
enforce IAM, so the admin flows run under moto while a hook on moto's botocore stub
records each DynamoDB call made inside an API request (its IAM action, table and index);
each is then checked against the API role's statements in the synthesized template."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from moto.core.botocore_stubber import BotocoreStubber

from chalicelib.adapters.models.registry import ALL_MODELS
from infra.tables import logical_id
from tests.infra.conftest import resources

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
PASSWORD = "correct horse battery staple"
# Items of TransactWriteItems / TransactGetItems -> the IAM action each needs.
TRANSACT_ACTIONS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}
Call = tuple[str, str, str | None]  # (IAM action, table name in ALL_MODELS, index)


def _calls(operation: str, body: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(action, physical table name, index) for one DynamoDB request."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        for item in body["TransactItems"]:
            ((kind, params),) = item.items()
            yield f"dynamodb:{TRANSACT_ACTIONS[kind]}", params["TableName"], None
    elif operation in ("BatchWriteItem", "BatchGetItem"):
        for table in body["RequestItems"]:
            yield f"dynamodb:{operation}", table, None
    else:
        yield f"dynamodb:{operation}", body["TableName"], body.get("IndexName")


@pytest.fixture
def recorded(api: Any, monkeypatch: pytest.MonkeyPatch) -> set[Call]:
    """DynamoDB calls made while the API handles a request (not while tests seed data)."""
    names = {model.Meta.table_name: name for name, model in ALL_MODELS.items()}
    calls: set[Call] = set()
    inside = [False]
    original_stub = BotocoreStubber.__call__

    def stub(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        target = target.decode() if isinstance(target, bytes) else target
        if inside[0] and target.startswith("DynamoDB_"):
            operation = target.rsplit(".", 1)[-1]
            for action, table, index in _calls(operation, json.loads(request.body or b"{}")):
                calls.add((action, names[table], index))
        return original_stub(self, event_name, request, **kwargs)

    original_request = api.request

    def request(*args: Any, **kwargs: Any) -> Any:
        inside[0] = True
        try:
            return original_request(*args, **kwargs)
        finally:
            inside[0] = False

    monkeypatch.setattr(BotocoreStubber, "__call__", stub)
    monkeypatch.setattr(api, "request", request)
    return calls


def _admin_flows(api: Any) -> None:
    """The admin routes end to end: lists, a child-account confirmation (erasure through
    the data map), suspension."""
    admin = api.verified_user(ADMIN)
    child = api.verified_user("kid@example.com")
    child_id = api.get("/v1/me", token=child).json["id"]
    api.post("/v1/privacy/requests", {"type": "export"}, token=child)
    api.post("/v1/support/messages", {"subject": "s", "body": "b"}, token=child)
    api.post("/v1/reports/child-account", {"account_email": "kid@example.com"})
    for path in ("/v1/admin/privacy/requests", "/v1/admin/privacy/requests?overdue=true"):
        assert api.get(path, token=admin).status == 200
    assert api.get("/v1/admin/support/messages", token=admin).json["data"]
    assert api.post(f"/v1/admin/users/{child_id}/suspend", token=admin).status == 200
    assert api.post(f"/v1/admin/users/{child_id}/unsuspend", token=admin).status == 200
    (report,) = api.get("/v1/admin/reports", token=admin).json["data"]
    confirmed = api.post(f"/v1/admin/reports/{report['id']}/confirm", token=admin)
    assert confirmed.status == 200, confirmed.json


def _ref(resource: Any) -> tuple[str, str | None] | None:
    """(logical id, index or "*" or None) of a table or index ARN in a template."""
    if isinstance(resource, dict) and "Fn::GetAtt" in resource:
        return resource["Fn::GetAtt"][0], None
    if isinstance(resource, dict) and "Fn::Join" in resource:
        parts = resource["Fn::Join"][1]
        if isinstance(parts[0], dict) and "Fn::GetAtt" in parts[0]:
            return parts[0]["Fn::GetAtt"][0], "".join(parts[1:]).removeprefix("/index/")
    return None


def _api_grants(template: dict[str, Any]) -> set[tuple[str, str, str | None]]:
    """(action, logical id, index) the API role's statements allow on tables."""
    function = template["Resources"]["APIHandler"]
    role = function["Properties"]["Role"]["Fn::GetAtt"][0]
    grants = set()
    for policy in resources(template, "AWS::IAM::Policy").values():
        if {"Ref": role} not in policy["Properties"]["Roles"]:
            continue
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"]
            targets = statement["Resource"]
            for action in actions if isinstance(actions, list) else [actions]:
                for target in targets if isinstance(targets, list) else [targets]:
                    ref = _ref(target)
                    if ref is not None and action.startswith("dynamodb:"):
                        grants.add((action, *ref))
    return grants


def test_every_dynamodb_call_of_the_admin_flows_is_allowed_to_the_api(
    template: dict[str, Any], api: Any, recorded: set[Call]
) -> None:
    _admin_flows(api)
    grants = _api_grants(template)
    assert recorded
    denied = sorted(
        (action, table, index)
        for action, table, index in recorded
        if (action, logical_id(table), index) not in grants
    )
    assert denied == []
    # Scan is granted on exactly the tables the API scans.
    scanned = {table for action, table, _ in recorded if action == "dynamodb:Scan"}
    granted = {ref for action, ref, _ in grants if action == "dynamodb:Scan"}
    assert granted == {logical_id(table) for table in scanned}
