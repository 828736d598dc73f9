"""A QR code as inline SVG (segno), for a page and its printout: no image file, no script."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str, *, title: str, scale: int = 4) -> SafeString:
    """`text` (an address) as a QR code with medium error correction: an `<svg class="qr">`
    titled `title` for screen readers, dark on white so it scans from paper too."""
    svg = segno.make(text, error="m").svg_inline(
        scale=scale, light="#fff", title=title, svgclass="qr"
    )
    # segno's SVG holds only path data and the title, which segno escapes.
    return mark_safe(svg)
