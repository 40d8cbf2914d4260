"""Whatever a careless client or a fuzzer sends answers a 4xx problem at once, never a
500 and never a retry loop: non-ASCII digits, deep nesting, times beyond year 9999 in
UTC, lone UTF-16 surrogates, empty emails, missing bodies."""

import json
import re
import time
from urllib.parse import quote

import pytest

from app import app
from chalicelib.api.route_spec import ROUTES
from tests.integration.test_errors import assert_problem

ADMIN = "admin@example.com"  # in ADMIN_EMAILS (tests/conftest.py)
LIST_ROUTES = sorted(
    spec.path
    for spec in ROUTES
    if spec.method == "GET"
    and "limit" in (spec.query_model.model_fields if spec.query_model else {})
)
# Superscript two, fullwidth ten, Arabic-Indic three: str.isdigit() is true for each.
NON_ASCII_DIGITS = ("\u00b2", "\uff11\uff10", "\u0663", "1\u00b2")


def raw_json(value):
    """JSON text exactly as a client may send it: json.dumps escapes a lone surrogate as
    the six characters \\ud800, which json.loads turns back into one."""
    return json.dumps(value).encode()


def field_names(response):
    return [e["field"] for e in response.json["errors"]]


def test_every_list_is_covered():
    assert {
        "/v1/admin/privacy/requests",
        "/v1/admin/reports",
        "/v1/admin/support/messages",
        "/v1/billing/invoices",
        "/v1/billing/ledger",
        "/v1/generations",
        "/v1/me/security-events",
        "/v1/privacy/requests",
        "/v1/support/messages",
    } <= set(LIST_ROUTES)


def test_limit_in_non_ascii_digits_is_422_on_every_list(api):
    admin = api.verified_user(ADMIN)  # an admin may call every list, admin ones included
    for path in LIST_ROUTES:
        target = re.sub(r"{\w+}", "none", path)
        for limit in NON_ASCII_DIGITS:
            response = api.get(f"{target}?limit={quote(limit)}", token=admin)
            if "{" in path:  # a list under a resource: that resource does not exist
                assert response.status in (404, 422), (path, limit, response.json)
                continue
            assert_problem(response, 422, "validation_error")
            assert field_names(response) == ["limit"], (path, limit)
        assert api.get(f"{target}?limit=100", token=admin).status in (200, 404)


def test_declared_query_parameters_are_checked_against_their_schema(api):
    admin = api.verified_user(ADMIN)
    for query in ("overdue=maybe", "overdue=1", "limit=0", "limit=101", "limit=-1", "limit=1e1"):
        response = api.get(f"/v1/admin/privacy/requests?{query}", token=admin)
        assert_problem(response, 422, "validation_error")
        assert field_names(response) == [query.partition("=")[0]]
    assert api.get("/v1/admin/privacy/requests?overdue=false", token=admin).status == 200


def test_sizes_written_in_other_digits_are_422(api):
    token = api.verified_user("sizes@example.com")
    fullwidth, arabic_indic = "\uff11\uff10\uff12\uff14", "\u0661\u0660\u0662\u0664"  # 1024
    sizes = (f"{fullwidth}x{fullwidth}", "1024x1024\u00b2", f"{arabic_indic}x1024", "01024x1024")
    for size in sizes:
        for path in ("/v1/generations/quote", "/v1/generations"):
            response = api.post(path, {"prompt": "a lighthouse", "size": size}, token=token)
            assert_problem(response, 422, "validation_error")
            assert field_names(response) == ["size"], (path, size)
    assert api.get("/v1/generations", token=token).json["data"] == []
    assert api.get("/v1/me", token=token).json["credits"] == {"available": 50, "held": 0}
    fine = api.post("/v1/generations/quote", {"prompt": "a", "size": "1024x1536"}, token=token)
    assert fine.status == 200


def test_deeply_nested_bodies_are_400(api):
    token = api.verified_user("deep@example.com")
    bomb = b"[" * 100_000 + b"]" * 100_000
    for path, auth in (("/v1/auth/login", None), ("/v1/events", None), ("/v1/generations", token)):
        assert_problem(api.post(path, raw=bomb, token=auth), 400, "invalid_json")

    def event_with_properties_of_depth(depth):
        properties = {}
        for _ in range(depth - 4):  # body, events, the event and properties are 4 levels
            properties = {"k": properties}
        return {"events": [{"type": "page_view", "name": "deep", "properties": properties}]}

    too_deep = api.post("/v1/events", event_with_properties_of_depth(33))
    assert_problem(too_deep, 400, "invalid_json")
    assert api.post("/v1/events", event_with_properties_of_depth(32)).status == 202


def test_json_beyond_rfc_8259_is_400(api):
    for constant in (b"NaN", b"Infinity", b"-Infinity"):
        body = b'{"events": [{"type": "page_view", "name": "x", "properties": {"v": %s}}]}'
        assert_problem(api.post("/v1/events", raw=body % constant), 400, "invalid_json")


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+14:00",  # year 0 in UTC
        "9999-12-31T23:59:59-14:00",  # year 10000 in UTC
        "\uff12\uff10\uff12\uff16-01-01T00:00:00Z",
        "2026-01-01T00:00:00",  # no zone
        "2026-13-01T00:00:00Z",
        "2026-01-01T00:00Z",  # RFC 3339 requires the seconds
    ],
)
def test_occurred_at_beyond_utc_years_or_in_other_digits_is_422(api, moment):
    body = {"events": [{"type": "page_view", "name": "home", "occurred_at": moment}]}
    response = api.post("/v1/events", body)
    assert_problem(response, 422, "validation_error")
    assert field_names(response) == ["events[0].occurred_at"]


