"""Every error is problem+json; Chalice's own error bodies never reach a client."""

import pytest

from app import app
from chalicelib.api.routing import Router


def assert_problem(response, status, code):
    assert response.status == status, response.body
    assert response.header("content-type") == "application/problem+json"
    body = response.json
    assert body["status"] == status and body["code"] == code
    assert {"type", "title", "detail"} <= set(body)
    return body


def test_unknown_route_is_404(api):
    assert_problem(api.get("/v1/nothing/here"), 404, "not_found")


def test_wrong_method_is_405_with_allow(api):
    response = api.delete("/v1/health")
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response.header("allow")


def test_invalid_json_is_400(api):
    assert_problem(api.post("/v1/auth/login", raw=b"{nope"), 400, "invalid_json")


def test_validation_errors_name_fields(api):
    body = assert_problem(api.post("/v1/auth/login", {"email": "x"}), 422, "validation_error")
    assert {e["field"] for e in body["errors"]} == {"email", "password"}


def test_unknown_body_fields_are_422(api):
    body = assert_problem(
        api.post("/v1/auth/login", {"email": "a@b.co", "password": "x", "admin": True}),
        422,
        "validation_error",
    )
    assert body["errors"] == [{"field": "admin", "message": "is not a known field"}]


def test_body_over_one_megabyte_is_413(api):
    raw = b'{"email": "' + b"a" * (1024 * 1024) + b'"}'
    assert_problem(api.post("/v1/auth/login", raw=raw), 413, "payload_too_large")


def test_wrong_content_type_is_415(api):
    response = api.post("/v1/auth/login", raw=b"email=a", headers={"content-type": "text/plain"})
    assert_problem(response, 415, "unsupported_media_type")


def test_unauthenticated_is_401(api):
    assert_problem(api.get("/v1/me"), 401, "unauthenticated")
    assert_problem(api.get("/v1/me", token="not-a-token"), 401, "unauthenticated")


@pytest.fixture
def exploding_route():
    router = Router("tests.exploding", "test")

    @router.route("/v1/test/explode", "GET", summary="raises", auth="none")
    def explode(ctx):
        raise RuntimeError(f"internal detail about {ctx.header('x-who')}")

    app.register_blueprint(router.blueprint)
    yield
    app.routes.pop("/v1/test/explode", None)
    app.handler_map.pop("explode", None)  # else it looks like a Lambda function of its own
    from chalicelib.api.route_spec import ROUTES

    ROUTES[:] = [r for r in ROUTES if r.path != "/v1/test/explode"]


def test_unexpected_exception_is_500_without_details(api, exploding_route, caplog):
    from tests.support.api import ApiClient

    response = ApiClient().get("/v1/test/explode", headers={"x-who": "victim@example.com"})
    body = assert_problem(response, 500, "internal_error")
    assert "victim" not in response.body.decode() and "detail about" not in body["detail"]
    logged = [r for r in caplog.records if r.getMessage() == "unhandled error"]
    assert logged and logged[0].error_type == "RuntimeError"
    assert not any("victim@example.com" in str(vars(r)) for r in caplog.records)
