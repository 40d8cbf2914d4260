"""Live updates end to end: a ticket from the API, a WebSocket to the local server
(which runs the app's own connect, message and disconnect handlers), and the messages
the workflow's steps publish: each status of the user's own generation and run, never
another user's; a ticket opens one socket once, within 60 s."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import InvalidStatus

from chalicelib.adapters.models.realtime import ConnectionModel
from tests.support.generations import ManualRunner, run_steps
from tests.support.live import LiveClient, start_server

PROMPT = {"prompt": "a lighthouse at dawn"}


@pytest.fixture
def live(local_app, frozen_services):
    frozen_services.overrides["workflow_runner"] = ManualRunner()
    server = start_server(local_app, frozen_services)
    yield server
    server.stop()


@pytest.fixture
def clients():
    opened: list[LiveClient] = []
    yield opened
    for client in opened:
        client.close()


def ticket(api, token):
    made = api.post("/v1/realtime/tickets", token=token)
    assert made.status == 201, made.json
    return made.json


def open_client(api, token, live, clients):
    client = LiveClient(live.port, ticket(api, token)["ticket"])
    clients.append(client)
    return client


def statuses(messages, generation_id):
    return [
        m["data"]["status"]
        for m in messages
        if m["type"] == "generation.updated" and m["data"]["id"] == generation_id
    ]


def test_a_client_sees_each_status_of_its_own_generation_only(
    frozen_api, frozen_services, live, clients
):
    token = frozen_api.verified_user("live@example.com")
    other = frozen_api.verified_user("other@example.com")
    mine, theirs = (
        open_client(frozen_api, token, live, clients),
        open_client(frozen_api, other, live, clients),
    )
    created = frozen_api.post("/v1/generations", PROMPT, token=token)
    assert created.status == 202, created.json
    generation_id = created.json["id"]
    runner = frozen_services.workflow_runner
    assert run_steps({"generation_id": generation_id}, frozen_services, runner) == [
        "Moderate",
        "Generate",
        "Finalize",
    ]
    got = mine.wait_for(3)
    assert statuses(got, generation_id) == ["queued", "running", "succeeded"]
    last = got[-1]
    assert last["sent_at"] and last["data"]["cost"]["state"] == "captured"
    assert theirs.wait_for(1, timeout=0.5) == []  # nothing of another user's


def test_a_canceled_generation_is_pushed_once(frozen_api, frozen_services, live, clients):
    token = frozen_api.verified_user("cancel@example.com")
    client = open_client(frozen_api, token, live, clients)
    generation_id = frozen_api.post("/v1/generations", PROMPT, token=token).json["id"]
    assert frozen_api.post(f"/v1/generations/{generation_id}/cancel", token=token).status == 200
    frozen_api.post(f"/v1/generations/{generation_id}/cancel", token=token)  # again: no change
    assert statuses(client.wait_for(2), generation_id) == ["queued", "canceled"]
    assert statuses(client.wait_for(3, timeout=0.5), generation_id) == ["queued", "canceled"]


def test_a_ticket_opens_one_socket_once_within_a_minute(frozen_api, live, clock, clients):
    token = frozen_api.verified_user("ticket@example.com")
    made = ticket(frozen_api, token)
    assert made["url"].startswith("ws://127.0.0.1:")
    clients.append(LiveClient(live.port, made["ticket"]))
    with pytest.raises(InvalidStatus) as refused:
        LiveClient(live.port, made["ticket"])
    assert refused.value.response.status_code == 401
    late = ticket(frozen_api, token)
    clock.advance(seconds=61)
    with pytest.raises(InvalidStatus):
        LiveClient(live.port, late["ticket"])
    with pytest.raises(InvalidStatus):
        LiveClient(live.port, "not-a-ticket")


def test_ping_pong_and_a_closed_socket_is_forgotten(frozen_api, live, clients):
    token = frozen_api.verified_user("ping@example.com")
    client = open_client(frozen_api, token, live, clients)
    client.socket.send(json.dumps({"type": "ping"}))
    assert client.wait_for(1)[0]["type"] == "pong"
    client.socket.send("hello")
    assert client.wait_for(2)[1]["type"] == "error"
    [connection] = list(ConnectionModel.scan())
    assert connection.expires is not None
    client.close()
    deadline = time.monotonic() + 10  # the server runs the disconnect handler
    while list(ConnectionModel.scan()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(ConnectionModel.scan()) == []


def test_a_connection_gone_without_its_disconnect_stops_no_other(
    frozen_api, frozen_services, live, clients
):
    token = frozen_api.verified_user("gone@example.com")
    user_id = frozen_api.get("/v1/me", token=token).json["id"]
    now = frozen_services.clock.now()
    ConnectionModel("gone-connection", user_id=user_id, connected_at=now, expires=now).save()
    client = open_client(frozen_api, token, live, clients)
    generation_id = frozen_api.post("/v1/generations", PROMPT, token=token).json["id"]
    assert statuses(client.wait_for(1), generation_id) == ["queued"]
    # Left to the table's TTL (its `expires`), as a socket whose $disconnect never came.
    assert ConnectionModel.get("gone-connection").expires == now


def test_a_ticket_needs_a_signed_in_user(frozen_api):
    answer = frozen_api.post("/v1/realtime/tickets")
    assert answer.status == 401
    assert answer.header("Content-Type") == "application/problem+json"
