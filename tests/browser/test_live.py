"""Live updates in the browser: the tab's WebSocket (a ticket, then `url?ticket=…`)
carries `generation.updated` to the Create page, which shows the finished image without a
reload; the library adds a generation made by another request at the top and follows it
to "Succeeded"; partial previews pushed while a generation runs are shown until the final
image; and with no socket (every ticket request lost) a generation still finishes by polling."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, Route, WebSocket, WebSocketRoute, expect

from tests.browser.harness import screenshot, wait_loaded
from tests.browser.people import finished_generation, signed_up

pytestmark = pytest.mark.browser

FINISHED = 30_000  # ms: a generation on the local image provider, a job run
WS_URL = re.compile(r"^ws://127\.0\.0\.1:\d+/?\?ticket=")


class Frames:
    """The sockets the page opened and every message they brought it."""

    def __init__(self, page: Page) -> None:
        self.urls: list[str] = []
        self.messages: list[dict[str, Any]] = []
        page.on("websocket", self._opened)

    def _opened(self, socket: WebSocket) -> None:
        self.urls.append(socket.url)
        socket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        self.messages.append(json.loads(payload))

    def statuses(self, generation_id: str) -> list[str]:
        return [
            m["data"]["status"]
            for m in self.messages
            if m["type"] == "generation.updated" and m["data"]["id"] == generation_id
        ]


def generate(page: Page, prompt: str) -> str:
    """Press Generate on the Create page; returns the new generation's id."""
    page.get_by_role("textbox", name="Prompt").fill(prompt)
    expect(page.get_by_text(re.compile(r"^\d+ credits?$")).first).to_be_visible()
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/v1/generations")
    ) as created:
        page.get_by_role("button", name="Generate").click()
    assert created.value.status == 202, created.value.text()
    return str(created.value.json()["id"])


def test_create_finishes_from_pushed_updates(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "live-create")
    frames = Frames(page)
    page.goto("/")
    expect(page.get_by_text("Live", exact=True)).to_be_visible()
    assert any(WS_URL.match(url) for url in frames.urls), frames.urls
    page.evaluate("() => { window.notReloaded = true; }")

    generation_id = generate(page, "a kite over the dunes")
    image = page.get_by_role("img", name="a kite over the dunes")
    expect(image).to_be_visible(timeout=FINISHED)
    wait_loaded(image)
    expect(page.get_by_text("Succeeded", exact=True)).to_be_visible()
    assert page.evaluate("() => window.notReloaded") is True
    assert "succeeded" in frames.statuses(generation_id), frames.messages
    pushed = [i for m in frames.messages for i in m["data"].get("images", [])]
    assert pushed and not any("url" in image for image in pushed)  # links come from the GET


def test_asked_previews_stream_from_the_local_provider_to_the_page(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "live-previews")
    frames = Frames(page)
    page.goto("/")
    expect(page.get_by_text("Live", exact=True)).to_be_visible()
    page.get_by_role("spinbutton", name="Partial previews").fill("2")
    generation_id = generate(page, "a lantern in the fog")
    expect(page.get_by_role("img", name="a lantern in the fog")).to_be_visible(timeout=FINISHED)
    partials = [
        m["data"]
        for m in frames.messages
        if m["type"] == "generation.partial_image" and m["data"]["generation_id"] == generation_id
    ]
    assert [p["partial_index"] for p in partials] == [0, 1], frames.messages
    page.get_by_role("spinbutton", name="Number of images").fill("2")
    expect(page.get_by_role("spinbutton", name="Partial previews")).to_be_disabled()


def test_the_library_shows_a_generation_made_elsewhere(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "live-library")
    finished_generation(page.context, base, "an older sketch")
    frames = Frames(page)
    page.goto("/library")
    rows = page.get_by_role("list", name="Generations").get_by_role("listitem")
    expect(rows).to_have_count(1)
    expect(page.get_by_text("Live", exact=True)).to_be_visible()

    # Another tab (the same session, through the API) starts one.
    created = page.context.request.post(
        f"{base}/v1/generations", data={"prompt": "a tram at night"}, headers={"Origin": base}
    )
    assert created.status == 202, created.text()
    generation_id = created.json()["id"]
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("a tram at night")
    expect(rows.first.get_by_text("Succeeded", exact=True)).to_be_visible(timeout=FINISHED)
    expect(rows.first.get_by_role("img", name="a tram at night")).to_be_visible()
    expect(rows.nth(1)).to_contain_text("an older sketch")
    assert "succeeded" in frames.statuses(generation_id), frames.messages


def test_partial_previews_until_the_final_image(open_page, base):
    """The local provider streams no partials, so the socket is routed through the test,
    which adds two `generation.partial_image` messages while the generation is held at
    "running" (its GET answered so), then lets the real answer through."""
    page, _ = open_page()
    signed_up(page.context, base, "live-partial")
    sockets: list[WebSocketRoute] = []

    def through(socket: WebSocketRoute) -> None:
        socket.connect_to_server()  # every message still passes both ways
        sockets.append(socket)

    page.route_web_socket(WS_URL, through)

    def held(route: Route) -> None:
        answer = route.fetch()
        body = {**answer.json(), "status": "running", "images": [], "completed_at": None}
        route.fulfill(response=answer, json=body)

    page.route(re.compile(r"/v1/generations/gen_[0-9a-z]+$"), held)
    page.goto("/")
    expect(page.get_by_text("Live", exact=True)).to_be_visible()
    generation_id = generate(page, "a lantern in fog")
    expect(page.get_by_text("Running", exact=True)).to_be_visible(timeout=FINISHED)

    def partial(n: int) -> str:
        data = {"generation_id": generation_id, "index": 0, "partial_index": n}
        return json.dumps(
            {"type": "generation.partial_image", "data": {**data, "url": f"{base}/favicon.svg"}}
        )

    sockets[-1].send(partial(0))
    expect(page.get_by_role("img", name="Partial preview 1")).to_be_visible()
    expect(page.get_by_text("Preview 1", exact=True)).to_be_visible()
    sockets[-1].send(partial(1))
    expect(page.get_by_role("img", name="Partial preview 2")).to_be_visible()
    expect(page.get_by_text("Preview 2", exact=True)).to_be_visible()
    screenshot(page, "create-partial-preview")

    page.unroute(re.compile(r"/v1/generations/gen_[0-9a-z]+$"))
    update = {"type": "generation.updated", "data": {"id": generation_id, "status": "succeeded"}}
    sockets[-1].send(json.dumps(update))
    image = page.get_by_role("img", name="a lantern in fog")
    expect(image).to_be_visible(timeout=FINISHED)
    wait_loaded(image)
    expect(page.get_by_role("img", name=re.compile("^Partial preview"))).to_have_count(0)


def test_without_a_socket_create_still_finishes_by_polling(open_page, base):
    page, journal = open_page()
    signed_up(page.context, base, "live-offline")
    journal.expect_failure("/v1/realtime/tickets")
    page.route("**/v1/realtime/tickets", lambda route: route.abort())
    frames = Frames(page)
    page.goto("/")
    expect(page.get_by_text("Offline — polling", exact=True)).to_be_visible()
    generate(page, "a windmill in rain")
    image = page.get_by_role("img", name="a windmill in rain")
    expect(image).to_be_visible(timeout=FINISHED)
    wait_loaded(image)

    assert frames.urls == []
