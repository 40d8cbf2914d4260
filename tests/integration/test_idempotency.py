"""Idempotency-Key: same key and body replays; a different body is 409; failures free the key."""

import pytest

from app import app
from chalicelib.api.idempotency import idempotent
from chalicelib.api.models.base import RequestModel
from chalicelib.api.route_spec import ROUTES
from chalicelib.api.routing import Router
from chalicelib.errors import Unprocessable

CALLS = []


class Count(RequestModel):
    n: int


@pytest.fixture
def counter_route():
    router = Router("tests.idem", "test")

    @router.route(
        "/v1/test/counter",
        "POST",
        summary="counts",
        status=201,
        body=Count,
    )
    def count(ctx):
        def action():
            if ctx.json["n"] < 0:
                raise Unprocessable("negative", code="negative")
            CALLS.append(ctx.json["n"])
            return 201, {"calls": len(CALLS), "n": ctx.json["n"]}

        return idempotent(ctx, "counter", action)

    app.register_blueprint(router.blueprint)
    CALLS.clear()
    yield
    app.routes.pop("/v1/test/counter", None)
    app.handler_map.pop("count", None)  # else it looks like a Lambda function of its own
    ROUTES[:] = [r for r in ROUTES if r.path != "/v1/test/counter"]


def post(api, token, n, key):
    return api.post("/v1/test/counter", {"n": n}, token=token, headers={"Idempotency-Key": key})


def test_same_key_same_body_replays(counter_route, api):
    token = api.signup("i@example.com").json["token"]
    first = post(api, token, 1, "k1")
    second = post(api, token, 1, "k1")
    assert first.status == second.status == 201
    assert first.json == second.json == {"calls": 1, "n": 1}
    assert second.header("idempotent-replayed") == "true"
    assert CALLS == [1]


def test_same_key_other_body_is_409(counter_route, api):
    token = api.signup("j@example.com").json["token"]
    post(api, token, 1, "k1")
    response = post(api, token, 2, "k1")
    assert response.status == 409 and response.json["code"] == "idempotency_key_reused"


def test_keys_are_per_user(counter_route, api):
    alice = api.signup("a@example.com").json["token"]
    bob = api.signup("b@example.com").json["token"]
    assert post(api, alice, 1, "same").json["calls"] == 1
    assert post(api, bob, 1, "same").json["calls"] == 2


def test_a_failed_request_frees_the_key_and_bad_keys_are_422(counter_route, api):
    token = api.signup("f@example.com").json["token"]
    assert post(api, token, -1, "k").status == 422
    assert post(api, token, 5, "k").status == 201
    assert post(api, token, 5, "x" * 256).status == 422


def test_keys_expire_after_24_hours(counter_route, frozen_api, clock):
    token = frozen_api.signup("e@example.com").json["token"]
    post(frozen_api, token, 1, "k")
    clock.advance(hours=24, seconds=1)
    assert post(frozen_api, token, 2, "k").json == {"calls": 2, "n": 2}
