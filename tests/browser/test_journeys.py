"""The product's journeys in the browser, by role and accessible name: generate and see the
image, page through the library, edit with a mask painted on the canvas, run out of
credits, buy a pack through the checkout simulator, export and download the ZIP, delete
the account."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import screenshot, shown_and_drawn_ratios, wait_loaded
from tests.browser.people import PASSWORD, finished_generation, many_generations, signed_up
from tests.support import images

pytestmark = pytest.mark.browser

FINISHED = 30_000  # ms: a generation on the local image provider, a job run


def generate(page: Page, prompt: str) -> dict:
    """Generate from the Create page and wait until the image has loaded; returns the
    body the page sent to POST /v1/generations."""
    page.get_by_role("textbox", name="Prompt").fill(prompt)
    expect(page.get_by_text(re.compile(r"^\d+ credits?$")).first).to_be_visible()
    with page.expect_request(
        lambda r: r.method == "POST" and r.url.endswith("/v1/generations")
    ) as sent:
        page.get_by_role("button", name="Generate").click()
    image = page.get_by_role("img", name=prompt).first
    expect(image).to_be_visible(timeout=FINISHED)
    wait_loaded(image)
    return dict(sent.value.post_data_json)


def date_shown(timestamp: str) -> re.Pattern[str]:
    """The day of `timestamp` as an en-US page in UTC may write it: ISO, or "Dec 2, 2026"
    (also "December 2, 2026")."""
    day = datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(UTC)
    month = f"({day:%b}|{day:%B})"
    return re.compile(rf"{day:%Y-%m-%d}|{month} {day.day}, {day.year}")


def test_generate_and_see_the_image(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "generate")
    page.goto("/")
    expect(page.get_by_role("combobox", name="Model")).to_be_visible()
    expect(page.get_by_role("combobox", name="Size")).to_be_visible()
    expect(page.get_by_role("combobox", name="Quality")).to_be_visible()
    expect(page.get_by_role("spinbutton", name="Number of images")).to_have_value("1")
    sent = generate(page, "a lighthouse at dusk")
    assert sent["prompt"] == "a lighthouse at dusk"
    screenshot(page, "create-result")

    page.goto("/library")
    expect(page.get_by_role("img", name="a lighthouse at dusk")).to_be_visible()
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("img", name="a lighthouse at dusk")
    )
    expect(card.get_by_text("Succeeded", exact=True)).to_be_visible()


def test_one_generation_is_shown_in_its_own_shape(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "landscape")
    made = finished_generation(page.context, base, "a wide valley", size="1536x1024")
    page.goto(f"/library/{made}")
    picture = page.get_by_role("img", name="a wide valley")
    wait_loaded(picture)
    shown, drawn = shown_and_drawn_ratios(picture)
    assert abs(shown - drawn) < 0.02, f"shown at {shown:.2f} (width/height), drawn at {drawn:.2f}"
    expect(page.get_by_role("link", name="Download")).to_have_attribute("href", re.compile("."))


def test_the_library_pages_newest_first(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "collector")
    prompts = [f"a study of light, number {i}" for i in range(1, 27)]  # more than a page
    many_generations(page.context, base, prompts)
    page.goto("/library")
    expect(page.get_by_role("img", name=prompts[-1], exact=True)).to_be_visible()
    oldest = page.get_by_role("img", name=prompts[0], exact=True)
    expect(oldest).to_have_count(0)  # on a later page
    page.get_by_role("button", name="Load more").click()
    expect(oldest).to_be_visible()
    expect(page.get_by_role("button", name="Load more")).to_have_count(0)
    shown = [image.get_attribute("alt") for image in page.get_by_role("img").all()]
    assert [alt for alt in shown if alt in prompts] == prompts[::-1]


def test_edit_with_a_painted_mask(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "mask")
    page.goto("/")
    picture = {"name": "photo.png", "mimeType": "image/png", "buffer": images.png(256, 256)}
    page.get_by_label("Add input images").set_input_files([picture])
    page.get_by_role("button", name="Paint mask").click()
    canvas = page.locator("canvas").first
    expect(canvas).to_be_visible()
    # The canvas lies over the input image: paint once the picture has laid it out.
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    mouse = page.mouse
    mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    mouse.down()
    mouse.move(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.5, steps=12)
    mouse.up()
    # "Apply mask" and its status are the site's own (UI.md fixes only "Paint mask").
    page.get_by_role("button", name="Apply mask").click()
    applied = page.get_by_role("status").filter(has_text="Mask applied")
    expect(applied).to_be_visible(timeout=FINISHED)  # once the mask's upload is ready

    sent = generate(page, "the sky painted blue")
    assert len(sent["input_images"]) == 1 and sent["mask"], sent
    uploads = {
        key: page.request.get(f"/v1/uploads/{upload_id}").json()
        for key, upload_id in (("input", sent["input_images"][0]), ("mask", sent["mask"]))
    }
    assert uploads["mask"]["purpose"] == "mask" and uploads["mask"]["status"] == "ready"
    size = ("width", "height")
    assert [uploads["mask"][k] for k in size] == [uploads["input"][k] for k in size] == [256, 256]


def test_not_enough_credits_offers_the_billing_page(open_page, base):
    page, journal = open_page()
    journal.expect(402, "/v1/generations")
    signed_up(page.context, base, "short")  # the 50 credits of the signup bonus
    page.goto("/")
    page.get_by_role("textbox", name="Prompt").fill("ten large posters")
    page.get_by_role("combobox", name="Size").select_option("1536x1024")
    page.get_by_role("spinbutton", name="Number of images").fill("10")
    quote = page.request.post(
        "/v1/generations/quote",
        data={"prompt": "ten large posters", "size": "1536x1024", "n": 10},
        headers={"Origin": base},
    ).json()["credits"]
    assert quote > 50
    expect(page.get_by_text(f"{quote} credits", exact=True)).to_be_visible()  # the live quote
    with page.expect_response(lambda r: r.url.endswith("/v1/generations")) as answer:
        page.get_by_role("button", name="Generate").click()
    assert answer.value.status == 402
    expect(page.get_by_text(answer.value.json()["detail"])).to_be_visible()
    offer = page.get_by_role("main").get_by_role("link", name=re.compile("billing", re.I))
    offer.click()
    expect(page).to_have_url(f"{base}/billing")


def test_buy_a_pack_through_the_checkout_simulator(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "buyer")
    page.goto("/billing")
    expect(page.get_by_role("table", name="Ledger")).to_be_visible()
    expect(page.get_by_role("table", name="Invoices")).to_be_visible()
    before = page.request.get("/v1/billing").json()["credits"]["available"]
    page.get_by_role("button", name="Buy 200 credits").click()

    expect(page).to_have_url(re.compile(r"/v1/dev/checkout/"))
    page.get_by_role("button", name="Pay", exact=True).click()
    expect(page).to_have_url(re.compile(r"/billing\?checkout=success"), timeout=FINISHED)
    after = page.request.get("/v1/billing").json()["credits"]["available"]
    assert after == before + 200
    expect(page.get_by_text(re.compile(rf"\b{after}\b")).first).to_be_visible()
    expect(page.get_by_role("table", name="Ledger")).to_contain_text("200")


def test_export_and_download_the_zip(open_page, base):
    page, _ = open_page()
    signed_up(page.context, base, "export")
    page.goto("/privacy")
    with page.expect_response(lambda r: r.url.endswith("/v1/privacy/requests")):
        page.get_by_role("button", name="Download my data").click()
    assert httpx.post(f"{base}/v1/dev/run-jobs", timeout=60).is_success

    link = page.get_by_role("link", name="Download export")
    expect(link).to_be_visible(timeout=FINISHED)
    with page.expect_download() as downloading:
        link.click()
    archive = downloading.value.path().read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(archive))
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(archive)).namelist()


def test_delete_the_account(open_page, base):
    page, journal = open_page()
    email = signed_up(page.context, base, "leaver")
    page.goto("/privacy")
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm deletion").click()
    expect(page.get_by_role("button", name="Cancel deletion")).to_be_visible()
    scheduled = page.request.get("/v1/me").json()["deletion"]["scheduled_for"]
    expect(page.get_by_text(date_shown(scheduled)).first).to_be_visible()

    jobs = httpx.post(f"{base}/v1/dev/run-jobs", timeout=60).json()
    assert jobs["deletion_executor"]["deleted_accounts"] == 1
    journal.expect(401, "/v1/me")
    page.reload()
    expect(page).to_have_url(re.compile(r"/login"))
    gone = page.request.post("/v1/auth/login", data={"email": email, "password": PASSWORD})
    assert gone.status == 401
