"""API keys: made from a fresh session and shown once, accepted as a bearer token on the
routes their scopes allow (403 elsewhere), revoked or expired at once, throttled per
key, `last_used_at` written at most once a minute, and never logged."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import boto3

from chalicelib.adapters.api_keys_store import ApiKeysStore
from chalicelib.clock import isoformat
from chalicelib.config import get_settings
from chalicelib.domain.api_keys import REQUEST_RATE
from tests.integration.test_logging import logs  # noqa: F401 (the fixture)
from tests.integration.test_openapi import assert_documented_problem
from tests.support.api import PASSWORD

READ, WRITE, LIBRARY = "generations:read", "generations:write", "library"
NO_SUCH_GENERATION = "gen_00000000000000000000000000"


def make_key(api, token, scopes, **extra):
    created = api.post("/v1/api-keys", {"name": "script", "scopes": scopes, **extra}, token=token)
    assert created.status == 201, created.json
    return created.json


def stored_keys():
    table = get_settings().table_name("api_keys")
    return boto3.client("dynamodb", region_name=get_settings().region).scan(TableName=table)[
        "Items"
    ]


def test_creating_a_key_needs_a_fresh_session(frozen_api, clock):
    token = frozen_api.verified_user("fresh-keys@example.com")
    clock.advance(minutes=11)
    stale = frozen_api.post("/v1/api-keys", {"name": "ci", "scopes": [READ]}, token=token)
    assert stale.status == 401 and stale.json["code"] == "reauth_required"
    assert stale.json["code"] in json.dumps(
        frozen_api.get("/v1/openapi.json").json["paths"]["/v1/api-keys"]["post"]["responses"]
    )
    assert stored_keys() == []
    assert frozen_api.post("/v1/auth/reauth", {"password": PASSWORD}, token=token).status == 204
    created = make_key(frozen_api, token, [READ])
    assert created["key"].startswith("gi2_sk_") and created["scopes"] == [READ]


def test_the_key_is_shown_once_and_stored_only_as_its_digest(frozen_api, clock):
    token = frozen_api.verified_user("shown-once@example.com")
    created = make_key(frozen_api, token, [LIBRARY, READ])
    secret = created["key"]
    assert len(secret) == len("gi2_sk_") + 43  # 256 random bits, base64url
    assert created["prefix"] == secret[:12] and created["scopes"] == [READ, LIBRARY]
    assert created["created_at"] == isoformat(clock.now())
    assert created["last_used_at"] is None and created["expires_at"] is None
    listed = frozen_api.get("/v1/api-keys", token=token)
    assert listed.status == 200
    [item] = listed.json["data"]
    assert item == {k: v for k, v in created.items() if k != "key"}
    assert listed.json["next_cursor"] is None
    assert secret not in listed.body.decode() and secret[12:] not in listed.body.decode()
    [stored] = stored_keys()
    assert secret not in json.dumps(stored)
    assert stored["key_hash"]["S"] == hashlib.sha256(secret.encode()).hexdigest()
    events = frozen_api.get("/v1/me/security-events", token=token).json["data"]
    assert "api_key_created" in [e["type"] for e in events]  # same instant: in any order


def test_keys_are_listed_newest_first_a_page_at_a_time(frozen_api, clock):
    token = frozen_api.verified_user("pages@example.com")
    made = []
    for _ in range(3):
        made.append(make_key(frozen_api, token, [READ])["id"])
        clock.advance(seconds=1)
    first = frozen_api.get("/v1/api-keys?limit=2", token=token).json
    assert [k["id"] for k in first["data"]] == made[:0:-1]
    rest = frozen_api.get(f"/v1/api-keys?limit=2&cursor={first['next_cursor']}", token=token).json
    assert [k["id"] for k in rest["data"]] == made[:1]
    other = frozen_api.verified_user("other-pages@example.com")
    assert frozen_api.get("/v1/api-keys", token=other).json["data"] == []


def test_a_bad_body_names_its_field(frozen_api, clock):
    token = frozen_api.verified_user("bad-body@example.com")
    cases = [
        ({"name": "x", "scopes": ["admin"]}, "scopes[0]"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "", "scopes": [READ]}, "name"),
        ({"name": "x", "scopes": [READ], "expires_at": isoformat(clock.now())}, "expires_at"),
        ({"name": "x", "scopes": [READ], "expires_at": "tomorrow"}, "expires_at"),
    ]
    for body, field in cases:
        response = frozen_api.post("/v1/api-keys", body, token=token)
        assert response.status == 422, body
        assert field in [e["field"] for e in response.json["errors"]], response.json
    assert stored_keys() == []


def test_a_key_works_from_a_plain_http_client_as_its_owner(api):
    token = api.verified_user("script-owner@example.com")
    write = make_key(api, token, [WRITE])["key"]
    read = make_key(api, token, [READ])["key"]
    created = api.post(
        "/v1/generations",
        {"prompt": "a lighthouse at dusk"},
        headers={"authorization": f"Bearer {write}"},
    )
    assert created.status == 202, created.json
    got = api.get(
        f"/v1/generations/{created.json['id']}", headers={"authorization": f"Bearer {read}"}
    )
    assert got.status == 200 and got.json["prompt"] == "a lighthouse at dusk"
    mine = api.get("/v1/generations", token=token).json["data"]
    assert [g["id"] for g in mine] == [created.json["id"]]
    stranger = make_key(api, api.verified_user("stranger@example.com"), [READ])["key"]
    other = api.get(f"/v1/generations/{created.json['id']}", token=stranger)
    assert other.status == 404


def check(api, document, key, method, path, status, code=None, body=None):
    response = api.request(method, path, body, token=key)
    assert response.status == status, (method, path, response.json)
    if code is not None:
        template = next(
            p
            for p in document["paths"]
            if _matches(p, path.split("?")[0]) and method.lower() in document["paths"][p]
        )
        assert_documented_problem(document, method, template, response, code)
    return response


def _matches(template, path):
    parts, given = template.split("/"), path.split("/")
    return len(parts) == len(given) and all(
        p == g or (p.startswith("{") and p.endswith("}")) for p, g in zip(parts, given, strict=True)
    )


def test_each_scope_opens_its_routes_and_no_other(api):
    document = api.get("/v1/openapi.json").json
    token = api.verified_user("scopes@example.com")
    read = make_key(api, token, [READ])["key"]
    write = make_key(api, token, [WRITE])["key"]
    library = make_key(api, token, [LIBRARY])["key"]
    upload = {"content_type": "image/png", "size": 10, "purpose": "input"}
    collection = {"name": "From a script"}
    # Read: the generations, workflows and runs lists; nothing that changes anything.
    for path in ("/v1/generations", "/v1/workflows", "/v1/workflow-runs"):
        check(api, document, read, "GET", path, 200)
    check(api, document, read, "GET", f"/v1/generations/{NO_SUCH_GENERATION}", 404)
    check(api, document, read, "POST", "/v1/uploads", 403, "insufficient_scope", upload)
    check(api, document, read, "GET", "/v1/collections", 403, "insufficient_scope")
    # Write: uploads, quotes, generations; not reading them.
    check(api, document, write, "POST", "/v1/uploads", 201, body=upload)
    check(api, document, write, "POST", "/v1/generations/quote", 200, body={"prompt": "a fox"})
    check(api, document, write, "GET", "/v1/generations", 403, "insufficient_scope")
    check(api, document, write, "POST", "/v1/collections", 403, "insufficient_scope", collection)
    # Library: collections and favorites, not the generations themselves.
    made = check(api, document, library, "POST", "/v1/collections", 201, body=collection)
    check(api, document, library, "GET", f"/v1/collections/{made.json['id']}", 200)
    favorite = f"/v1/generations/{NO_SUCH_GENERATION}/favorite"
    check(api, document, library, "PUT", favorite, 404, "not_found")
    check(api, document, library, "GET", "/v1/generations", 403, "insufficient_scope")
    # Live updates: a ticket for a key that reads generations.
    assert check(api, document, read, "POST", "/v1/realtime/tickets", 201).json["ticket"]
    check(api, document, library, "POST", "/v1/realtime/tickets", 403, "insufficient_scope")
    # Accounts, sessions, billing, privacy, consent, support, keys: no key at all.
    for key in (read, write, library):
        for method, path, body in (
            ("GET", "/v1/me", None),
            ("PATCH", "/v1/me", {"name": "Script"}),
            ("GET", "/v1/auth/sessions", None),
            ("POST", "/v1/auth/logout", None),
            ("GET", "/v1/billing", None),
            ("POST", "/v1/billing/checkout", {"product_id": "pack_small"}),
            ("GET", "/v1/privacy/requests", None),
            ("POST", "/v1/privacy/requests", {"type": "export"}),
            ("GET", "/v1/consent", None),
            ("GET", "/v1/support/messages", None),
            ("GET", "/v1/api-keys", None),
            ("POST", "/v1/api-keys", {"name": "again", "scopes": [READ]}),
            ("GET", "/v1/webhook-endpoints", None),
            ("POST", "/v1/webhook-endpoints", {"url": "https://example.com/h", "events": []}),
        ):
            check(api, document, key, method, path, 403, "api_key_not_allowed", body)
    # Admin routes stay invisible; public ones stay public.
    assert check(api, document, read, "GET", "/v1/admin/reports", 404).json["code"] == "not_found"
    check(api, document, read, "GET", "/v1/models", 200)
    assert api.get("/v1/me", token=token).status == 200  # the session is not affected


def test_the_document_names_each_operations_scope(api):
    document = api.get("/v1/openapi.json").json
    paths = document["paths"]

    def key_scopes(path, method):
        return [s["apiKey"] for s in paths[path][method]["security"] if "apiKey" in s]

    assert key_scopes("/v1/generations", "get") == [[READ]]
    assert key_scopes("/v1/generations", "post") == [[WRITE]]
    assert key_scopes("/v1/workflow-runs/{run_id}/cancel", "post") == [[WRITE]]
    assert key_scopes("/v1/collections", "get") == [[LIBRARY]]
    assert key_scopes("/v1/generations/{generation_id}/images/{index}", "get") == [[READ]]
    assert key_scopes("/v1/me", "get") == key_scopes("/v1/api-keys", "post") == []
    assert "api_key_not_allowed" in json.dumps(paths["/v1/me"]["get"]["responses"]["403"])
    assert "insufficient_scope" in json.dumps(paths["/v1/uploads"]["post"]["responses"]["403"])
    assert "429" in paths["/v1/uploads"]["post"]["responses"]


def test_a_revoked_key_stops_working_at_once(api):
    token = api.verified_user("revoke@example.com")
    made = make_key(api, token, [READ])
    assert api.get("/v1/generations", token=made["key"]).status == 200
    stranger = api.verified_user("not-the-owner@example.com")
    assert api.delete(f"/v1/api-keys/{made['id']}", token=stranger).status == 404
    assert api.delete(f"/v1/api-keys/{made['id']}", token=token).status == 204
    gone = api.get("/v1/generations", token=made["key"])
    assert gone.status == 401 and gone.json["code"] == "unauthenticated"
    assert api.delete(f"/v1/api-keys/{made['id']}", token=token).status == 404
    assert api.get("/v1/api-keys", token=token).json["data"] == []
    assert stored_keys() == []
    events = api.get("/v1/me/security-events", token=token).json["data"]
    assert events[0]["type"] == "api_key_revoked"  # the real clock: the newest


def test_a_made_up_key_is_unauthenticated(api):
    for key in ("gi2_sk_" + "a" * 43, "gi2_sk_short"):
        response = api.get("/v1/generations", token=key)
        assert response.status == 401 and response.json["code"] == "unauthenticated"


def test_an_expired_key_answers_401_and_leaves_the_list(frozen_api, clock):
    token = frozen_api.verified_user("expiry@example.com")
    until = isoformat(clock.now() + timedelta(hours=1))
    made = make_key(frozen_api, token, [READ], expires_at=until)
    assert made["expires_at"] == until
    [stored] = stored_keys()
    assert int(stored["expires"]["N"]) == int((clock.now() + timedelta(hours=1)).timestamp())
    clock.advance(minutes=59, seconds=59)
    assert frozen_api.get("/v1/generations", token=made["key"]).status == 200
    clock.advance(seconds=1)
    expired = frozen_api.get("/v1/generations", token=made["key"])
    assert expired.status == 401 and expired.json["code"] == "unauthenticated"
    assert frozen_api.get("/v1/api-keys", token=token).json["data"] == []
    assert frozen_api.post("/v1/dev/run-jobs").status == 200  # retention removes it
    assert stored_keys() == []


class CountingStore(ApiKeysStore):
    def __init__(self):
        self.touches = 0

    def touch(self, key, now, unless_after):
        self.touches += 1
        return super().touch(key, now, unless_after)


def test_last_used_is_written_at_most_once_a_minute(frozen_services, frozen_api, clock):
    store = CountingStore()
    frozen_services.overrides["api_keys_store"] = store
    token = frozen_api.verified_user("last-used@example.com")
    made = make_key(frozen_api, token, [READ])

    def last_used():
        return frozen_api.get("/v1/api-keys", token=token).json["data"][0]["last_used_at"]

    first_use = clock.now()
    for _ in range(3):
        assert frozen_api.get("/v1/generations", token=made["key"]).status == 200
        clock.advance(seconds=20)
    assert store.touches == 1 and last_used() == isoformat(first_use)
    assert frozen_api.get("/v1/generations", token=made["key"]).status == 200  # 60 s on
    assert store.touches == 2 and last_used() == isoformat(clock.now())
    # A request that read the key before another recorded its use writes nothing.
    stored = store.find(hashlib.sha256(made["key"].encode()).hexdigest())
    assert not store.touch(stored, clock.now(), unless_after=clock.now() - timedelta(minutes=1))


def test_each_key_is_throttled_on_its_own(frozen_api, clock):
    token = frozen_api.verified_user("busy@example.com")
    busy = make_key(frozen_api, token, [READ])["key"]
    calm = make_key(frozen_api, token, [READ])["key"]
    for _ in range(REQUEST_RATE.free_failures):
        assert frozen_api.get("/v1/generations", token=busy).status == 200
    clock.advance(seconds=20)
    refused = frozen_api.get("/v1/generations", token=busy)
    assert refused.status == 429 and refused.json["code"] == "rate_limited"
    assert refused.header("retry-after") == "41"
    document = frozen_api.get("/v1/openapi.json").json
    assert_documented_problem(document, "GET", "/v1/generations", refused, "rate_limited")
    assert frozen_api.get("/v1/generations", token=calm).status == 200
    assert frozen_api.get("/v1/generations", token=token).status == 200  # sessions: not counted
    clock.advance(seconds=41)
    assert frozen_api.get("/v1/generations", token=busy).status == 200


def test_an_erased_owners_key_stops_working(frozen_api, clock):
    token = frozen_api.verified_user("erased-owner@example.com")
    key = make_key(frozen_api, token, [READ])["key"]
    created = frozen_api.post("/v1/privacy/requests", {"type": "deletion"}, token=token)
    assert created.status == 202, created.json
    clock.advance(days=7, minutes=1)
    assert frozen_api.post("/v1/dev/run-jobs").json["deletion_executor"]["deleted_accounts"] == 1
    assert frozen_api.get("/v1/generations", token=key).status == 401
    assert stored_keys() == []


def test_the_key_never_appears_in_the_logs(api, logs):  # noqa: F811
    token = api.verified_user("quiet-key@example.com")
    made = make_key(api, token, [READ])
    secret = made["key"]
    api.get("/v1/generations", token=secret)
    api.post("/v1/uploads", {"content_type": "image/png", "size": 1}, token=secret)
    api.get("/v1/me", token=secret)
    api.get("/v1/generations", token=secret[:-1] + "x")
    api.delete(f"/v1/api-keys/{made['id']}", token=token)
    api.get("/v1/generations", token=secret)
    written = logs.getvalue()
    assert written.count('"message":"request"') >= 6  # the logger did write
    assert secret not in written and secret[12:] not in written
    assert hashlib.sha256(secret.encode()).hexdigest() not in written
