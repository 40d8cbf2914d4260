"""Uploads: the presigned POST's bounds, and the sanitizer on the S3 -> SQS event:
metadata stripped, bombs, truncated files, polyglots and wrong types rejected."""

import io

import boto3
import pytest
from PIL import Image

from chalicelib.config import get_settings
from tests.support import images
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
    from chalicelib.local.upload_events import poll_uploads

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