def test_occurred_at_at_the_edges_of_utc_is_accepted(api):
    for moment in ("0001-01-01T00:00:00-01:00", "9999-12-31T23:59:59.999+01:00"):
        body = {"events": [{"type": "page_view", "name": "home", "occurred_at": moment}]}
        assert api.post("/v1/events", body).status == 202, moment


def test_lone_surrogate_in_a_signup_name_is_422_not_email_taken(api):
    body = {
        "email": "surrogate@example.com",
        "password": "correct horse battery staple",
        "name": "Ann \ud800",
        "birth_date": "1990-01-01",
        "accept_policy_version": "2026-11-01",
    }
    response = api.post("/v1/auth/signup", raw=raw_json(body))
    assert_problem(response, 422, "validation_error")
    assert response.json["errors"] == [
        {"field": "name", "message": "must not hold a lone UTF-16 surrogate"}
    ]
    assert api.signup("surrogate@example.com").status == 201  # nothing was half-created


def test_lone_surrogate_in_a_prompt_is_422_at_once_and_moves_no_credit(api):
    token = api.verified_user("prompt@example.com")
    started = time.monotonic()
    response = api.post("/v1/generations", raw=raw_json({"prompt": "a cat \udfff"}), token=token)
    assert time.monotonic() - started < 10  # today: 15 s of ledger retries, then a 500
    assert_problem(response, 422, "validation_error")
    assert field_names(response) == ["prompt"]
    assert api.get("/v1/me", token=token).json["credits"] == {"available": 50, "held": 0}
    assert api.get("/v1/generations", token=token).json["data"] == []


def test_lone_surrogates_anywhere_in_a_body_are_named(api):
    token = api.verified_user("anywhere@example.com")
    events = {
        "events": [
            {"type": "page_view", "name": "fine"},
            {"type": "page_view", "name": "x", "properties": {"a": ["ok", "\ud83d"]}},
        ]
    }
    response = api.post("/v1/events", raw=raw_json(events))
    assert_problem(response, 422, "validation_error")
    assert field_names(response) == ["events[1].properties.a[1]"]
    key = api.post("/v1/support/messages", raw=raw_json({"\udc00": "x"}), token=token)
    assert_problem(key, 422, "validation_error")
    assert key.json["errors"] == [
        {"field": "body", "message": "has a field name holding a lone UTF-16 surrogate"}
    ]
    pair = {"subject": "A smile \U0001f600", "body": "written as a surrogate pair"}
    assert b"\\ud83d\\ude00" in raw_json(pair)
    assert api.post("/v1/support/messages", raw=raw_json(pair), token=token).status == 201


def test_lone_surrogate_in_a_query_parameter_is_422(api):
    """API Gateway hands the Lambda decoded query strings; the local server cannot carry a
    lone surrogate, so the event is built as API Gateway would send it."""
    from chalice.local import LambdaContext

    token = api.verified_user("query@example.com")
    headers = {"authorization": f"Bearer {token}"}
    event = api._client.http._local_gateway.event_converter.create_lambda_event(
        "GET", "/v1/support/messages?cursor=x", headers, None
    )
    event["multiValueQueryStringParameters"] = {"cursor": ["abc\ud800"]}
    answer = app(event, LambdaContext("api", 1024))
    assert answer["statusCode"] == 422, answer["body"]
    assert json.loads(answer["body"])["errors"][0]["field"] == "cursor"


@pytest.mark.parametrize("email", ["", "   ", "not-an-email", "kid@example.com\n"])
def test_child_report_with_a_malformed_email_is_422(api, email):
    response = api.post("/v1/reports/child-account", {"account_email": email})
    assert_problem(response, 422, "validation_error")
    assert field_names(response) == ["account_email"]


def test_patch_me_without_a_body_is_422(api):
    token = api.verified_user("patch@example.com")
    for raw in (b"", b"  \n"):
        response = api.patch("/v1/me", raw=raw, token=token)
        assert_problem(response, 422, "validation_error")
        assert response.json["errors"] == [{"field": "body", "message": "is required"}]
    assert api.patch("/v1/me", {"name": "Still Here"}, token=token).json["name"] == "Still Here"


def test_a_body_of_many_unknown_fields_lists_only_the_first_errors(api):
    """Every error of a 1 MB body of unknown fields would make a response past Lambda's
    6 MB limit (a 502 from API Gateway)."""
    body = raw_json({f"k{i}": 0 for i in range(70_000)})
    assert len(body) < 1024 * 1024
    response = api.post("/v1/auth/login", raw=body)
    assert_problem(response, 422, "validation_error")
    assert len(response.json["errors"]) == 100
    assert field_names(response)[:3] == ["email", "password", "k0"]
    assert len(response.body) < 20_000


def test_patterns_take_ascii_digits_only(api):
    """JSON Schema patterns are ECMA-262 regexes, where \\d is [0-9]; Python's is any digit."""
    token = api.signup("pattern@example.com").json["token"]
    fullwidth = "".join(chr(0xFF10 + int(d)) for d in api.last_code("pattern@example.com"))
    response = api.post("/v1/auth/verify-email", {"code": fullwidth}, token=token)
    assert_problem(response, 422, "validation_error")
    assert field_names(response) == ["code"]
