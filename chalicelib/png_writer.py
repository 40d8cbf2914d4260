"""A minimal PNG encoder for sanitized uploads: IHDR + IDAT + IEND only, 8-bit RGB or
RGBA, no interlace, filter type 0 (None) on every row, the rows streamed through one
`zlib.compressobj`. Pillow's encoder tries adaptive filters on every row, which costs
more time than the compression itself at low zlib levels; the output here is a little
larger and holds nothing but the pixels (PNG spec, ISO/IEC 15948)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from typing import Any

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOR_TYPES = {"RGB": (2, 3), "RGBA": (6, 4)}  # mode -> (PNG colour type, bytes per pixel)
IDAT_BYTES = 1 << 20  # compressed bytes per IDAT chunk
ROWS_PER_STRIP = 64


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode(
    mode: str,
    width: int,
    height: int,
    read_rows: Callable[[int, int], bytes],
    level: int = 1,
) -> bytes:
    """Encode an image whose raw rows `read_rows(top, bottom)` returns (packed, top to
    bottom, `width * bytes per pixel` bytes each) in `mode` "RGB" or "RGBA"."""
    if mode not in COLOR_TYPES:
        raise ValueError(f"unsupported mode {mode!r}")
    if width <= 0 or height <= 0:
        raise ValueError("an image needs at least one pixel")
    color_type, channels = COLOR_TYPES[mode]
    stride = width * channels
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    parts = [SIGNATURE, _chunk(b"IHDR", header)]
    compressor = zlib.compressobj(level)
    pending = bytearray()
    for top in range(0, height, ROWS_PER_STRIP):
        bottom = min(top + ROWS_PER_STRIP, height)
        raw = read_rows(top, bottom)
        rows = bytearray((stride + 1) * (bottom - top))  # each row: filter byte 0, pixels
        for index in range(bottom - top):
            start = index * (stride + 1) + 1
            rows[start : start + stride] = raw[index * stride : (index + 1) * stride]
        pending += compressor.compress(rows)
        if len(pending) >= IDAT_BYTES:
            parts.append(_chunk(b"IDAT", bytes(pending)))
            pending.clear()
    pending += compressor.flush()
    parts.append(_chunk(b"IDAT", bytes(pending)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


def encode_image(image: Any, level: int = 1) -> bytes:
    """Encode a Pillow image in mode RGB or RGBA, a strip of rows at a time."""
    width, height = image.size

    def read_rows(top: int, bottom: int) -> bytes:
        rows: bytes = image.crop((0, top, width, bottom)).tobytes()
        return rows

    return encode(image.mode, width, height, read_rows, level)
