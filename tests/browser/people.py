"""The people of the browser tier: fresh email addresses, the verification code read from
the stack's outbox (`GET /v1/dev/outbox`, as the e2e tier reads it), and a shortcut that
signs a browser context up through the API (its cookie jar is the context's) for the
journeys that are not about signing up."""

from __future__ import annotations

import itertools
import os
import re
import time

import httpx
from playwright.sync_api import BrowserContext

PASSWORD = "correct horse battery staple"
NAME = "Browser Person"
BIRTH_DATE = "1990-01-01"
_serial = itertools.count()


def new_email(label: str) -> str:
    return f"{label}-{os.getpid()}-{next(_serial)}@example.com"


def verification_code(base: str, email: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        outbox = httpx.get(f"{base}/v1/dev/outbox", timeout=10).json()["data"]
        for mail in outbox:
            found = re.search(r"\b(\d{6})\b", mail["body"]) if mail["to"] == email else None
            if found:
                return found[1]
        time.sleep(0.2)
    raise AssertionError(f"no verification code for {email} in the outbox")


def policy_version(base: str) -> str:
    return str(httpx.get(f"{base}/v1/legal/privacy", timeout=10).json()["version"])


def signed_up(context: BrowserContext, base: str, label: str) -> str:
    """A verified account signed in in `context` (the session cookie in its jar) whose
    cookie choice is made, so no banner covers the page. Returns the email."""
    email = new_email(label)
    created = context.request.post(
        f"{base}/v1/auth/signup",
        data={
            "email": email,
            "password": PASSWORD,
            "name": NAME,
            "birth_date": BIRTH_DATE,
            "accept_policy_version": policy_version(base),
        },
    )
    assert created.status == 201, created.text()
    origin = {"Origin": base}
    code = verification_code(base, email)
    verified = context.request.post(
        f"{base}/v1/auth/verify-email", data={"code": code}, headers=origin
    )
    assert verified.ok, verified.text()
    choice = {"functional": True, "analytics": False, "marketing": False}
    assert context.request.put(f"{base}/v1/consent", data=choice, headers=origin).ok
    return email


def finished_generation(
    context: BrowserContext, base: str, prompt: str, size: str = "1024x1024"
) -> str:
    """A generation made through the API in `context`'s session, waited for until it
    succeeded (the local image provider). Returns its id."""
    created = context.request.post(
        f"{base}/v1/generations", data={"prompt": prompt, "size": size}, headers={"Origin": base}
    )
    assert created.status == 202, created.text()
    generation_id = str(created.json()["id"])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = context.request.get(f"{base}/v1/generations/{generation_id}").json()["status"]
        if status == "succeeded":
            return generation_id
        assert status in ("queued", "running"), status
        time.sleep(0.2)
    raise AssertionError(f"{generation_id} did not finish")


def studio_plan(context: BrowserContext, base: str) -> None:
    """The Studio plan (and its credits) bought through the checkout simulator."""
    checkout = context.request.post(
        f"{base}/v1/billing/checkout", data={"product_id": "plan_studio"}, headers={"Origin": base}
    )
    assert checkout.status == 201, checkout.text()
    paid = context.request.post(checkout.json()["checkout_url"], data={"outcome": "paid"})
    assert paid.ok, paid.text()


def many_generations(context: BrowserContext, base: str, prompts: list[str]) -> None:
    """`prompts` generated in that order through the API, after buying the Studio plan
    through the checkout simulator (the free plan admits 10 generations a minute);
    returns once every one has finished."""
    origin = {"Origin": base}
    studio_plan(context, base)
    for prompt in prompts:
        while True:
            created = context.request.post(
                f"{base}/v1/generations", data={"prompt": prompt, "quality": "low"}, headers=origin
            )
            if created.status != 429:  # at most 10 at once on the plan: wait for a slot
                break
            time.sleep(0.3)
        assert created.status == 202, created.text()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        listed = context.request.get(f"{base}/v1/generations?status=succeeded&limit=100")
        if len(listed.json()["data"]) == len(prompts):
            return
        time.sleep(0.5)
    raise AssertionError("the generations did not finish")
