"""A published report for anyone: its press release in the page's language, its charts, and
its files (PDF with an embedded Unicode font that prints Kazakh letters, XLSX)."""

import datetime as dt
import io
import re
import zlib

import pytest
import time_machine
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from openpyxl import load_workbook

from esep.figures import press, reports
from esep.figures.compute import parse_scope
from esep.figures.periods import Period
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
KAZAKH = "әғқңөұүһі"
PRESS_KK = "Атырау облысында өтініштер қаралды: ә ғ қ ң ө ұ ү һ і — Әбілқайыр, Ұлытау, Һ."
PRESS_RU = "В Атырауской области рассмотрено обращений: 6."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def report(world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    period = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    draft = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=period, codes=press.FIGURES
    )
    return reports.publish(actor=analyst, report=draft, press_kk=PRESS_KK, press_ru=PRESS_RU)


def _page(client, language, report):
    return client.get(f"/{language}/figures/reports/{report.pk}/")


def test_the_press_release_follows_the_page_language(client, report):
    kk, ru, en = (_page(client, language, report) for language in ("kk", "ru", "en"))
    assert PRESS_KK in kk.content.decode() and PRESS_RU not in kk.content.decode()
    assert PRESS_RU in ru.content.decode() and PRESS_KK not in ru.content.decode()
    english = en.content.decode()
    assert PRESS_KK not in english and PRESS_RU not in english
    assert en.context["press"].language == "en" and not en.context["press"].published
    # Drafted from the published figures, with the number grammar of the kk and ru drafts.
    text = en.context["press"].text
    assert "received 6 appeals, of which 2 were resolved positively (33.3%)" in text
    assert "2 receptions were held, at which 52 people were received" in text
    assert "1 acute social issue was taken under party control" in text
    assert '<div lang="en">' in english and "drafted from the published figures" in english


def test_the_report_page_shows_its_charts(client, report):
    page = _page(client, "ru", report)
    assert page.context["charts"] == ["counts", "shares"]
    for kind in ("counts", "shares"):
        url = f"/ru/figures/reports/{report.pk}/chart-{kind}.svg"
        assert url in page.content.decode()
        chart = client.get(url)
        assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
        assert b"<script" not in chart.content
    counts = client.get(f"/ru/figures/reports/{report.pk}/chart-counts.svg").content.decode()
    assert "Поступило обращений" in counts


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match[1]))
        except zlib.error:
            out.append(match[1])
    return out


def test_the_report_downloads_as_a_pdf_that_prints_kazakh(client, report):
    response = client.get(f"/kk/figures/reports/{report.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"report-{report.pk}-atyrau-20210101-20211231-kk.pdf" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    # The TrueType font is embedded, and its glyphs map back to every Kazakh letter.
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf
    maps = b"".join(s for s in _streams(pdf) if b"beginbfchar" in s or b"beginbfrange" in s)
    for letter in KAZAKH:
        assert f"<{ord(letter):04X}>".encode() in maps, letter
    # In English, the English press release.
    english = client.get(f"/en/figures/reports/{report.pk}/report.pdf").content
    assert english.startswith(b"%PDF") and english != pdf


def test_without_its_font_no_pdf_is_written_and_check_says_why(client, report, settings):
    settings.PDF_FONT = "/nowhere/DejaVuSans.ttf"
    warnings = [m for m in checks.run_checks() if m.id == "frame.W001"]
    assert warnings and "/nowhere/DejaVuSans.ttf" in warnings[0].msg
    with pytest.raises(ImproperlyConfigured, match="PDF_FONT"):
        client.get(f"/kk/figures/reports/{report.pk}/report.pdf")


def test_the_report_downloads_as_xlsx_in_the_page_language(client, report):
    response = client.get(f"/ru/figures/reports/{report.pk}/report.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Код", "Показатель")
    received = next(row for row in rows if row[0] == "appeals.received")
    assert received[1] == "Поступило обращений" and received[2] == 6  # a number, not text


def test_only_published_reports_have_files(client, world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    period = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    draft = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=period, codes=["appeals.received"]
    )
    for tail in ("report.pdf", "report.xlsx", "chart-counts.svg"):
        assert client.get(f"/kk/figures/reports/{draft.pk}/{tail}").status_code == 404
