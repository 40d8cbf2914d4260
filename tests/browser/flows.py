"""What the workflow pages' browser tests share: two workflows made through the API, the
balance they are paid from, and how a field and its error are found."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

GLOSSY = {
    "name": "Glossy shapes",
    "variables": [
        {"name": "subject", "type": "text"},
        {"name": "color", "type": "enum", "options": ["red", "blue"]},
    ],
    "steps": [
        {
            "id": "s1",
            "kind": "generate",
            "prompt": "a {{color}} {{subject}}",
            "params": {"quality": "low"},
        },
        {
            "id": "s2",
            "kind": "edit",
            "prompt": "make the {{subject}} glossy",
            "params": {"quality": "low"},
            "input": {"step": "s1", "index": "each"},
        },
    ],
}

CHAIN = {
    "name": "Long chain",
    "variables": [{"name": "subject", "type": "text"}],
    "steps": [
        {"id": "s1", "kind": "generate", "prompt": "a {{subject}}", "params": {"quality": "low"}},
        *(
            {
                "id": f"s{n}",
                "kind": "edit",
                "prompt": f"the {{{{subject}}}}, pass {n}",
                "params": {"quality": "low"},
                "input": {"step": f"s{n - 1}", "index": "each"},
            }
            for n in (2, 3, 4)
        ),
    ],
}


def saved_workflow(page: Page, base: str, definition: dict[str, object]) -> str:
    created = page.request.post(f"{base}/v1/workflows", data=definition, headers={"Origin": base})
    assert created.status == 201, created.text()
    return str(created.json()["id"])


def available(page: Page, base: str) -> int:
    return int(page.request.get(f"{base}/v1/billing").json()["credits"]["available"])


def group(page: Page, name: str) -> Locator:
    return page.get_by_role("group", name=name, exact=True)


def described_error(field: Locator) -> str:
    """The text of the elements the field's aria-describedby names."""
    ids = (field.get_attribute("aria-describedby") or "").split()
    return " ".join(field.page.locator(f"[id='{i}']").inner_text() for i in ids)
