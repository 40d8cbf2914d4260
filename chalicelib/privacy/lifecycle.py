"""The bucket's lifecycle rules, generated from the data map: expiry per prefix (or per
prefix and retention tag), noncurrent versions after the backup window, expired delete
markers removed, incomplete multipart uploads aborted after a day. Infra and the local
stack apply `lifecycle_rules()`."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.retention import RETENTION
from chalicelib.domain.s3_keys import RETENTION_TAG
from chalicelib.privacy.data_map import DataMap, load


def lifecycle_rules(data_map: DataMap | None = None) -> list[dict[str, Any]]:
    data_map = data_map or load()
    rules: list[dict[str, Any]] = []
    for entry in data_map.prefixes:
        for name in entry.retention:
            days = RETENTION[name].retention_days
            if len(entry.retention) == 1:
                filter_: dict[str, Any] = {"Prefix": entry.prefix}
            else:
                tag = {"Key": RETENTION_TAG, "Value": name}
                filter_ = {"And": {"Prefix": entry.prefix, "Tags": [tag]}}
            rules.append(
                {
                    "ID": f"expire-{entry.name}-{name}",
                    "Filter": filter_,
                    "Status": "Enabled",
                    "Expiration": {"Days": days},
                }
            )
    rules.append(
        {
            "ID": "backups-and-housekeeping",
            "Filter": {"Prefix": ""},
            "Status": "Enabled",
            "NoncurrentVersionExpiration": {"NoncurrentDays": RETENTION["backups"].retention_days},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
            "Expiration": {"ExpiredObjectDeleteMarker": True},
        }
    )
    return rules
