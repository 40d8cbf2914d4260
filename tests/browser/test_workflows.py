"""The /workflows pages, by role and accessible name: a workflow written in the editor
(a text and an enum variable, a generate step and an edit step of each of its outputs),
a 422 shown beside the field it names, saved, read again after a reload, changed
(version 2) and deleted; a run of a 2x2 matrix quoted, run (its first answer lost: the
retry with the same Idempotency-Key makes no second run) and followed to "Succeeded"
(8 images, the balance down by exactly what was captured), its results added to a
collection seen in the library; a run canceled while it runs; axe and the keyboard on
the list, the editor and the run view."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.flows import (
    CHAIN,
    GLOSSY,
    available,
    described_error,
    group,
    saved_workflow,
)
from tests.browser.harness import axe_violations, screenshot, tab_to, wait_loaded
from tests.browser.people import signed_up, studio_plan

pytestmark = pytest.mark.browser

WORKFLOW_ID = re.compile(r"/workflows/(wfl_[0-9a-z]+)$")
RUN_ID = re.compile(r"/workflows/runs/(wfr_[0-9a-z]+)$")
FINISHED = 90_000  # ms: every generation of a run on the local image provider


def write_workflow(page: Page) -> None:
    """The editor filled in: `subject` (text), `color` (enum: red, blue); step 1
    generates "a {{color}} {{subject}}", step 2 edits each of its outputs."""
    page.get_by_role("textbox", name="Workflow name").fill("Glossy shapes")
    page.get_by_role("textbox", name="Description").fill("Shapes in colours, then glossy")
    page.get_by_role("button", name="Add variable").click()
    first = group(page, "Variable 1")
    first.get_by_role("textbox", name="Variable name").fill("subject")
    page.get_by_role("button", name="Add variable").click()
    second = group(page, "Variable 2")
    second.get_by_role("textbox", name="Variable name").fill("color")
    second.get_by_role("combobox", name="Variable type").select_option("enum")
    second.get_by_role("textbox", name="Options").fill("red, blue")
    step1 = group(page, "Step 1")
    step1.get_by_role("textbox", name="Step prompt").fill("a {{color}} {{subject}}")
    step1.get_by_role("combobox", name="Quality").select_option("low")
    page.get_by_role("button", name="Add step").click()
    step2 = group(page, "Step 2")
    step2.get_by_role("combobox", name="Step kind").select_option("edit")
    step2.get_by_role("combobox", name="Input").select_option(label="Step 1: each output")
    step2.get_by_role("combobox", name="Quality").select_option("low")


def test_write_save_reload_change_and_delete_a_workflow(open_page, base):
    page, journal = open_page()
    signed_up(page.context, base, "flows")
    page.goto("/workflows")
    expect(page.get_by_role("heading", name="Workflows")).to_be_visible()
    expect(page.get_by_text("No workflows yet.")).to_be_visible()
    assert axe_violations(page) == []
    new = page.get_by_role("button", name="New workflow")
    tab_to(new)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/workflows/new")
    write_workflow(page)

    # A placeholder naming no variable: the 422 lands on that step's prompt.
    journal.expect(422, "/v1/workflows")
    prompt2 = group(page, "Step 2").get_by_role("textbox", name="Step prompt")
    prompt2.fill("make the {{shape}} glossy")
    save = page.get_by_role("button", name="Save workflow")
    tab_to(save)
    page.keyboard.press("Enter")
    expect(prompt2).to_have_attribute("aria-invalid", "true")
    assert "{{shape}} is not a variable" in described_error(prompt2)
    prompt1 = group(page, "Step 1").get_by_role("textbox", name="Step prompt")
    expect(prompt1).not_to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []

    prompt2.fill("make the {{subject}} glossy")
    save.click()
    expect(page.get_by_text("Saved as version 1.")).to_be_visible()
    expect(page).to_have_url(WORKFLOW_ID)
    found = WORKFLOW_ID.search(page.url)
    assert found
    workflow_id = found[1]
    expect(prompt2).not_to_have_attribute("aria-invalid", "true")

    page.reload()
    expect(page.get_by_text("Version 1", exact=True)).to_be_visible()
    expect(page.get_by_text("Not run yet.")).to_be_visible()
    screenshot(page, "workflow-editor", full_page=True)
    expect(page.get_by_role("textbox", name="Workflow name")).to_have_value("Glossy shapes")
    second = group(page, "Variable 2")
    expect(second.get_by_role("textbox", name="Variable name")).to_have_value("color")
    expect(second.get_by_role("combobox", name="Variable type")).to_have_value("enum")
    expect(second.get_by_role("textbox", name="Options")).to_have_value("red, blue")
    step2 = group(page, "Step 2")
    expect(step2.get_by_role("combobox", name="Step kind")).to_have_value("edit")
    expect(step2.get_by_role("combobox", name="Input")).to_have_value("step:s1:each")
    expect(step2.get_by_role("textbox", name="Step prompt")).to_have_value(
        "make the {{subject}} glossy"
    )
    assert axe_violations(page) == []

    # An empty name: the PATCH's 422 beside "Workflow name"; then a real change.
    journal.expect(422, f"/v1/workflows/{workflow_id}")
    name = page.get_by_role("textbox", name="Workflow name")
    name.fill("")
    page.get_by_role("button", name="Save workflow").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    assert "at least 1 character" in described_error(name)
    name.fill("Glossy shapes, v2")
    group(page, "Variable 1").get_by_role("textbox", name="Default").fill("cube")
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_text("Saved as version 2.")).to_be_visible()
    expect(page.get_by_text("Version 2", exact=True)).to_be_visible()
    stored = page.request.get(f"{base}/v1/workflows/{workflow_id}").json()
    assert (stored["version"], stored["name"]) == (2, "Glossy shapes, v2")
    subject = {"name": "subject", "type": "text", "required": True, "default": "cube"}
    assert stored["variables"][0] == subject
    assert [s["id"] for s in stored["steps"]] == ["s1", "s2"]
    assert stored["steps"][1]["input"] == {"step": "s1", "index": "each"}

    page.get_by_role("link", name="← Workflows").click()
    listed = page.get_by_role("list", name="Workflows").get_by_role("link")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Glossy shapes, v2")
    expect(listed).to_contain_text("Version 2 · 2 steps")
    listed.click()
    page.get_by_role("button", name="Delete workflow").click()
    page.get_by_role("button", name="Yes, delete workflow").click()
    expect(page).to_have_url(f"{base}/workflows")
    expect(page.get_by_text("No workflows yet.")).to_be_visible()
    assert page.request.get(f"{base}/v1/workflows").json()["data"] == []


def test_run_a_2x2_matrix_to_the_end_and_keep_its_results(open_page, base):
    page, journal = open_page()
    signed_up(page.context, base, "runner")
    workflow_id = saved_workflow(page, base, GLOSSY)
    page.goto(f"/workflows/{workflow_id}")
    expect(page.get_by_role("list", name="Runs")).to_be_attached()
    expect(page.get_by_text("Not run yet.")).to_be_visible()
    # No values: the quote's 422 names each required variable beside its input.
    journal.expect(422, f"/v1/workflows/{workflow_id}/runs/quote")
    page.get_by_role("button", name="Quote run").click()
    for name, role in (("subject", "textbox"), ("color", "combobox")):
        control = page.get_by_role(role, name=name, exact=True)
        expect(control).to_have_attribute("aria-invalid", "true")
        assert "is required" in described_error(control)
    vary = page.get_by_role("checkbox", name="Vary subject")
    tab_to(vary)
    page.keyboard.press("Space")
    page.get_by_role("textbox", name="Values for subject").fill("cube, ball")
    page.get_by_role("checkbox", name="Vary color").check()
    colors = group(page, "Values for color")
    for color in ("red", "blue"):  # varying an enum starts from all its options
        expect(colors.get_by_role("checkbox", name=color)).to_be_checked()
    matrix = {"subject": ["cube", "ball"], "color": ["red", "blue"]}
    quoted = page.request.post(
        f"{base}/v1/workflows/{workflow_id}/runs/quote",
        data={"inputs": {}, "matrix": matrix},
        headers={"Origin": base},
    ).json()
    assert quoted["generations"] == 8
    page.get_by_role("button", name="Quote run").click()
    expect(page.get_by_text(f"{quoted['credits']} credits", exact=True)).to_be_visible()
    expect(page.get_by_text("8 generations", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    before = available(page, base)

    # The run's first answer is lost on the way back (the API made the run): the page
    # sends the same request with the same Idempotency-Key and opens that one run.
    runs_path = f"/v1/workflows/{workflow_id}/runs"
    journal.expect_failure(runs_path)
    sent: list[Request] = []

    def lose_first_answer(route: Route) -> None:
        sent.append(route.request)
        if len(sent) > 1:
            route.continue_()
            return
        assert route.fetch().status == 202
        route.abort("connectionreset")

    page.route(f"{base}{runs_path}", lose_first_answer)
    page.get_by_role("button", name="Run workflow").click()
    expect(page).to_have_url(RUN_ID)
    assert len(sent) == 2
    assert [r.post_data_json for r in sent] == [{"inputs": {}, "matrix": matrix}] * 2
    keys = {r.headers["idempotency-key"] for r in sent}
    assert len(keys) == 1
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", *keys)
    found = RUN_ID.search(page.url)
    assert found
    run_id = found[1]
    expect(page.get_by_role("heading", name="Glossy shapes: run")).to_be_visible()
    status = page.get_by_role("status", name="Run status")
    expect(status).to_have_text("Succeeded", timeout=FINISHED)
    expansions = page.get_by_role("list", name="Expansions")
    for subject in ("cube", "ball"):
        for color in ("red", "blue"):
            item = expansions.get_by_role("listitem", name=f"subject: {subject}, color: {color}")
            expect(item.get_by_role("img", name=f"a {color} {subject}", exact=True)).to_be_visible()
            glossy = item.get_by_role("img", name=f"make the {subject} glossy", exact=True)
            glossy.scroll_into_view_if_needed()  # the thumbnails load lazily
            wait_loaded(glossy)
    images = expansions.get_by_role("img")
    expect(images).to_have_count(8)
    expect(expansions.get_by_text("Succeeded", exact=True)).to_have_count(8)
    run = page.request.get(f"{base}/v1/workflow-runs/{run_id}").json()
    assert run["cost"]["credits"] == quoted["credits"]
    assert run["cost"]["captured"] + run["cost"]["released"] == run["cost"]["credits"]
    expect(page.get_by_text(f"Held {quoted['credits']} credits", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Captured {run['cost']['captured']}", exact=True)).to_be_visible()
    expect(page.get_by_text(f"Released {run['cost']['released']}", exact=True)).to_be_visible()
    assert before - available(page, base) == run["cost"]["captured"]
    expect(page.get_by_role("button", name="Cancel run")).to_have_count(0)
    assert axe_violations(page) == []
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "workflow-run")

    page.get_by_role("textbox", name="New collection name").fill("Shapes")
    add = page.get_by_role("button", name="Add results to collection")
    tab_to(add)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Shapes", exact=True).click()
    expect(page).to_have_url(re.compile(r"/library\?collection=col_"))
    expect(page.get_by_role("heading", name="Shapes")).to_be_visible()
    expect(page.get_by_text("8 items")).to_be_visible()
    expect(page.get_by_role("list", name="Generations").get_by_role("img")).to_have_count(8)
    expect(page.get_by_role("img", name="make the ball glossy", exact=True)).to_have_count(2)
    expect(page.get_by_role("img", name="a blue cube", exact=True)).to_have_count(1)

    page.goto(f"/workflows/{workflow_id}")
    runs = page.get_by_role("list", name="Runs").get_by_role("link", name=re.compile("^Run of"))
    expect(runs).to_have_count(1)
    runs.click()
    expect(page).to_have_url(f"{base}/workflows/runs/{run_id}")
    expect(page.get_by_role("status", name="Run status")).to_have_text("Succeeded")


def test_cancel_a_run_while_it_runs(open_page, base):
    """The longest run the API admits (10 expansions, 4 chained steps: 40 generations,
    one stage after the other): first more than the balance (402), then, on the Studio
    plan, canceled from its run view at once: what had not finished is canceled and its
    share released."""
    page, journal = open_page()
    signed_up(page.context, base, "canceler")
    workflow_id = saved_workflow(page, base, CHAIN)
    page.goto(f"/workflows/{workflow_id}")
    page.get_by_role("checkbox", name="Vary subject").check()
    values = ", ".join(f"thing {n}" for n in range(10))
    page.get_by_role("textbox", name="Values for subject").fill(values)
    # More than the signup bonus: a 402, and the way to billing.
    journal.expect(402, f"/v1/workflows/{workflow_id}/runs")
    page.get_by_role("button", name="Run workflow").click()
    expect(page.get_by_role("alert")).to_contain_text("credits")
    expect(page.get_by_role("link", name="Buy credits on the billing page")).to_have_attribute(
        "href", "/billing"
    )
    assert page.request.get(f"{base}/v1/workflow-runs").json()["data"] == []

    studio_plan(page.context, base)
    before = available(page, base)
    page.get_by_role("button", name="Run workflow").click()
    expect(page).to_have_url(RUN_ID)
    cancel = page.get_by_role("button", name="Cancel run")
    expect(cancel).to_be_visible()
    assert axe_violations(page) == []
    # Canceling 40 generations takes the local stack a few seconds.
    with page.expect_response(lambda r: r.url.endswith("/cancel"), timeout=FINISHED) as answered:
        cancel.click()
    assert answered.value.status == 200, answered.value.text()
    status = page.get_by_role("status", name="Run status")
    expect(status).to_have_text("Canceled")
    expect(cancel).to_have_count(0)
    found = RUN_ID.search(page.url)
    assert found
    run = page.request.get(f"{base}/v1/workflow-runs/{found[1]}").json()
    assert run["status"] == "canceled"
    unsettled = ".wf-expansions .status-queued, .wf-expansions .status-running"
    page.wait_for_function(f"() => !document.querySelector('{unsettled}')", timeout=FINISHED)
    run = page.request.get(f"{base}/v1/workflow-runs/{found[1]}").json()
    cost = run["cost"]
    assert cost["released"] > 0
    assert cost["captured"] + cost["released"] == cost["credits"]
    expect(page.get_by_text(f"Released {cost['released']}", exact=True)).to_be_visible()
    assert before - available(page, base) == cost["captured"]
