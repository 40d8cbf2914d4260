"""The minimal PNG writer: exact pixels back through Pillow, and nothing but IHDR, IDAT
and IEND in the file."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from chalicelib import imaging, png_writer


def chunks(data: bytes) -> list[bytes]:
    """The chunk types of a PNG, checking every length and CRC on the way."""
    assert data[:8] == png_writer.SIGNATURE
    kinds, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        kinds.append(kind)
        offset += 12 + length
    assert offset == len(data)
    return kinds


def noisy(mode: str, width: int, height: int) -> Image.Image:
    bands = [Image.effect_noise((width, height), 90 + 10 * i) for i in range(len(mode))]
    return Image.merge(mode, bands)


# Heights around the strip size check the last, partial strip.
SIZES = [(1, 1), (7, 3), (33, png_writer.ROWS_PER_STRIP + 1), (300, 2 * png_writer.ROWS_PER_STRIP)]


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_pixels_round_trip_exactly(mode: str, width: int, height: int) -> None:
    image = noisy(mode, width, height)
    data = png_writer.encode_image(image, level=1)
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    assert (decoded.format, decoded.mode, decoded.size) == ("PNG", mode, (width, height))
    assert decoded.tobytes() == image.tobytes()


def test_only_ihdr_idat_iend_and_several_idat_for_big_images() -> None:
    image = noisy("RGBA", 1024, 600)  # ~2.4 MB of incompressible rows
    kinds = chunks(png_writer.encode_image(image, level=1))
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert set(kinds[1:-1]) == {b"IDAT"} and len(kinds) > 3


def test_header_says_8_bit_no_interlace() -> None:
    data = png_writer.encode_image(Image.new("RGB", (5, 4), (1, 2, 3)))
    assert struct.unpack(">IIBBBBB", data[16:29]) == (5, 4, 8, 2, 0, 0, 0)


def test_other_modes_and_empty_images_are_refused() -> None:
    with pytest.raises(ValueError):
        png_writer.encode_image(Image.new("L", (2, 2)))
    with pytest.raises(ValueError):
        png_writer.encode("RGB", 0, 1, lambda top, bottom: b"")


def test_sanitized_png_keeps_pixels_and_drops_every_other_chunk() -> None:
    image = noisy("RGBA", 64, 48)
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "secret")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=text, exif=exif, icc_profile=b"secret")
    clean = imaging.sanitize(out.getvalue() + b"trailing secret", "input")
    assert clean.content_type == "image/png" and (clean.width, clean.height) == (64, 48)
    assert chunks(clean.body) == [b"IHDR", b"IDAT", b"IEND"]
    assert b"secret" not in clean.body
    assert Image.open(io.BytesIO(clean.body)).tobytes() == image.tobytes()
