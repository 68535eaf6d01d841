"""QR images of inspection codes, generated locally with segno (no request leaves the server)."""

from __future__ import annotations

import segno


def qr_svg_data_uri(text: str, *, scale: int = 5) -> str:
    """An SVG data URI of ``text`` as a QR code (error correction M, quiet zone kept for scanners)."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, dark="#1d2433")
