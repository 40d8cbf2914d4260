"""Uploads: the presigned POST's bounds, and the sanitizer on the S3 -> SQS event:
metadata stripped, bombs, truncated files, polyglots and wrong types rejected."""

import io
from datetime import UTC, datetime, timedelta

import boto3
import pytest
import requests
from PIL import Image

from chalicelib.clock import FrozenClock
from chalicelib.config import get_settings
from chalicelib.services import set_services
from devstack.upload_events import poll_uploads
from devstack.wiring import local_services
from tests.support import images
from tests.support.api import ApiClient
from tests.support.generations import upload, user_id_of


@pytest.fixture
def token(api):
    return api.verified_user("up@example.com")


def clean_bytes(services, token, api, upload_id):
    user_id = user_id_of(api, token)
    [version] = services.objects.versions(f"inputs/{user_id}/{upload_id}.")
    return services.objects.get(version["Key"])


def test_presigned_post_is_bounded_to_size_and_type(api, token):
    response = api.post(
        "/v1/uploads", {"content_type": "image/png", "size": 1234, "purpose": "input"}, token=token
    )
    assert response.status == 201
    fields = response.json["fields"]
    assert fields["Content-Type"] == "image/png"
    assert fields["key"] == f"uploads/{user_id_of(api, token)}/{response.json['id']}"
    import base64
    import json

    policy = json.loads(base64.b64decode(fields["policy"]))
    assert ["content-length-range", 1, 1234] in policy["conditions"]
    assert {"Content-Type": "image/png"} in policy["conditions"]


def test_declared_types_and_sizes_are_checked(api, token):
    svg = api.post(
        "/v1/uploads",
        {"content_type": "image/svg+xml", "size": 10, "purpose": "input"},
        token=token,
    )
    assert svg.status == 415 and svg.json["code"] == "unsupported_media_type"
    big = api.post(
        "/v1/uploads",
        {"content_type": "image/jpeg", "size": 51 * 1024 * 1024, "purpose": "input"},
        token=token,
    )
    assert big.status == 413 and big.json["code"] == "payload_too_large"
    mask = api.post(
        "/v1/uploads",
        {"content_type": "image/png", "size": 5 * 1024 * 1024, "purpose": "mask"},
        token=token,
    )
    assert mask.status == 413


def test_gps_tagged_jpeg_loses_every_tag_and_is_oriented(api, token, services):
    result = upload(api, token, images.gps_jpeg(80, 60), "image/jpeg")
    assert result["status"] == "ready"
    assert (result["width"], result["height"]) == (60, 80)  # orientation 6 applied
    data = clean_bytes(services, token, api, result["id"])
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and "exif" not in image.info and "comment" not in image.info
    assert b"Secret Camera" not in data and b"home address" not in data


def test_heic_photo_becomes_a_clean_jpeg(api, token, services):
    result = upload(api, token, images.heic_photo(96, 64), "image/heic")
    assert result["status"] == "ready", result
    assert (result["width"], result["height"], result["content_type"]) == (96, 64, "image/jpeg")
    assert b"Phone" not in clean_bytes(services, token, api, result["id"])


@pytest.mark.parametrize(
    ("data", "content_type", "reason"),
    [
        (images.png_bomb(), "image/png", "too_many_pixels"),
        (images.truncated_jpeg(), "image/jpeg", "truncated_or_corrupt"),
        (images.SVG, "image/png", "not_an_allowed_image"),
        (images.png(), "image/jpeg", "content_type_mismatch"),
        (images.png(mode="RGB"), "image/png", "mask_without_alpha"),
    ],
    ids=["png-bomb", "truncated", "svg-as-png", "type-mismatch", "mask-without-alpha"],
)
def test_bad_files_are_rejected_with_a_reason(api, token, services, data, content_type, reason):
    purpose = "mask" if reason == "mask_without_alpha" else "input"
    result = upload(api, token, data, content_type, purpose)
    assert result["status"] == "rejected" and result["reason"] == reason
    user_id = user_id_of(api, token)
    assert services.objects.versions(f"uploads/{user_id}/") == []
    assert services.objects.versions(f"inputs/{user_id}/") == []


def test_polyglot_loses_its_trailing_payload(api, token, services):
    result = upload(api, token, images.polyglot_png(), "image/png")
    assert result["status"] == "ready"
    data = clean_bytes(services, token, api, result["id"])
    assert images.POLYGLOT_PAYLOAD not in data and data.endswith(b"IEND\xaeB`\x82")


