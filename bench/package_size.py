"""Prints the Lambda deployment package's zipped and unzipped sizes (target: under 30 MB
zipped), the largest parts, and any wheel that would not load on the Lambda runtime."""

from __future__ import annotations

import sys
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from infra.packaging import build_deployment_package, package_glibc_problems, python_runtime

TARGET_MB = 30.0


def main() -> None:
    package = build_deployment_package()
    entries = zipfile.ZipFile(package.path).infolist()
    zipped = package.path.stat().st_size / 1e6
    unzipped = sum(e.file_size for e in entries) / 1e6
    parts: Counter[str] = Counter()
    for entry in entries:
        parts[entry.filename.split("/")[0]] += entry.compress_size
    print(f"deployment package: {package.path.name} ({python_runtime()})")
    print(
        f"zipped   {zipped:6.1f} MB  (target < {TARGET_MB:.0f} MB, ratio {zipped / TARGET_MB:.2f})"
    )
    print(f"unzipped {unzipped:6.1f} MB  (Lambda limit 250 MB, ratio {unzipped / 250:.2f})")
    print("largest parts (zipped):")
    for name, size in parts.most_common(8):
        print(f"  {name:32} {size / 1e6:6.1f} MB")
    for name, problem in package_glibc_problems(package.path).items():
        print(f"NOT LOADABLE on {python_runtime()}: {name} ({problem})")


if __name__ == "__main__":
    main()
