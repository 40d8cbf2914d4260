"""Keeps the embedded stack's state under LOCAL_STATE_DIR across restarts: DynamoDB items
and current S3 objects are written out periodically and at shutdown, and loaded back
after provisioning."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import boto3


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class StateStore:
    def __init__(self, state_dir: Path, region: str, tables: list[str], bucket: str) -> None:
        self._dir = state_dir
        self._region = region
        self._tables = tables
        self._bucket = bucket
        (state_dir / "dynamodb").mkdir(parents=True, exist_ok=True)
        (state_dir / "s3").mkdir(parents=True, exist_ok=True)

    def save(self) -> None:
        ddb = boto3.client("dynamodb", region_name=self._region)
        for table in self._tables:
            items: list[dict[str, Any]] = []
            for page in ddb.get_paginator("scan").paginate(TableName=table):
                items.extend(page["Items"])
            _atomic_write(self._dir / "dynamodb" / f"{table}.json", json.dumps(items).encode())
        self._save_objects()

    def _save_objects(self) -> None:
        s3 = boto3.client("s3", region_name=self._region)
        keep: set[str] = set()
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self._bucket):
            for obj in page.get("Contents", []):
                name = hashlib.sha256(f"{obj['Key']}\0{obj['ETag']}".encode()).hexdigest()
                keep.add(name)
                target = self._dir / "s3" / f"{name}.json"
                if target.exists():
                    continue
                got = s3.get_object(Bucket=self._bucket, Key=obj["Key"])
                record = {
                    "key": obj["Key"],
                    "content_type": got.get("ContentType", "binary/octet-stream"),
                    "metadata": got.get("Metadata", {}),
                    "body": base64.b64encode(got["Body"].read()).decode(),
                }
                _atomic_write(target, json.dumps(record).encode())
        for stale in (self._dir / "s3").glob("*.json"):
            if stale.stem not in keep:
                stale.unlink()

    def load(self) -> None:
        ddb = boto3.client("dynamodb", region_name=self._region)
        for table in self._tables:
            path = self._dir / "dynamodb" / f"{table}.json"
            if not path.exists():
                continue
            items = json.loads(path.read_text())
            for start in range(0, len(items), 25):
                batch = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
                ddb.batch_write_item(RequestItems={table: batch})
        s3 = boto3.client("s3", region_name=self._region)
        for path in sorted((self._dir / "s3").glob("*.json")):
            record = json.loads(path.read_text())
            s3.put_object(
                Bucket=self._bucket,
                Key=record["key"],
                Body=base64.b64decode(record["body"]),
                ContentType=record["content_type"],
                Metadata=record["metadata"],
            )
