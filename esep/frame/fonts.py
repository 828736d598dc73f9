"""The TrueType font every PDF embeds — published reports, award certificates —
(settings.PDF_FONT, DejaVu Sans as matplotlib ships it by default, and PDF_FONT_BOLD): where
it is, and `esep check`'s warning when it is missing. Apart from the PDF writers so that the
check is registered when the app loads, before any model is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks


def font_files() -> dict[str, Path]:
    """The fonts the PDF embeds, by style ("" regular, "B" bold): bold is the regular font
    where no bold one is set or found."""
    regular = Path(settings.PDF_FONT)
    bold = Path(settings.PDF_FONT_BOLD) if settings.PDF_FONT_BOLD else regular
    return {"": regular, "B": bold if bold.is_file() else regular}


def missing_font() -> str:
    """Why no PDF can be written, or "" when one can."""
    regular = Path(settings.PDF_FONT)
    if not regular.is_file():
        return (
            f"The font for PDFs, {regular}, is missing: reinstall esep's dependencies "
            "(matplotlib ships DejaVu Sans) or set PDF_FONT to a TrueType font with "
            "Cyrillic and Kazakh letters."
        )
    return ""


@checks.register()
def check_font(**kwargs: Any) -> list[checks.CheckMessage]:
    problem = missing_font()
    return [checks.Warning(problem, id="frame.W001")] if problem else []
