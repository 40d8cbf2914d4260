"""Upload sanitize + thumbnail pipeline (Pillow, chalicelib.imaging) against libvips
(pyvips) on the same 4096x4096 JPEG and PNG files, in one run. Prints seconds per
file, the ratio (target <= 1.2) and each pipeline's peak memory (a fresh process each).

Run: .venv/bin/python bench/images.py"""

from __future__ import annotations

import io
import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EDGE = 4096
ROUNDS = 3


def make_inputs() -> dict[str, bytes]:
    from PIL import Image

    base = Image.effect_mandelbrot((EDGE, EDGE), (-2.0, -1.5, 1.0, 1.5), 64).convert("RGB")
    noise = Image.effect_noise((EDGE, EDGE), 24).convert("RGB")
    image = Image.blend(base, noise, 0.3)
    files = {}
    for name, fmt in (("jpeg", "JPEG"), ("png", "PNG")):
        out = io.BytesIO()
        image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {"compress_level": 1}))
        files[name] = out.getvalue()
    return files


def pillow_pipeline(data: bytes) -> int:
    from chalicelib import imaging

    clean = imaging.sanitize(data, "input")
    return len(clean.body) + len(imaging.thumbnail(clean.body))


def vips_pipeline(data: bytes) -> int:
    import pyvips

    image = pyvips.Image.new_from_buffer(data, "", access="sequential").autorot()
    suffix = ".jpg[Q=92,keep=none]" if data[:2] == b"\xff\xd8" else ".png[compression=6,keep=none]"
    clean = image.write_to_buffer(suffix)
    thumb = pyvips.Image.thumbnail_buffer(clean, 384).write_to_buffer(".webp[Q=80,keep=none]")
    return len(clean) + len(thumb)


def measure(args: tuple[str, bytes]) -> tuple[float, int]:
    name, data = args
    run = pillow_pipeline if name == "pillow" else vips_pipeline
    run(data)  # warm up (imports, codecs)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        run(data)
    seconds = (time.perf_counter() - started) / ROUNDS
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    files = make_inputs()
    context = multiprocessing.get_context("spawn")
    header = ("file", "pillow s", "vips s", "ratio", "pillow MB", "vips MB")
    print("{:<6} {:>9} {:>8} {:>6} {:>10} {:>8}".format(*header))
    for kind, data in files.items():
        with context.Pool(1) as pool:
            pillow_s, pillow_mb = pool.map(measure, [("pillow", data)])[0]
        with context.Pool(1) as pool:
            vips_s, vips_mb = pool.map(measure, [("vips", data)])[0]
        ratio = pillow_s / vips_s
        verdict = "ok" if ratio <= 1.2 else "over target"
        print(
            f"{kind:<6} {pillow_s:>9.3f} {vips_s:>8.3f} {ratio:>6.2f} {pillow_mb:>10} "
            f"{vips_mb:>8}  (target ratio <= 1.2: {verdict}; {len(data) / 1e6:.1f} MB input)"
        )


if __name__ == "__main__":
    main()
