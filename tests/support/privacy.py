"""Helpers for privacy tests: seed a user with data in every category of the data map,
read the bucket's object versions, scan every table."""

from __future__ import annotations

import json
from typing import Any

import boto3

from chalicelib.adapters.models.registry import ALL_MODELS
from chalicelib.config import get_settings
from chalicelib.domain import s3_keys
from chalicelib.services import get_services
from tests.support import generations, images, stripe_events

UNIQUE_NAME = "Zelda Quixotic-Marchbanks"
PROMPT = "a lighthouse painted by my grandmother Ottoline"


def s3() -> Any:
    return boto3.client("s3", region_name=get_settings().region)


def put_object(key: str, body: bytes, **extra: Any) -> None:
    s3().put_object(Bucket=get_settings().bucket, Key=key, Body=body, **extra)


def seed_media(user_id: str) -> dict[str, bytes]:
    """An upload (two versions and a delete marker on another key) and a generation."""
    upload = s3_keys.upload_key(user_id, "upl_1")
    generated = s3_keys.generation_key(user_id, "gen_1", "0.png")
    put_object(upload, b"\x89PNG first version")
    put_object(upload, b"\x89PNG second version")
    gone = s3_keys.upload_key(user_id, "upl_2")
    put_object(gone, b"deleted later")
    s3().delete_object(Bucket=get_settings().bucket, Key=gone)
    put_object(
        generated,
        b"\x89PNG generated " + PROMPT.encode(),
        Metadata={"prompt": PROMPT},
        Tagging=s3_keys.retention_tagging("generations_free"),
    )
    return {
        "upl_1": b"\x89PNG second version",
        "gen_1/0.png": b"\x89PNG generated " + PROMPT.encode(),
    }


def seed_purchase(api: Any, token: str, user_id: str) -> str:
    """Buy a credit pack through checkout and a signed webhook (billing account, invoice,
    payment refs, ledger grant); returns the Stripe customer id."""
    checkout = api.post("/v1/billing/checkout", {"product_id": "pack_small"}, token=token)
    assert checkout.status == 201, checkout.json
    customer = api.get("/v1/billing", token=token).json["billing_contact"]["customer_id"]
    now = int(get_services().clock.now().timestamp())
    session = stripe_events.checkout_session(
        user_id, "pack_small", customer, now, session_id=checkout.json["session_id"]
    )
    delivered = stripe_events.deliver(
        api, stripe_events.event("checkout.session.completed", session, now), now
    )
    assert delivered.status == 200, delivered.json
    return str(customer)


def seed_generation(api: Any, token: str) -> str:
    """An upload through the presigned flow and a generation run by the workflow."""
    generations.upload(api, token, images.png(), "image/png")
    created = api.post("/v1/generations", {"prompt": PROMPT}, token=token)
    assert created.status == 202, created.json
    assert generations.wait_done(api, token, created.json["id"])["status"] == "succeeded"
    return str(created.json["id"])


def seed_library(api: Any, token: str, generation_id: str) -> None:
    """A favorite and a collection holding the generation (library, prompt_words)."""
    assert api.put(f"/v1/generations/{generation_id}/favorite", token=token).status == 204
    made = api.post("/v1/collections", {"name": f"{UNIQUE_NAME}'s best"}, token=token)
    assert made.status == 201, made.json
    added = api.put(f"/v1/collections/{made.json['id']}/items/{generation_id}", token=token)
    assert added.status == 204


def seed_workflow(api: Any, token: str) -> None:
    """A saved workflow whose step prompt and variable hold the person's words, and a
    finished run of it (workflow_runs; its generation is one more generation)."""
    body = {
        "name": f"{UNIQUE_NAME}'s cards",
        "variables": [{"name": "who", "type": "text", "default": UNIQUE_NAME}],
        "steps": [{"id": "base", "kind": "generate", "prompt": f"{PROMPT} for {{{{who}}}}"}],
    }
    created = api.post("/v1/workflows", body, token=token)
    assert created.status == 201, created.json
    run = api.post(f"/v1/workflows/{created.json['id']}/runs", {}, token=token)
    assert run.status == 202, run.json
    assert generations.wait_run(api, token, run.json["id"])["status"] == "succeeded"


