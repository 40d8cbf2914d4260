"""Export memory: peak traced memory while building the ZIP for a user with 500 images
(and with 100, to show it stays flat). Sources are read from moto in-process; the
multipart destination counts bytes instead of storing them, so what is measured is
the export's own memory, not the fake S3's storage.

    .venv/bin/python bench/export.py [images] [image_kib]
"""

from __future__ import annotations

import os
import sys
import tracemalloc
from datetime import UTC, datetime
from typing import Any

from _moto import OWN, moto_stack


class CountingClient:
    """Stands in for S3's multipart API on the destination side."""

    def __init__(self) -> None:
        self.bytes = 0
        self.parts = 0

    def create_multipart_upload(self, **_: Any) -> dict:
        return {"UploadId": "bench"}

    def upload_part(self, Body: bytes, **_: Any) -> dict:
        self.bytes += len(Body)
        self.parts += 1
        return {"ETag": f'"{self.parts}"'}

    def complete_multipart_upload(self, **_: Any) -> None:
        """Nothing to assemble."""

    def abort_multipart_upload(self, **_: Any) -> None:
        """Nothing to free."""


def run(images: int, size: int) -> tuple[float, int, int]:
    import boto3

    from chalicelib.adapters import s3_keys
    from chalicelib.adapters.map_tables import MapTables
    from chalicelib.adapters.media_bucket import MediaBucket, MultipartWriter
    from chalicelib.config import get_settings
    from chalicelib.privacy.data_map import Subject, load
    from chalicelib.privacy.export import build_export

    with moto_stack():
        settings = get_settings()
        s3 = boto3.client("s3", region_name=settings.region)
        for i in range(images):
            key = s3_keys.generation_key("usr_bench", f"gen_{i:04d}", "0.png")
            s3.put_object(Bucket=settings.bucket, Key=key, Body=os.urandom(size))
        sink = CountingClient()

        class Bucket(MediaBucket):
            def multipart_writer(self, key: str, content_type: str) -> MultipartWriter:
                return MultipartWriter(sink, self.bucket, key, content_type)

        bucket = Bucket(settings.bucket, settings.region)
        subject = Subject("usr_bench", "bench@example.com", "Bench")
        OWN.peak = 0
        tracemalloc.start(40)
        key = s3_keys.export_key("usr_bench", "prq_bench")
        build_export(key, load(), subject, MapTables(), bucket, datetime.now(UTC))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return max(peak, OWN.peak) / 2**20, sink.bytes, sink.parts


def main() -> None:
    images = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    size = (int(sys.argv[2]) if len(sys.argv) > 2 else 256) * 1024
    run(2, size)  # warm-up: first use imports modules and builds moto backends
    small_peak, _, _ = run(images // 5, size)
    peak, written, parts = run(images, size)
    print(
        f"{images} images of {size // 1024} KiB: ZIP {written / 2**20:.1f} MiB in {parts} parts; "
        f"peak traced memory {peak:.1f} MiB"
    )
    print(
        f"{images // 5} images: peak {small_peak:.1f} MiB; growth for 5x: x{peak / small_peak:.2f}"
    )


if __name__ == "__main__":
    main()