def test_an_object_larger_than_declared_is_rejected(api, token):
    created = api.post(
        "/v1/uploads", {"content_type": "image/png", "size": 10, "purpose": "input"}, token=token
    ).json
    boto3.client("s3", region_name="us-east-1").put_object(
        Bucket=get_settings().bucket, Key=created["fields"]["key"], Body=images.png()
    )
    poll_uploads()
    got = api.get(f"/v1/uploads/{created['id']}", token=token).json
    assert got["status"] == "rejected" and got["reason"] == "too_large"


def test_delete_removes_every_version_and_others_get_404(api, token, services):
    result = upload(api, token, images.png(), "image/png")
    other = api.verified_user("someone@example.com")
    assert api.get(f"/v1/uploads/{result['id']}", token=other).status == 404
    assert api.delete(f"/v1/uploads/{result['id']}", token=other).status == 404
    assert api.delete(f"/v1/uploads/{result['id']}", token=token).status == 204
    assert api.get(f"/v1/uploads/{result['id']}", token=token).status == 404
    user_id = user_id_of(api, token)
    assert services.objects.versions(f"inputs/{user_id}/") == []


def start(api, token, data, content_type="image/jpeg"):
    body = {"content_type": content_type, "size": len(data), "purpose": "input"}
    created = api.post("/v1/uploads", body, token=token)
    assert created.status == 201, created.json
    return created.json


def post_form(created, data, content_type="image/jpeg"):
    """Send the bytes with the presigned POST form, as a browser does (moto answers it,
    without enforcing the form's policy)."""
    files = {"file": ("photo", data, content_type)}
    response = requests.post(created["url"], data=created["fields"], files=files, timeout=10)
    assert response.status_code in (200, 201, 204), response.text


def deliver_events():
    """Run the sanitizer on every S3 event waiting on the upload queue."""
    while poll_uploads():
        pass


def raw_versions(services):
    """Every version and delete marker under the raw-upload prefix, of anyone."""
    return services.objects.versions("uploads/")


def test_a_form_posted_again_after_its_upload_was_judged_leaves_no_raw_object(api, token, services):
    created = start(api, token, images.gps_jpeg(80, 60))
    post_form(created, images.gps_jpeg(80, 60))
    deliver_events()
    first = api.get(f"/v1/uploads/{created['id']}", token=token).json
    assert first["status"] == "ready", first
    clean = clean_bytes(services, token, api, created["id"])
    post_form(created, images.gps_jpeg(40, 30))  # the same form, again
    deliver_events()
    assert raw_versions(services) == []
    assert api.get(f"/v1/uploads/{created['id']}", token=token).json == first
    assert clean_bytes(services, token, api, created["id"]) == clean


def test_objects_at_keys_of_no_pending_upload_are_deleted(api, token, services):
    user_id = user_id_of(api, token)
    pending = start(api, token, images.gps_jpeg())
    key = pending["fields"]["key"]
    s3 = boto3.client("s3", region_name=get_settings().region)
    for forged in (
        f"{key}/extra",  # under the upload's key
        f"uploads/{user_id}",  # a prefix of every raw key of the user
        f"uploads/{user_id}/upl_00000000000000000000000000",  # no such upload
        f"{key}.jpg",
    ):
        s3.put_object(Bucket=get_settings().bucket, Key=forged, Body=images.gps_jpeg())
    deliver_events()
    assert raw_versions(services) == []
    assert api.get(f"/v1/uploads/{pending['id']}", token=token).json["status"] == "pending"
    # The upload's own object, sent after those, is still judged.
    post_form(pending, images.gps_jpeg())
    deliver_events()
    assert api.get(f"/v1/uploads/{pending['id']}", token=token).json["status"] == "ready"
    assert raw_versions(services) == []


@pytest.fixture
def late_api(aws):
    """An API whose clock runs 30 minutes behind the real one: the forms it hands out have
    expired by the time anything is posted with them (S3 dates objects by the real
    clock)."""
    container = local_services(
        get_settings(), clock=FrozenClock(datetime.now(UTC) - timedelta(minutes=30))
    )
    set_services(container)
    yield ApiClient(), container
    set_services(None)


def test_an_object_arriving_after_its_form_expired_is_deleted_and_never_ready(late_api):
    api, services = late_api
    token = api.verified_user("late@example.com")
    created = start(api, token, images.gps_jpeg())
    post_form(created, images.gps_jpeg())
    deliver_events()
    got = api.get(f"/v1/uploads/{created['id']}", token=token).json
    assert got["status"] == "rejected" and got["reason"] == "expired", got
    assert raw_versions(services) == []
    assert services.objects.versions("inputs/") == []
