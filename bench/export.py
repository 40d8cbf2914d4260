"""Export memory: peak traced memory while building the ZIP (streamed to S3 as a
multipart upload) for a user with 500 images, and with 100 to show it stays flat.
Runs against moto's server in a child process (see bench/_moto.py).

    .venv/bin/python bench/export.py [images] [image_kib]
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from datetime import UTC, datetime

from _moto import CALLS, moto_stack


def run(images: int, size: int) -> tuple[float, int, int]:
    import boto3

    from chalicelib.adapters.map_tables import MapTables
    from chalicelib.adapters.media_bucket import MediaBucket
    from chalicelib.config import get_settings
    from chalicelib.domain import s3_keys
    from chalicelib.privacy.data_map import Subject, load
    from chalicelib.privacy.export import build_export

    with moto_stack():
        settings = get_settings()
        s3 = boto3.client("s3", region_name=settings.region)
        for i in range(images):
            key = s3_keys.generation_key("usr_bench", f"gen_{i:04d}", "0.png")
            s3.put_object(Bucket=settings.bucket, Key=key, Body=os.urandom(size))
        bucket = MediaBucket(settings.bucket, settings.region)
        subject = Subject("usr_bench", "bench@example.com", "Bench")
        key = s3_keys.export_key("usr_bench", "prq_bench")
        CALLS.clear()
        tracemalloc.start()
        build_export(key, load(), subject, MapTables(), bucket, datetime.now(UTC))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        written = int(s3.head_object(Bucket=settings.bucket, Key=key)["ContentLength"])
    return peak / 2**20, written, CALLS["UploadPart"]


def main() -> None:
    images = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    size = (int(sys.argv[2]) if len(sys.argv) > 2 else 256) * 1024
    run(2, size)  # warm-up: first use imports modules
    small_peak, _, _ = run(images // 5, size)
    peak, written, parts = run(images, size)
    print(
        f"{images} images of {size // 1024} KiB: ZIP {written / 2**20:.1f} MiB uploaded in "
        f"{parts} parts; peak traced memory {peak:.1f} MiB"
    )
    print(
        f"{images // 5} images: peak {small_peak:.1f} MiB; growth for 5x the images: "
        f"x{peak / small_peak:.2f}"
    )


if __name__ == "__main__":
    main()
