"""The library's controls, by role and accessible name: a generation made a favorite and
no longer, the favorites filter, the prompt search, a collection made from the detail page
and seen in the collection view, the generation removed from it, the collection renamed
and deleted, paging that keeps the search, a remix from the detail page (its source as
parent, read from the API) and a remix with a mask painted over the source, and axe on
the new views."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import axe_violations, tab_to, wait_loaded
from tests.browser.people import finished_generation, many_generations, signed_up

pytestmark = pytest.mark.browser

FINISHED = 30_000  # ms: a generation on the local image provider, a job run


def card(page: Page, prompt: str) -> Locator:
    """The library card of the generation whose image is described by `prompt`."""
    return (
        page.get_by_role("list", name="Generations")
        .get_by_role("listitem")
        .filter(has=page.get_by_role("img", name=prompt, exact=True))
    )


def favorite_of(base: str, page: Page, generation_id: str) -> bool:
    return bool(page.request.get(f"{base}/v1/generations/{generation_id}").json()["favorite"])


def test_favorite_unfavorite_and_filter_favorites(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "fan")
    liked = finished_generation(page.context, base, "a red kite")
    finished_generation(page.context, base, "a grey stone")
    page.goto("/library")
    button = card(page, "a red kite").get_by_role("button", name="Favorite")
    expect(button).to_have_attribute("aria-pressed", "false")
    tab_to(button)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    assert favorite_of(base, page, liked)

    page.get_by_role("checkbox", name="Favorites only").check()
    expect(page).to_have_url(f"{base}/library?favorite=true")
    expect(page.get_by_role("img", name="a red kite", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="a grey stone", exact=True)).to_have_count(0)
    assert axe_violations(page) == []

    card(page, "a red kite").get_by_role("button", name="Favorite").click()
    expect(card(page, "a red kite").get_by_role("button", name="Favorite")).to_have_attribute(
        "aria-pressed", "false"
    )
    assert not favorite_of(base, page, liked)
    page.goto(f"/library/{liked}")
    on_detail = page.get_by_role("button", name="Favorite")
    expect(on_detail).to_have_attribute("aria-pressed", "false")
    on_detail.click()
    expect(on_detail).to_have_attribute("aria-pressed", "true")
    assert favorite_of(base, page, liked)


def test_search_prompts_finds_the_right_one(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "seeker")
    finished_generation(page.context, base, "a lighthouse at dawn")
    finished_generation(page.context, base, "a violet octopus")
    page.goto("/library")
    expect(page.get_by_role("img", name="a lighthouse at dawn", exact=True)).to_be_visible()
    search = page.get_by_role("searchbox", name="Search prompts")
    search.fill("OCTOPUS")
    with page.expect_response(lambda r: "q=OCTOPUS" in r.url) as listed:
        search.press("Enter")
    assert listed.value.ok
    expect(page.get_by_role("img", name="a violet octopus", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="a lighthouse at dawn", exact=True)).to_have_count(0)
    search.fill("nothing-like-this")
    search.press("Enter")
    expect(page.get_by_text("No generations match.")).to_be_visible()


def test_a_collection_from_the_detail_page_to_its_deletion(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "collector")
    kept = finished_generation(page.context, base, "a blue door")
    finished_generation(page.context, base, "a green gate")
    page.goto(f"/library/{kept}")
    page.get_by_role("textbox", name="New collection name").fill("Doors")
    add = page.get_by_role("button", name="Add to collection")
    tab_to(add)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove from Doors")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="← Library").click()
    collections = page.get_by_role("list", name="Collections")
    entry = collections.get_by_role("link", name="Doors 1 item")
    expect(entry).to_be_visible()
    wait_loaded(entry.locator("img"))  # the cover, through the stable link
    assert axe_violations(page) == []
    entry.click()
    expect(page).to_have_url(f"{base}/library?collection=" + created_id(page, base, "Doors"))
    expect(page.get_by_role("heading", name="Doors")).to_be_visible()
    expect(page.get_by_role("img", name="a blue door", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="a green gate", exact=True)).to_have_count(0)
    assert axe_violations(page) == []

    page.get_by_role("textbox", name="Collection name").fill("Front doors")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name="Front doors")).to_be_visible()

    page.get_by_role("img", name="a blue door", exact=True).click()
    page.get_by_role("button", name="Remove from Front doors").click()
    expect(page.get_by_text("In no collection.")).to_be_visible()
    assert page.request.get(f"{base}/v1/generations/{kept}").json()["collection_ids"] == []

    page.get_by_role("link", name="← Library").click()
    page.get_by_role("link", name="Front doors 0 items").click()
    expect(page.get_by_text("No generations match.")).to_be_visible()
    page.get_by_role("button", name="Delete collection").click()
    expect(page).to_have_url(f"{base}/library")
    expect(page.get_by_role("img", name="a blue door", exact=True)).to_be_visible()
    assert page.request.get(f"{base}/v1/collections").json()["data"] == []


def created_id(page: Page, base: str, name: str) -> str:
    listed = page.request.get(f"{base}/v1/collections").json()["data"]
    return str(next(c["id"] for c in listed if c["name"] == name))


def test_a_remix_from_the_detail_page_has_its_source_as_parent(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "remixer")
    source = finished_generation(page.context, base, "a paper crane")
    uploads: list[str] = []
    page.on("request", lambda r: "/v1/uploads" in r.url and uploads.append(r.url))
    page.goto(f"/library/{source}")
    page.get_by_role("button", name="Use as input").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("img", name="Input image 1: a paper crane")).to_be_visible()
    page.get_by_role("textbox", name="Prompt").fill("a paper crane, in gold")
    with page.expect_response(
        lambda r: r.url.endswith("/v1/generations") and r.request.method == "POST"
    ) as created:
        page.get_by_role("button", name="Generate").click()
    sent = created.value.request.post_data_json
    assert sent["input_images"] == [{"generation_id": source, "index": 0}]
    remix = created.value.json()["id"]
    expect(page.get_by_text("Succeeded", exact=True)).to_be_visible(timeout=FINISHED)
    made = page.request.get(f"{base}/v1/generations/{remix}").json()
    assert made["parent"] == {"generation_id": source, "index": 0}
    assert made["status"] == "succeeded"
    assert uploads == []  # the source is referenced, neither downloaded nor uploaded again


def test_load_more_keeps_the_search(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "pager")
    prompts = [f"a harbor at night, number {i}" for i in range(1, 26)] + ["a desert road"]
    many_generations(page.context, base, prompts)
    page.goto("/library?q=harbor")
    expect(page.get_by_role("searchbox", name="Search prompts")).to_have_value("harbor")
    expect(page.get_by_role("img", name=prompts[24], exact=True)).to_be_visible()
    oldest = page.get_by_role("img", name=prompts[0], exact=True)
    expect(oldest).to_have_count(0)  # on the second page of the matches
    page.get_by_role("button", name="Load more").click()
    expect(oldest).to_be_visible()
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)
    expect(card(page, "a harbor at night, number 1")).to_have_count(1)
    expect(page.get_by_role("img", name="a desert road", exact=True)).to_have_count(0)


def test_a_remix_takes_a_painted_mask_of_the_source_size(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "masker")
    source = finished_generation(page.context, base, "a quiet field", size="1536x1024")
    page.goto(f"/library/{source}")
    page.get_by_role("button", name="Use as input").click()
    expect(page.get_by_role("img", name="Input image 1: a quiet field")).to_be_visible()
    page.get_by_role("button", name="Paint mask").click()
    canvas = page.locator("canvas").first
    expect(canvas).to_be_visible()
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5, steps=12)
    page.mouse.up()
    page.get_by_role("button", name="Apply mask").click()
    expect(page.get_by_role("status").filter(has_text="Mask applied")).to_be_visible(
        timeout=FINISHED
    )
    with page.expect_response(
        lambda r: r.url.endswith("/v1/generations") and r.request.method == "POST"
    ) as created:
        page.get_by_role("button", name="Generate").click()
    assert created.value.status == 202, created.value.text()
    sent = created.value.request.post_data_json
    assert sent["input_images"] == [{"generation_id": source, "index": 0}]
    mask = page.request.get(f"{base}/v1/uploads/{sent['mask']}").json()
    assert [mask["width"], mask["height"]] == [1536, 1024]
