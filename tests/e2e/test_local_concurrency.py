"""The local server answers requests on many threads at once: no answer (and no log
line) may belong to another request, and a burst of connections is served, not reset."""

import json
import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"
USERS = 4
PROFILE_READS = 10  # per user; each GET /v1/me costs a DynamoDB transaction on moto
ECHOES = 250  # per user; cheap requests whose answer names what only they sent
ANONYMOUS = 60
THREADS = 32
BURST = 64
EXPECTED_LOG_LINE = {
    "me": ("GET", "/v1/me", 200),
    "echo": ("POST", "/v1/auth/login", 422),
    "anonymous": ("GET", "/v1/me", 401),
}


def echo(client, field, headers=None):
    """POST /v1/auth/login with one unknown field: the 422 names it, and only it."""
    body = {"email": "a@example.com", "password": "x", field: 1}
    return client.post("/v1/auth/login", json=body, headers=headers)


def signup(client, email):
    response = client.post(
        "/v1/auth/signup",
        json={
            "email": email,
            "password": PASSWORD,
            "name": "Concurrent Person",
            "birth_date": "1990-01-01",
            "accept_policy_version": "2026-11-01",
        },
    )
    assert response.status_code == 201, response.text
    client.cookies.clear()
    return response.json()["user"]["id"], response.json()["token"]


def access_log(text):
    """correlation id -> the (method, route, status) of each access line carrying it."""
    decoder = json.JSONDecoder()
    lines = defaultdict(list)
    for line in text.splitlines():
        position = line.find("{")
        while position != -1:  # other output (EMF metrics) may share the line
            try:
                entry, end = decoder.raw_decode(line, position)
            except json.JSONDecodeError:
                entry, end = {}, position + 1
            if isinstance(entry, dict) and entry.get("message") == "request":
                lines[entry.get("correlation_id")].append(
                    (entry["method"], entry["route"], entry["status"])
                )
            position = line.find("{", end)
    return lines


def test_concurrent_requests_of_several_users_never_see_each_other(stack):
    with httpx.Client(base_url=stack.url, timeout=60) as setup:
        users = [signup(setup, f"concurrent{n}@example.com") for n in range(USERS)]
    calls = []
    for user_id, token in users:
        bearer = {"Authorization": f"Bearer {token}"}
        calls += [("me", user_id, bearer)] * PROFILE_READS
        calls += [("echo", f"probe_{user_id}_{i}", bearer) for i in range(ECHOES)]
    calls += [("anonymous", None, {})] * ANONYMOUS
    random.Random(7).shuffle(calls)

    # No keep-alive: every request opens its own connection, THREADS at a time.
    limits = httpx.Limits(max_connections=THREADS, max_keepalive_connections=0)
    with httpx.Client(base_url=stack.url, timeout=120, limits=limits) as client:

        def call(item):
            kind, expected, headers = item
            try:
                if kind == "echo":
                    return echo(client, expected, headers)
                return client.get("/v1/me", headers=headers)
            except httpx.TransportError as error:
                return error

        with ThreadPoolExecutor(THREADS) as pool:
            answers = list(zip(calls, pool.map(call, calls), strict=True))

    wrong = []
    for (kind, expected, _), response in answers:
        if isinstance(response, httpx.TransportError):
            wrong.append((kind, expected, repr(response)))
            continue
        got = response.json()
        if kind == "me":
            ok = response.status_code == 200 and got["id"] == expected
        elif kind == "echo":
            ok = response.status_code == 422 and [e["field"] for e in got["errors"]] == [expected]
        else:
            ok = response.status_code == 401 and got["code"] == "unauthenticated"
        if not ok:
            wrong.append((kind, expected, response.status_code, got.get("id") or got.get("errors")))
    assert wrong == [], f"{len(wrong)} of {len(answers)} answers went wrong, e.g. {wrong[:5]}"

    # Each answer's request id is its own, and so is the one access line carrying it.
    request_ids = [response.headers["x-request-id"] for _, response in answers]
    assert len(set(request_ids)) == len(answers)
    logged = access_log(stack.logs())
    mislogged = [
        (kind, logged[response.headers["x-request-id"]])
        for (kind, _, _), response in answers
        if logged[response.headers["x-request-id"]] != [EXPECTED_LOG_LINE[kind]]
    ]
    assert mislogged == [], f"{len(mislogged)} access lines carry another request's id"


def test_a_burst_of_new_connections_is_served_not_reset(stack):
    """BURST clients connect at the same instant, as a page full of requests or a load
    test does: more than the listen backlog of 5 that socketserver asks for by default."""
    for round_ in range(6):
        start = threading.Barrier(BURST)

        def connect_and_ask(index, round_=round_, start=start):
            start.wait()
            try:
                with httpx.Client(base_url=stack.url, timeout=60) as client:
                    response = echo(client, f"burst_{round_}_{index}")
            except httpx.TransportError as error:
                return repr(error)
            return response.status_code, [e["field"] for e in response.json()["errors"]]

        with ThreadPoolExecutor(BURST) as pool:
            answers = list(pool.map(connect_and_ask, range(BURST)))
        expected = [(422, [f"burst_{round_}_{index}"]) for index in range(BURST)]
        assert answers == expected
