"""Upload sanitize + thumbnail pipeline (Pillow, chalicelib.imaging) against libvips
(pyvips) on the same 4096x4096 JPEG and PNG files, in one run. Prints seconds per
file, each pipeline's output size (sanitized file + thumbnail), the ratio (target
<= 1.2) and each pipeline's peak memory (a fresh process each).

libvips settings: JPEG re-encoded at Q=92 (as ours). PNG twice: at compression=1, the
zlib level our PNG writer uses (libvips' level 1 is faster and its files larger), and
at libvips' default compression=6; both with no row filter (`filter=none`, libvips'
default, as our writer). Every output drops all metadata (`keep=none`); the
thumbnail is a 384 px WebP at Q=80 on both sides.

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


def pillow_pipeline(data: bytes, _png_level: int) -> tuple[int, int]:
    from chalicelib import imaging

    clean = imaging.sanitize(data, "input")
    return len(clean.body), len(imaging.thumbnail(clean.body))


def vips_pipeline(data: bytes, png_level: int) -> tuple[int, int]:
    import pyvips

    image = pyvips.Image.new_from_buffer(data, "", access="sequential").autorot()
    if data[:2] == b"\xff\xd8":
        suffix = ".jpg[Q=92,keep=none]"
    else:
        suffix = f".png[compression={png_level},filter=none,keep=none]"
    clean = image.write_to_buffer(suffix)
    thumb = pyvips.Image.thumbnail_buffer(clean, 384).write_to_buffer(".webp[Q=80,keep=none]")
    return len(clean), len(thumb)


def measure(args: tuple[str, bytes, int]) -> tuple[float, int, tuple[int, int]]:
    name, data, png_level = args
    run = pillow_pipeline if name == "pillow" else vips_pipeline
    sizes = run(data, png_level)  # warm up (imports, codecs)
    started = time.perf_counter()
    for _ in range(ROUNDS):
        run(data, png_level)
    seconds = (time.perf_counter() - started) / ROUNDS
    return seconds, peak_rss_mb(), sizes


def peak_rss_mb() -> int:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec, unlike
    ru_maxrss, which keeps the forking parent's peak (the parent holds the inputs)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_in_fresh_process(
    name: str, data: bytes, png_level: int = 1
) -> tuple[float, int, tuple[int, int]]:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.map(measure, [(name, data, png_level)])[0]


def megabytes(sizes: tuple[int, int]) -> str:
    return f"{sizes[0] / 1e6:.1f}+{sizes[1] / 1e3:.0f}k"


def main() -> None:
    files = make_inputs()
    header = ("file", "vips", "pillow s", "out MB", "vips s", "out MB", "ratio", "RSS MB")
    print("{:<5} {:<8} {:>8} {:>8} {:>7} {:>8} {:>6} {:>11}".format(*header))
    for kind, data in files.items():
        pillow_s, pillow_mb, pillow_out = run_in_fresh_process("pillow", data)
        # JPEG: one libvips setting; PNG: our zlib level, then libvips' default level.
        for png_level in (1,) if kind == "jpeg" else (1, 6):
            vips_s, vips_mb, vips_out = run_in_fresh_process("vips", data, png_level)
            ratio = pillow_s / vips_s
            verdict = "ok" if ratio <= 1.2 else "over target"
            setting = "Q=92" if kind == "jpeg" else f"c={png_level}"
            print(
                f"{kind:<5} {setting:<8} {pillow_s:>8.3f} {megabytes(pillow_out):>8} "
                f"{vips_s:>7.3f} {megabytes(vips_out):>8} {ratio:>6.2f} "
                f"{pillow_mb:>5}/{vips_mb:<5} (target ratio <= 1.2: {verdict}; "
                f"{len(data) / 1e6:.1f} MB input)"
            )
    print(
        "vips: libvips save settings (PNG c=compression, always filter=none, keep=none); "
        "out MB: sanitized file + thumbnail; RSS MB: peak memory, pillow/vips"
    )


if __name__ == "__main__":
    main()
