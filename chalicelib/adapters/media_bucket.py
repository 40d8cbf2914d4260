"""The media bucket (versioned): every version of a person's objects, batched deletes
(DeleteObjects of up to 1,000 keys with their version ids), streamed reads, multipart
writes with a bounded buffer, presigned downloads, lifecycle configuration."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Any

from chalicelib.privacy.objects import DELETE_BATCH, ObjectVersion, batched

PART_SIZE = 8 * 1024 * 1024  # S3 parts must be >= 5 MiB except the last
CHUNK = 1024 * 1024


class MultipartWriter:
    """A write-only stream that uploads parts as its buffer fills (memory <= one part)."""

    def __init__(self, client: Any, bucket: str, key: str, content_type: str) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key
        self._buffer = bytearray()
        self._parts: list[dict[str, Any]] = []
        self._upload_id = client.create_multipart_upload(
            Bucket=bucket, Key=key, ContentType=content_type
        )["UploadId"]

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) >= PART_SIZE:
            self._upload(bytes(self._buffer[:PART_SIZE]))
            del self._buffer[:PART_SIZE]
        return len(data)

    def flush(self) -> None:
        """Parts go out when full; nothing to do here."""

    def close(self) -> None:
        """A file-like object closes; this one ends with `finish` or `abort` instead."""

    def _upload(self, body: bytes) -> None:
        number = len(self._parts) + 1
        etag = self._client.upload_part(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            PartNumber=number,
            Body=body,
        )["ETag"]
        self._parts.append({"ETag": etag, "PartNumber": number})

    def finish(self) -> None:
        if self._buffer or not self._parts:
            self._upload(bytes(self._buffer))
            self._buffer.clear()
        self._client.complete_multipart_upload(
            Bucket=self._bucket,
            Key=self._key,
            UploadId=self._upload_id,
            MultipartUpload={"Parts": self._parts},
        )

    def abort(self) -> None:
        self._client.abort_multipart_upload(
            Bucket=self._bucket, Key=self._key, UploadId=self._upload_id
        )


class MediaBucket:
    def __init__(self, bucket: str, region: str) -> None:
        self.bucket = bucket
        self._region = region

    @cached_property
    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        config = Config(signature_version="s3v4")  # presigned links carry X-Amz-Expires
        return boto3.client("s3", region_name=self._region, config=config)

    def versions(self, prefix: str) -> Iterator[ObjectVersion]:
        """Every version and delete marker under the prefix, page by page. The next page
        is fetched before this one is handed out, so a caller may delete what it got
        without moving the listing's marker onto a key that no longer exists."""
        paginator = self.client.get_paginator("list_object_versions")
        pages = iter(paginator.paginate(Bucket=self.bucket, Prefix=prefix))
        page = next(pages, None)
        while page is not None:
            following = next(pages, None)
            for marker in page.get("DeleteMarkers", []):
                yield ObjectVersion(
                    marker["Key"], marker["VersionId"], marker["LastModified"],
                    marker["IsLatest"], True,
                )  # fmt: skip
            for version in page.get("Versions", []):
                yield ObjectVersion(
                    version["Key"], version["VersionId"], version["LastModified"],
                    version["IsLatest"], False,
                )  # fmt: skip
            page = following

    def delete_versions(self, versions: Iterable[ObjectVersion]) -> int:
        count = 0
        for batch in batched(versions, DELETE_BATCH):
            objects = [{"Key": v.key, "VersionId": v.version_id} for v in batch]
            self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True}
            )
            count += len(batch)
        return count

    def current_objects(self, prefix: str) -> Iterator[tuple[str, int]]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                yield item["Key"], int(item["Size"])

    def chunks(self, key: str) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        yield from body.iter_chunks(CHUNK)

    def multipart_writer(self, key: str, content_type: str) -> MultipartWriter:
        return MultipartWriter(self.client, self.bucket, key, content_type)

    def presigned_get(self, key: str, seconds: int, filename: str) -> str:
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{filename}"',
                },
                ExpiresIn=max(1, seconds),
            )
        )

    def put_lifecycle(self, rules: list[dict[str, Any]]) -> None:
        self.client.put_bucket_lifecycle_configuration(
            Bucket=self.bucket, LifecycleConfiguration={"Rules": rules}
        )
