"""The workbooks offered on a road map's import pages, written as appeals' template is
(`lib.tables.xlsx_template`): the columns the importer reads, headed in the user's
language, one example row that imports as it is, and the values each coded column takes as
a drop-down list of their labels in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.lib.sheets import Vocabulary
from esep.lib.tables import TemplateColumn, xlsx_template
from esep.org.models import Territory
from esep.programme.models import Aggregation, Direction, Indicator, Observation, RoadMap
from esep.programme.plans.imports import (
    OBSERVATION_COLUMNS,
    OBSERVATION_HEADERS,
    OBSERVATIONS,
    ROAD_MAP,
    ROAD_MAP_HEADERS,
    state_bodies,
)

WIDTHS = {
    "measure_title_kk": 40,
    "measure_title_ru": 40,
    "measure_title_en": 40,
    "indicator_title_kk": 40,
    "indicator_title_ru": 40,
    "indicator_title_en": 40,
    "state_body": 30,
    "territory": 30,
    "responsible": 30,
    "milestones": 30,
    "period": 22,
    "source": 30,
}


def labels(choices: Any) -> list[str]:
    return [entry.label for entry in Vocabulary.of_choices(choices).entries]


def territory_names(road_map: RoadMap) -> list[str]:
    return [
        t.name
        for t in Territory.objects.filter(path__startswith=road_map.territory.path).order_by("path")
    ]


def road_map_prompts() -> dict[str, str]:
    date = _("2023-12-31 or 31.12.2023.")
    return {
        "measure_code": _(
            "The measure's code, new in the road map. Repeat it, with the measure's cells or "
            "without them, on a row for each of its indicators."
        ),
        "state_body": _("Its code or its name. May stay empty."),
        "deadline": date,
        "weight": _("A positive number; empty: measures count equally."),
        "territory": _("KATO code or name, within the road map's territory."),
        "responsible": _(
            "Surname, name and patronymic of members of the branch, divided by “;”. May stay empty."
        ),
        "promises": _("The codes of the programme's promises, divided by “;”."),
        "indicator_code": _("The indicator's code, new in the road map."),
        "direction": _("Increase, decrease, keep within a band or yes or no."),
        "band_low": _("For a band only: its lower and upper bound."),
        "baseline_on": date,
        "target_on": _("After the baseline's date: 2023-12-31 or 31.12.2023."),
        "aggregation": _("How the regions add up. Empty: sum."),
        "milestones": _("Date and value, divided by “;”: 2022-12-31: 50; 2023-06-30: 75"),
    }


def road_map_template(road_map: RoadMap) -> bytes:
    """The template of a road map's measures and indicators, in the active language."""
    texts = road_map_prompts()
    texts["band_high"] = texts["band_low"]
    start = max(road_map.approved_on, dt.date(timezone.localdate().year, 1, 1))
    end = dt.date(start.year + 2, 12, 31)
    example = {
        "measure_code": "M-EXAMPLE",
        "measure_title_kk": _("Example measure, in Kazakh"),
        "measure_title_ru": _("Example measure, in Russian"),
        "deadline": f"{end:%d.%m.%Y}",
        "weight": 1,
        "territory": road_map.territory.kato,
        "indicator_code": "I-EXAMPLE",
        "indicator_title_kk": _("Example indicator, in Kazakh"),
        "indicator_title_ru": _("Example indicator, in Russian"),
        "unit": "%",
        "direction": str(Direction.INCREASE.label),
        "baseline": 0,
        "baseline_on": start.isoformat(),
        "target": 100,
        "target_on": end.isoformat(),
        "aggregation": str(Aggregation.SUM.label),
        "milestones": f"{dt.date(start.year + 1, 12, 31).isoformat()}: 50",
    }
    listed = {
        "state_body": [entry.label for entry in state_bodies().entries],
        "territory": territory_names(road_map),
        "direction": labels(Direction),
        "aggregation": labels(Aggregation),
    }
    columns = [
        TemplateColumn(
            header=ROAD_MAP_HEADERS[name],
            choices=listed.get(name, ()),
            prompt=texts.get(name, ""),
            required=name in ROAD_MAP.required,
            width=WIDTHS.get(name, 16),
        )
        for name in ROAD_MAP.codes
    ]
    return xlsx_template(
        _("Road map"),
        columns,
        [example.get(name, "") for name in ROAD_MAP.codes],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )


def observations_template(road_map: RoadMap) -> bytes:
    """The template of a road map's observations, in the active language: the example is
    last year's value of its first indicator, at its baseline."""
    indicators = list(
        Indicator.objects.filter(measure__road_map=road_map).order_by("measure__code", "code")
    )
    first = indicators[0] if indicators else None
    year = timezone.localdate().year - 1
    example = {
        "indicator": first.code if first else "",
        "territory": road_map.territory.kato,
        "period": f"{year}",
        "value": first.baseline if first else 0,
        "status": str(Observation.Kind.ACTUAL.label),
        "source": _("Statistics office"),
    }
    texts = {
        "indicator": _("The indicator's code in the road map."),
        "territory": _("KATO code or name, within the road map's territory."),
        "period": _("2022, 2022-Q3, 2022-05, 2022-03-31 or 2022-01-01/2022-03-31."),
        "status": _("Actual, provisional or estimated. Empty: actual."),
        "numerator": _("For an indicator recomputed from its numerator and denominator."),
    }
    texts["denominator"] = texts["numerator"]
    listed = {
        "indicator": [i.code for i in indicators],
        "territory": territory_names(road_map),
        "status": labels(Observation.Kind),
    }
    columns = [
        TemplateColumn(
            header=OBSERVATION_HEADERS[name],
            choices=listed.get(name, ()),
            prompt=texts.get(name, ""),
            required=name in OBSERVATIONS.required,
            width=WIDTHS.get(name, 16),
        )
        for name in OBSERVATION_COLUMNS
    ]
    return xlsx_template(
        _("Observations"),
        columns,
        [example.get(name, "") for name in OBSERVATION_COLUMNS],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )
