"""Image files for upload tests, built in memory."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png(
    width: int = 64, height: int = 48, mode: str = "RGB", color: tuple = (200, 30, 30)
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color).save(out, "PNG")
    return out.getvalue()


def mask_png(width: int = 64, height: int = 48) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 255))
    image.paste((0, 0, 0, 0), (0, 0, width // 2, height))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def gps_jpeg(width: int = 80, height: int = 60) -> bytes:
    """A JPEG with EXIF GPS coordinates, a camera model and orientation 6 (rotated)."""
    image = Image.new("RGB", (width, height), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 on display
    exif[0x8825] = {1: "N", 2: (41.0, 43.0, 32.0), 3: "W", 4: (49.0, 56.0, 49.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"home address")
    return out.getvalue()


def heic_photo(width: int = 96, height: int = 64) -> bytes:
    import pillow_heif

    image = Image.new("RGB", (width, height), (30, 160, 60))
    exif = Image.Exif()
    exif[0x0110] = "Phone"
    heif = pillow_heif.from_pillow(image)
    out = io.BytesIO()
    heif.save(out, quality=80, exif=exif.tobytes())
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A small PNG that claims a huge canvas (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()[: len(out.getvalue()) // 2]


POLYGLOT_PAYLOAD = b"<html><script>alert(document.cookie)</script></html>"


def polyglot_png() -> bytes:
    """A valid PNG followed by an HTML payload (served as HTML it would run)."""
    return png() + POLYGLOT_PAYLOAD


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>x</script></svg>'
