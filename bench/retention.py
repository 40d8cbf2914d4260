"""Retention cleanup cost: AWS calls and peak memory for n expired objects and m expired
items, against the target ceil(n/1000) + ceil(m/25) deletion calls (DeleteObjects of
1,000, BatchWriteItem of 25), and memory flat as n grows. Runs against moto's server in a
child process (see bench/_moto.py).

    .venv/bin/python bench/retention.py [n m]   (default 20000 20000, and a quarter)
"""

from __future__ import annotations

import math
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta

from _moto import CALLS, moto_stack

DELETE_OPS = ("DeleteObjects", "BatchWriteItem")


def seed(n: int, m: int, past: datetime) -> None:
    import boto3

    from chalicelib.adapters.models.engagement import UsageEventModel
    from chalicelib.config import get_settings
    from chalicelib.domain import s3_keys

    s3 = boto3.client("s3", region_name=get_settings().region)
    for i in range(n):
        key = s3_keys.upload_key(f"usr_{i % 97:04d}", f"upl_{i:06d}")
        s3.put_object(Bucket=get_settings().bucket, Key=key, Body=b"x")
    with UsageEventModel.batch_write() as batch:
        for i in range(m):
            batch.save(
                UsageEventModel(
                    f"usr_{i % 97:04d}",
                    f"evt_{i:06d}",
                    type="page_view",
                    name="/",
                    received_at=past,
                    expires=past,
                )
            )


def run(n: int, m: int) -> dict[str, float]:
    from chalicelib.adapters.map_tables import MapTables
    from chalicelib.adapters.media_bucket import MediaBucket
    from chalicelib.config import get_settings
    from chalicelib.privacy.cleanup import clean_expired
    from chalicelib.privacy.data_map import load

    with moto_stack():
        now = datetime.now(UTC) + timedelta(days=31)
        seed(n, m, now - timedelta(days=1))
        settings = get_settings()
        bucket = MediaBucket(settings.bucket, settings.region)
        CALLS.clear()
        tracemalloc.start()
        report = clean_expired(load(), MapTables(), bucket, now)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert report["s3:uploads"] == n and report["usage_events"] == m, report
    deletes = sum(CALLS[op] for op in DELETE_OPS)
    total = sum(CALLS.values())
    target = math.ceil(n / 1000) + math.ceil(m / 25)
    return {
        "deletes": deletes,
        "total": total,
        "target": target,
        "peak_mib": peak / 2**20,
    }


def main() -> None:
    n, m = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (20000, 20000)
    run(10, 10)  # warm-up: first use imports modules and builds moto backends
    small = run(n // 4, m // 4)
    large = run(n, m)
    for label, (nn, mm), r in (("quarter", (n // 4, m // 4), small), ("full", (n, m), large)):
        print(
            f"{label}: n={nn} objects, m={mm} items: deletion calls {r['deletes']} "
            f"(target {r['target']}, ratio {r['deletes'] / r['target']:.3f}); all calls "
            f"{r['total']} (ratio {r['total'] / r['target']:.3f}, the rest are list/scan "
            f"pages); peak traced memory {r['peak_mib']:.1f} MiB"
        )
    print(f"memory growth for 4x the data: x{large['peak_mib'] / small['peak_mib']:.2f}")
    within = abs(large["deletes"] / large["target"] - 1) <= 0.05
    print("deletion calls within 5% of target:", "yes" if within else "NO")


if __name__ == "__main__":
    main()
