"""A published report as a PDF (fpdf2): its facts, figures and press release in the reader's
language. The PDF embeds a Unicode TrueType font (settings.PDF_FONT, DejaVu Sans by default)
so Kazakh and Russian letters print as they are written; without the font there is no PDF,
and `esep check` says which file is missing."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from esep.figures.models import PublishedReport
from esep.figures.reports import figure_table, press_release
from esep.figures.templatetags.press import figure_value
from esep.frame.fonts import font_files, missing_font

FAMILY = "esep"


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(90)
        self.cell(0, 6, f"esep · {self.page_no()}/{{nb}}", align="C")


def report_pdf(report: PublishedReport, language: str) -> bytes:
    """The report as a PDF in `language` (kk, ru or en)."""
    if problem := missing_font():
        raise ImproperlyConfigured(problem)
    with translation.override(language):
        pdf = _Document(format="A4")
        pdf.set_title(report.title)
        pdf.set_lang(language)
        pdf.set_creation_date(report.published_at or timezone.now())
        for style, path in font_files().items():
            pdf.add_font(FAMILY, style, str(path))
        pdf.set_margins(18, 18, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_page()
        pdf.set_font(FAMILY, "B", 15)
        pdf.multi_cell(0, 8, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        _facts(pdf, report)
        pdf.ln(4)
        _figures(pdf, report, language)
        pdf.ln(4)
        release = press_release(report, language)
        pdf.set_font(FAMILY, "B", 12)
        pdf.cell(0, 8, _("Press release"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if not release.published:
            pdf.set_font(FAMILY, size=9)
            pdf.multi_cell(0, 5, str(PRESS_NOTE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        pdf.set_font(FAMILY, size=11)
        pdf.multi_cell(0, 6, release.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return bytes(pdf.output())


# The same words as the report page's note beside an English press release.
PRESS_NOTE = gettext_lazy(
    "The press release is published in Kazakh and Russian; this English text is drafted "
    "from the published figures."
)


def _facts(pdf: FPDF, report: PublishedReport) -> None:
    facts = [
        (_("Scope"), report.scope_name),
        (_("Period"), f"{report.period_start:%d.%m.%Y}–{report.period_end:%d.%m.%Y}"),
        (_("Published by"), report.branch.name),
        (_("Figures frozen"), f"{timezone.localtime(report.frozen_at):%d.%m.%Y %H:%M}"),
        (
            _("Published"),
            f"{timezone.localtime(report.published_at):%d.%m.%Y %H:%M}"
            if report.published_at
            else "—",
        ),
        ("SHA-256", report.sha256),
    ]
    pdf.set_font(FAMILY, size=10)
    with pdf.table(col_widths=(1, 3), first_row_as_headings=False, line_height=6) as table:
        for name, value in facts:
            row = table.row()
            row.cell(name)
            row.cell(value)


def _figures(pdf: FPDF, report: PublishedReport, language: str) -> None:
    header, _rows = figure_table(report, language)
    pdf.set_font(FAMILY, size=10)
    with pdf.table(col_widths=(4, 1), text_align=("LEFT", "RIGHT"), line_height=6) as table:
        head = table.row()
        head.cell(header[1])
        head.cell(header[2])
        for f in report.figures_in(language):
            row = table.row()
            row.cell(f["label"])
            row.cell(figure_value(f["value"], f["unit"]))
