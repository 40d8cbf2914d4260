"""S3: presigned upload and download URLs, object reads and writes with retention
tags, and deletion of every version (the bucket is versioned)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

import boto3

from chalicelib.domain import s3_keys
from chalicelib.domain.ports.objects import LatestVersion, PresignedPost

URL_LIFETIME_SECONDS = 900  # presigned URLs live at most 15 minutes


class ObjectStore:
    def __init__(self, bucket: str, region: str) -> None:
        self.bucket = bucket
        self._region = region

    @cached_property
    def _s3(self) -> Any:
        return boto3.client("s3", region_name=self._region)

    def presigned_post(self, key: str, content_type: str, max_bytes: int) -> PresignedPost:
        post = self._s3.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
            ExpiresIn=URL_LIFETIME_SECONDS,
        )
        return PresignedPost(str(post["url"]), dict(post["fields"]))

    def presigned_get(self, key: str) -> str:
        return str(
            self._s3.generate_presigned_url(
                "get_object",
                Params={"Bucket": self.bucket, "Key": key},
                ExpiresIn=URL_LIFETIME_SECONDS,
            )
        )

    def put(self, key: str, body: bytes, content_type: str, retention: str) -> None:
        self._s3.put_object(
            Bucket=self.bucket,
            Key=key,
            Body=body,
            ContentType=content_type,
            Tagging=s3_keys.retention_tagging(retention),
        )

    def copy(self, source: str, key: str, retention: str) -> None:
        self._s3.copy_object(
            Bucket=self.bucket,
            Key=key,
            CopySource={"Bucket": self.bucket, "Key": source},
            TaggingDirective="REPLACE",
            Tagging=s3_keys.retention_tagging(retention),
        )

    def get(self, key: str, version_id: str | None = None) -> bytes:
        version = {"VersionId": version_id} if version_id else {}
        return bytes(self._s3.get_object(Bucket=self.bucket, Key=key, **version)["Body"].read())

    def latest(self, key: str) -> LatestVersion | None:
        """The current version of `key`: its size, when S3 stored it, its version id."""
        try:
            head = self._s3.head_object(Bucket=self.bucket, Key=key)
        except self._s3.exceptions.ClientError as exc:
            if exc.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return LatestVersion(
            int(head["ContentLength"]), head["LastModified"], head.get("VersionId")
        )

    def delete_key(self, key: str) -> int:
        """Delete every version and delete marker of exactly `key` (not of longer keys)."""
        return self._delete_versions(key, lambda found: found == key)

    def delete_everything(self, prefix: str) -> int:
        """Delete every version and delete marker of every object under `prefix`."""
        return self._delete_versions(prefix, lambda found: True)

    def _delete_versions(self, prefix: str, wanted: Callable[[str], bool]) -> int:
        deleted = 0
        paginator = self._s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            targets = [
                {"Key": v["Key"], "VersionId": v["VersionId"]}
                for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
                if wanted(v["Key"])
            ]
            for start in range(0, len(targets), 1000):
                batch = targets[start : start + 1000]
                self._s3.delete_objects(Bucket=self.bucket, Delete={"Objects": batch})
                deleted += len(batch)
        return deleted

    def versions(self, prefix: str) -> list[dict[str, Any]]:
        """Every version and delete marker under `prefix` (for checks and audits)."""
        found: list[dict[str, Any]] = []
        paginator = self._s3.get_paginator("list_object_versions")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            found += page.get("Versions", []) + page.get("DeleteMarkers", [])
        return found
