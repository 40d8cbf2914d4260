"""The full flow over HTTP on the local stack: sign up, verify, upload an image and a
mask through the presigned POST, generate from text, edit with the mask, download."""

import io
import re
import time

import httpx
import pytest
from PIL import Image

from tests.support import images
from tests.support.local_stack import StackProcess

pytestmark = pytest.mark.e2e


@pytest.fixture
def base(stack: StackProcess) -> str:
    return stack.url


def signed_in(client):
    email = "e2e@example.com"
    response = client.post(
        "/v1/auth/signup",
        json={
            "email": email,
            "password": "correct horse battery staple",
            "name": "E2E",
            "birth_date": "1990-01-01",
            "accept_policy_version": "2026-11-01",
        },
    )
    assert response.status_code == 201, response.text
    client.headers["authorization"] = f"Bearer {response.json()['token']}"
    mail = next(m for m in client.get("/v1/dev/outbox").json()["data"] if m["to"] == email)
    code = re.search(r"\b(\d{6})\b", mail["body"]).group(1)
    assert client.post("/v1/auth/verify-email", json={"code": code}).status_code == 200


def send(client, data, content_type, purpose):
    created = client.post(
        "/v1/uploads", json={"content_type": content_type, "size": len(data), "purpose": purpose}
    ).json()
    posted = httpx.post(created["url"], data=created["fields"], files={"file": ("f", data)})
    assert posted.status_code in (200, 201, 204), posted.text
    return wait(client, f"/v1/uploads/{created['id']}", {"ready", "rejected"})


def wait(client, path, done, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(path).json()
        if body["status"] in done:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{path} still {body['status']}")


def download(url):
    response = httpx.get(url)
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content))


def test_text_to_image_and_edit_with_mask(base):
    with httpx.Client(base_url=base, timeout=10) as client:
        signed_in(client)
        created = client.post(
            "/v1/generations", json={"prompt": "a lighthouse", "size": "1024x1536"}
        )
        assert created.status_code == 202, created.text
        done = wait(client, f"/v1/generations/{created.json()['id']}", {"succeeded", "failed"})
        assert done["status"] == "succeeded", done
        assert download(done["images"][0]["url"]).size == (1024, 1536)
        assert download(done["images"][0]["thumbnail_url"]).format == "WEBP"

        picture = send(client, images.gps_jpeg(64, 64), "image/jpeg", "input")
        mask = send(client, images.mask_png(64, 64), "image/png", "mask")
        assert picture["status"] == mask["status"] == "ready"
        edit = client.post(
            "/v1/generations",
            json={"prompt": "paint it blue", "input_images": [picture["id"]], "mask": mask["id"]},
        )
        assert edit.status_code == 202, edit.text
        edited = wait(client, f"/v1/generations/{edit.json()['id']}", {"succeeded", "failed"})
        assert edited["status"] == "succeeded", edited
        assert download(edited["images"][0]["url"]).size == (1024, 1024)
        me = client.get("/v1/me").json()
        spent = done["cost"]["credits"] + edited["cost"]["credits"]
        assert me["credits"] == {"available": 50 - spent, "held": 0}
        assert client.post("/v1/dev/run-jobs").json()["generation_reaper"]["released"] == 0
