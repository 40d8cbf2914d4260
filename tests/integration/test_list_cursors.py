"""List cursors are opaque and bound to the user and the list that handed them out: a
cursor from another user's list, from another list, or a forged one answers 422
`validation_error` (field `cursor`), never another user's items or a 500; a real one
still pages."""

import base64
import json

import pytest

from tests.support.generations import user_id_of

USER_LISTS = (
    "/v1/support/messages",
    "/v1/privacy/requests",
    "/v1/me/security-events",
    "/v1/billing/ledger",
    "/v1/billing/invoices",
    "/v1/generations",
)


def b64(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def assert_cursor_rejected(response):
    assert response.status == 422, response.json
    assert response.json["code"] == "validation_error"
    assert [e["field"] for e in response.json["errors"]] == ["cursor"]


def walk(api, path, token, limit=2):
    """Every page of a list: the ids on each page."""
    pages, cursor = [], None
    while True:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = api.get(f"{path}?{query}", token=token)
        assert response.status == 200, response.json
        pages.append([item["id"] for item in response.json["data"]])
        cursor = response.json["next_cursor"]
        if cursor is None:
            return pages


def seed(api, token):
    """Three support messages and three privacy requests."""
    for n in range(3):
        body = {"subject": f"s{n}", "body": "b"}
        assert api.post("/v1/support/messages", body, token=token).status == 201
        assert api.post("/v1/privacy/requests", {"type": "export"}, token=token).status == 202


def test_support_and_privacy_cursors_are_bound_to_their_user_and_list(api):
    alice = api.verified_user("alice@example.com")
    bob = api.verified_user("bob@example.com")
    seed(api, alice)
    seed(api, bob)
    alice_id, bob_id = user_id_of(api, alice), user_id_of(api, bob)
    cursors = {}
    for path in ("/v1/support/messages", "/v1/privacy/requests"):
        pages = walk(api, path, alice)
        assert [len(p) for p in pages] == [2, 1], (path, pages)
        every = api.get(f"{path}?limit=100", token=alice).json["data"]
        assert [i for p in pages for i in p] == [item["id"] for item in every]
        first = api.get(f"{path}?limit=2", token=alice).json
        cursors[path] = first["next_cursor"]
        # Alice's cursor on Bob's list: neither her items nor a 500.
        assert_cursor_rejected(api.get(f"{path}?limit=2&cursor={cursors[path]}", token=bob))
        # A forged cursor: the DynamoDB key the list used to hand out, aimed at Bob's
        # items, at Alice's, or with values of the wrong type.
        last = first["data"][-1]["id"]
        key_name = "message_id" if "support" in path else "request_id"
        for forged in (
            b64({"user_id": {"S": bob_id}, key_name: {"S": last}}),
            b64({"user_id": {"S": alice_id}, key_name: {"S": last}}),
            b64({"user_id": {"N": "1"}, key_name: {"S": last}}),
            b64(["not", "a", "key"]),
            "nonsense",
            cursors[path] + "x",
        ):
            assert_cursor_rejected(api.get(f"{path}?limit=2&cursor={forged}", token=bob))
            assert_cursor_rejected(api.get(f"{path}?limit=2&cursor={forged}", token=alice))
    # A cursor from one list is not accepted by another list of the same user.
    support, privacy = cursors["/v1/support/messages"], cursors["/v1/privacy/requests"]
    assert_cursor_rejected(api.get(f"/v1/privacy/requests?cursor={support}", token=alice))
    assert_cursor_rejected(api.get(f"/v1/support/messages?cursor={privacy}", token=alice))
    # The real cursors still page for their owner.
    rest = api.get(f"/v1/support/messages?limit=2&cursor={support}", token=alice).json
    assert len(rest["data"]) == 1 and rest["next_cursor"] is None


@pytest.mark.parametrize("path", USER_LISTS)
def test_every_list_rejects_forged_cursors(api, path):
    token = api.verified_user("forger@example.com")
    user_id = user_id_of(api, token)
    for forged in (
        "gen_00000000000000000000000000~led_00000000000000000000000000",
        "sev_00000000000000000000000000",
        "gen_zzzzzzzzzzzzzzzzzzzzzzzzzz",
        b64({"user_id": {"S": user_id}, "message_id": {"S": "msg_x"}}),
        "nonsense",
    ):
        assert_cursor_rejected(api.get(f"{path}?cursor={forged}", token=token))
