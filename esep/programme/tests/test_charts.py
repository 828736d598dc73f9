"""The indicator chart: well-formed SVG with its title and description, every observed value
drawn, the expected path dashed through the milestones, and nothing to run or fetch."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from esep.programme.charts import indicator_chart
from esep.programme.models import Direction, Indicator, Milestone, Observation
from esep.programme.progress import indicators_progress, indicators_series

SVG = "{http://www.w3.org/2000/svg}"
HALFWAY = dt.date(2022, 7, 2)


def _observe(world, value, end):
    Observation.objects.create(
        indicator=world.indicator,
        territory=world.road_map.territory,
        period_start=end.replace(day=1),
        period_end=end,
        value=Decimal(value),
        source="Akimat report",
        recorded_by=world.head,
    )


def _chart(world, indicator=None, on=dt.date(2023, 1, 1)):
    indicator = indicator or world.indicator
    progress = indicators_progress([indicator], on=on)[indicator.pk]
    series = indicators_series([indicator], on=on)[indicator.pk]
    return ET.fromstring(indicator_chart(indicator, progress, series))


def test_the_chart_is_svg_with_its_title_and_a_description_in_words(world):
    translation.activate("en")
    _observe(world, 70, dt.date(2021, 12, 31))
    _observe(world, 80, HALFWAY)
    svg = _chart(world)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("viewBox") == "0 0 480 300"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text == "Share of villages with clean water"
    assert desc is not None and desc.text is not None
    assert "Baseline: 60 %" in desc.text
    assert "Target: 100 %" in desc.text
    assert "Latest value: 80 %" in desc.text
    assert "Pace: on track." in desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_every_observed_value_is_a_point_on_a_joined_line(world):
    translation.activate("en")
    _observe(world, 70, dt.date(2021, 12, 31))
    _observe(world, 80, HALFWAY)
    svg = _chart(world)
    points = svg.findall(f".//{SVG}circle[@class='observation']")
    assert len(points) == 2
    assert [p.find(f"{SVG}title").text for p in points] == [  # type: ignore[union-attr]
        "70 % for the period ending 12/31/2021",
        "80 % for the period ending 07/02/2022",
    ]
    assert svg.find(f".//{SVG}polyline[@class='observed']") is not None
    # The later value is drawn higher (a smaller y) and to the right.
    (x1, y1), (x2, y2) = ((float(p.get("cx", 0)), float(p.get("cy", 0))) for p in points)
    assert x2 > x1 and y2 < y1


def test_the_expected_path_is_dashed_and_passes_the_milestones(world):
    Milestone.objects.create(indicator=world.indicator, due_on=dt.date(2022, 1, 1), value=90)
    svg = _chart(world)
    expected = svg.find(f".//{SVG}polyline[@class='expected']")
    assert expected is not None and expected.get("stroke-dasharray")
    assert len(expected.get("points", "").split()) == 3  # baseline, milestone, target
    assert len(svg.findall(f".//{SVG}polygon[@class='milestone']")) == 1


def test_without_observations_the_chart_says_so(world):
    translation.activate("en")
    svg = _chart(world)
    assert not svg.findall(f".//{SVG}circle[@class='observation']")
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and "No value recorded yet." in (desc.text or "")
    assert "Pace: not yet known." in (desc.text or "")


def test_the_chart_runs_and_fetches_nothing(world):
    _observe(world, 70, dt.date(2021, 12, 31))
    markup = indicator_chart(world.indicator, None, [(dt.date(2021, 12, 31), Decimal(70))])
    for forbidden in ("<script", "href", "@import", "url(", "<style", "style=", "on"):
        if forbidden == "on":
            assert " onload=" not in markup and " onclick=" not in markup
        else:
            assert forbidden not in markup


def test_text_in_the_chart_is_escaped(world):
    Indicator.objects.filter(pk=world.indicator.pk).update(
        title_kk='Су <b>"таза"</b> & ауыл', unit="<m³>"
    )
    world.indicator.refresh_from_db()
    markup = indicator_chart(world.indicator, None, [(HALFWAY, Decimal(80))])
    svg = ET.fromstring(markup)
    assert svg.find(f"{SVG}title").text == 'Су <b>"таза"</b> & ауыл'  # type: ignore[union-attr]
    assert "<b>" not in markup


def test_yes_no_and_band_indicators_draw_too(world):
    translation.activate("en")
    common = dict(
        measure=world.measure,
        title_kk="x",
        title_ru="x",
        baseline_on=dt.date(2021, 1, 1),
        target_on=dt.date(2023, 12, 31),
    )
    yes_no = Indicator.objects.create(
        code="LAW", unit="", direction=Direction.YES_NO, baseline=0, target=1, **common
    )
    band = Indicator.objects.create(
        code="INFL",
        unit="%",
        direction=Direction.BAND,
        band_low=4,
        band_high=6,
        baseline=9,
        target=5,
        **common,
    )
    yes_no_svg = ET.fromstring(indicator_chart(yes_no, None, [(HALFWAY, Decimal(1))]))
    labels = [text.text for text in yes_no_svg.iter(f"{SVG}text")]
    assert "yes" in labels and "no" in labels
    band_svg = ET.fromstring(indicator_chart(band, None, [(HALFWAY, Decimal(7))]))
    desc = band_svg.find(f"{SVG}desc")
    assert desc is not None and "To be kept between 4 % and 6 %." in (desc.text or "")