def seed_webhook(api: Any, token: str) -> str:
    """A webhook endpoint (an address literal: no name to resolve) and a ping delivery."""
    created = api.post(
        "/v1/webhook-endpoints",
        {
            "url": "https://93.184.216.34/hooks",
            "events": ["generation.succeeded"],
            "description": f"for {UNIQUE_NAME}",
        },
        token=token,
    )
    assert created.status == 201, created.json
    pinged = api.post(f"/v1/webhook-endpoints/{created.json['id']}/test", token=token)
    assert pinged.status == 202, pinged.json
    return str(created.json["secret"])


def seed_api_key(api: Any, token: str) -> str:
    """An API key named after the person, used once (last_used_at); returns the key."""
    body = {"name": f"{UNIQUE_NAME}'s script", "scopes": ["generations:read", "library"]}
    created = api.post("/v1/api-keys", body, token=token)
    assert created.status == 201, created.json
    key = str(created.json["key"])
    assert api.get("/v1/generations", token=key).status == 200
    return key


def seed_everything(api: Any, email: str, password: str) -> tuple[str, str]:
    """A verified user with data in every table and prefix of the map; (token, user id)."""
    token = api.verified_user(email, name=UNIQUE_NAME)  # users, emails, sessions, ledger
    user_id = api.get("/v1/me", token=token).json["id"]
    seed_purchase(api, token, user_id)  # billing accounts, invoices, payment refs
    # uploads, generations, prompt words, inputs/ and generations/ objects
    seed_library(api, token, seed_generation(api, token))  # favorites, collections
    seed_workflow(api, token)  # workflows
    seed_api_key(api, token)  # api_keys (the signup session is still fresh)
    seed_webhook(api, token)  # webhook endpoints and deliveries
    api.post("/v1/auth/login", {"email": email, "password": "wrong password!"})  # throttles
    api.post("/v1/auth/login", {"email": email, "password": password})  # security events
    api.post("/v1/auth/password/forgot", {"email": email})  # tokens
    api.patch("/v1/me", {"settings": {"theme": "dark"}}, token=token)
    api.put("/v1/consent", {"functional": True, "analytics": True, "marketing": False}, token=token)
    api.post(
        "/v1/events",
        {"events": [{"type": "page_view", "name": "/gallery", "properties": {"p": PROMPT}}]},
        token=token,
        headers={"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"},
    )
    api.post(
        "/v1/support/messages", {"subject": "Help", "body": f"I am {UNIQUE_NAME}"}, token=token
    )
    api.post(
        "/v1/reports/child-account",
        {"account_email": "someone-else@example.com", "details": f"from {UNIQUE_NAME}"},
        token=token,
    )
    api.post(
        "/v1/privacy/requests",
        {"type": "restriction"},
        token=token,
        headers={"Idempotency-Key": "seed-1"},  # idempotency
    )
    api.post("/v1/privacy/requests", {"type": "restriction_lift"}, token=token)
    seed_media(user_id)
    return token, user_id


def scan_all_tables() -> dict[str, list[dict[str, Any]]]:
    ddb = boto3.client("dynamodb", region_name=get_settings().region)
    found = {}
    for name, model in ALL_MODELS.items():
        items: list[dict[str, Any]] = []
        for page in ddb.get_paginator("scan").paginate(TableName=model.Meta.table_name):
            items.extend(page["Items"])
        found[name] = items
    return found


def all_object_versions() -> list[dict[str, Any]]:
    """Every version and delete marker in the bucket, with body, metadata and tags."""
    client = s3()
    bucket = get_settings().bucket
    found = []
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for marker in page.get("DeleteMarkers", []):
            found.append({"key": marker["Key"], "marker": True, "text": ""})
        for version in page.get("Versions", []):
            got = client.get_object(
                Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"]
            )
            tags = client.get_object_tagging(
                Bucket=bucket, Key=version["Key"], VersionId=version["VersionId"]
            )["TagSet"]
            text = got["Body"].read().decode("latin-1") + json.dumps(got.get("Metadata", {}))
            text += json.dumps(tags)
            found.append({"key": version["Key"], "marker": False, "text": text})
    return found
