"""Live updates on the local stack's pieces (moto, the real ASL, the local provider, the
local WebSocket server calling the app's own handlers): the time from the provider's
answer to the client's `generation.updated` (succeeded), against polling
`GET /v1/generations/{id}` every second, and the AWS calls each pushed event costs
(deployed: the publisher's Query plus one PostToConnection per open socket, measured
here against moto's API Gateway management API).

Run: .venv/bin/python bench/live.py"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workflow import CALLS, count_calls

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
ROUNDS = 8
POLL_SECONDS = 1.0


class Stamped:
    """The provider, with the moment of each answer."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.answered: dict[str, float] = {}

    def create(self, request: Any, *args: Any, **kw: Any) -> Any:
        result = self.inner.create(request, *args, **kw)
        self.answered[request.prompt] = time.perf_counter()
        return result


def poll(api: Any, token: str, generation_id: str, seen: dict[str, float]) -> None:
    while True:
        if api.get(f"/v1/generations/{generation_id}", token=token).json["status"] == "succeeded":
            seen[generation_id] = time.perf_counter()
            return
        time.sleep(POLL_SECONDS)


def pushed(client: Any, generation_id: str, timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message, at in zip(list(client.messages), list(client.arrived), strict=False):
            data = message["data"]
            if (message["type"], data["id"], data["status"]) == (
                "generation.updated",
                generation_id,
                "succeeded",
            ):
                return at
        time.sleep(0.002)
    raise TimeoutError(generation_id)


def calls_per_event(services: Any, user_id: str, sockets: int) -> tuple[int, float]:
    """(the user's open sockets, AWS calls per event) after `sockets` more open."""
    from chalicelib.adapters.connection_sender import ApiGatewaySender
    from chalicelib.adapters.models.realtime import ConnectionModel
    from chalicelib.domain.realtime import Publisher
    from chalicelib.domain.realtime_entities import MessageType

    now = services.clock.now()
    for i in range(sockets):
        ConnectionModel(
            f"bench-{sockets}-{i}", user_id=user_id, connected_at=now, expires=now
        ).save()
    sender = ApiGatewaySender("wss://bench.execute-api.us-east-1.amazonaws.com/dev", "us-east-1")
    publisher = Publisher(services.realtime_store, sender, services.clock)
    CALLS.clear()
    events = 20
    for _ in range(events):
        publisher.publish(user_id, MessageType.GENERATION_UPDATED, lambda: {"id": "gen"})
    return len(services.realtime_store.connections_of(user_id)), sum(CALLS.values()) / events


def main() -> None:
    from moto import mock_aws

    count_calls()
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        from app import app
        from chalicelib.config import get_settings
        from chalicelib.services import set_services
        from devstack import lambda_dispatch, moto_atomic, wiring
        from devstack.provision import provision_all
        from tests.support.api import ApiClient
        from tests.support.generations import grant
        from tests.support.live import LiveClient, start_server

        settings = get_settings()
        wiring.install(app, settings)
        moto_atomic.install()
        lambda_dispatch.install(app, settings.resource_prefix)
        provision_all(settings, sorted(app.handler_map))
        services = wiring.local_services(settings)
        set_services(services)
        provider = Stamped(services.image_provider)
        services.__dict__["image_provider"] = provider
        server = start_server(app, services)
        api = ApiClient()
        token = api.verified_user("bench-live@example.com")
        user_id = api.get("/v1/me", token=token).json["id"]
        grant(user_id, 10_000)
        ticket = api.post("/v1/realtime/tickets", token=token).json["ticket"]
        client = LiveClient(server.port, ticket)
        push, polled = [], []
        for round_ in range(ROUNDS):
            prompt = f"a live bench {round_}"
            generation_id = api.post("/v1/generations", {"prompt": prompt}, token=token).json["id"]
            seen: dict[str, float] = {}
            poller = threading.Thread(target=poll, args=(api, token, generation_id, seen))
            poller.start()
            at = pushed(client, generation_id)
            poller.join()
            answered = provider.answered[prompt]
            push.append(at - answered)
            polled.append(seen[generation_id] - answered)
        client.close()
        server.stop()
        push_ms = statistics.median(push) * 1000
        poll_ms = statistics.median(polled) * 1000
        print(f"{ROUNDS} generations, local provider, real ASL on moto")
        print(f"provider answer -> pushed generation.updated: median {push_ms:.0f} ms")
        print(
            f"provider answer -> seen polling every {POLL_SECONDS:.0f} s: median {poll_ms:.0f} ms"
        )
        print(f"polling / push: {poll_ms / push_ms:.1f}x")
        for more in (1, 3):
            sockets, per = calls_per_event(services, user_id, more)
            print(f"AWS calls per pushed event with {sockets} open socket(s): {per:.1f}")


if __name__ == "__main__":
    main()
