"""Reading a QR code from a camera frame (the officer's phone sent a JPEG when its browser has no
BarcodeDetector). zxing-cpp does the decoding (wheels for Linux and Windows, no system library)."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 3 * 1024 * 1024  # a phone frame as JPEG is ~100-400 KB
MAX_PIXELS = 4096 * 4096  # far above any camera frame; refuses a decompression bomb early
MAX_SIDE = 1600  # larger frames are scaled down first: faster and still enough for a QR at arm's length


def decode_image(data: bytes) -> str | None:
    """The text of the first QR code in the image, or None (no code found, or not an image we read)."""
    if not data or len(data) > MAX_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ("JPEG", "PNG", "WEBP") or img.width * img.height > MAX_PIXELS:
                return None
            img = img.convert("L")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    if max(img.size) > MAX_SIDE:
        img.thumbnail((MAX_SIDE, MAX_SIDE))
    for found in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode):
        if found.text:
            return found.text
    return None
