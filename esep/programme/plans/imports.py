"""Importing into a road map from spreadsheets, read as every import reads one
(`esep.lib.sheets`: XLSX, or CSV in UTF-8 or Windows-1251, comma or semicolon; headers by
code, by esep's header in any language or as people write them in Kazakh and Russian).

A road map's measures and indicators (`import_road_map`), as the akimat sends them: one row
per indicator, the measure's columns repeated on each row of its indicators (a later row
may leave them empty; if it fills one in, it must say the same). A row with no indicator
cells is a measure without indicators yet.

- measure: code (new in the road map), title in Kazakh and Russian (English optional), the
  responsible state body (its code or its name in any language; optional), deadline,
  weight (optional, positive), territory (KATO code or name, within the road map's),
  responsible people (optional: full names as «Surname Name Patronymic», several divided
  by «;», each a member or post holder of the road map's branch or below — names only, an
  IIN is never asked for), promises (their codes in the programme, divided by «;» or «,»);
- indicator: code (new in the road map), title in Kazakh and Russian (English optional),
  unit, direction (code or label in kk/ru/en: increase, decrease, band, yes/no), band from
  and to (a band's bounds, for a band only), baseline and its date, target and its date
  (after the baseline's), aggregation (optional, sum by default), milestones as
  «2022-12-31: 50; 2023-12-31: 75».

A road map's observations in long format (`import_observations`): indicator code, territory
(KATO or name), period, value, status (actual, provisional, estimated — code or label in
kk/ru/en; actual when empty), source, numerator and denominator (optional). A period is a
year «2022», a quarter «2022-Q3», a month «2022-05», a day «2022-03-31» or «31.03.2022»,
or any span of days «2022-01-01/2022-03-31» (ISO 8601; dd.mm.yyyy as well). A value
already recorded for the same indicator, territory and period is replaced, and kept.

Dates are ISO 8601 or dd.mm.yyyy (`lib.dates`), from 1991 to 2100; numbers as 1234.5 or
1 234,5. Every row is checked first and every problem reported with its row; the records
are then written through the road map's actions (`plans.actions`) in one transaction: all
rows or none."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.appeals.models import StateBody
from esep.lib import checks
from esep.lib.dates import NotADate, month_end, read_moment
from esep.lib.folding import Fold, fold_words
from esep.lib.sheets import (
    Cells,
    Columns,
    ImportFailed,
    Parsed,
    Vocabulary,
    read_day,
    read_number,
    read_rows,
)
from esep.org.models import Person, Territory
from esep.programme.models import (
    Aggregation,
    Direction,
    Indicator,
    Measure,
    Observation,
    Promise,
    RoadMap,
)
from esep.programme.plans import actions, rules

if TYPE_CHECKING:
    from esep.access.models import User

Progress = Callable[[int, int], None]

FIRST_DAY = checks.FIRST_DAY
LAST_DAY = checks.LAST_DAY

# ---------------------------------------------------------------- the road map's columns

MEASURE_COLUMNS = [
    "measure_code",
    "measure_title_kk",
    "measure_title_ru",
    "measure_title_en",
    "state_body",
    "deadline",
    "weight",
    "territory",
    "responsible",
    "promises",
]
INDICATOR_COLUMNS = [
    "indicator_code",
    "indicator_title_kk",
    "indicator_title_ru",
    "indicator_title_en",
    "unit",
    "direction",
    "band_low",
    "band_high",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "aggregation",
    "milestones",
]
ROAD_MAP_HEADERS = {
    "measure_code": gettext_lazy("Measure code"),
    "measure_title_kk": gettext_lazy("Measure in Kazakh"),
    "measure_title_ru": gettext_lazy("Measure in Russian"),
    "measure_title_en": gettext_lazy("Measure in English"),
    "state_body": gettext_lazy("Responsible state body"),
    "deadline": gettext_lazy("Deadline"),
    "weight": gettext_lazy("Weight"),
    "territory": gettext_lazy("Territory"),
    "responsible": gettext_lazy("Responsible people"),
    "promises": gettext_lazy("Promises"),
    "indicator_code": gettext_lazy("Indicator code"),
    "indicator_title_kk": gettext_lazy("Indicator in Kazakh"),
    "indicator_title_ru": gettext_lazy("Indicator in Russian"),
    "indicator_title_en": gettext_lazy("Indicator in English"),
    "unit": gettext_lazy("Unit"),
    "direction": gettext_lazy("Direction"),
    "band_low": gettext_lazy("Band from"),
    "band_high": gettext_lazy("Band to"),
    "baseline": gettext_lazy("Baseline"),
    "baseline_on": gettext_lazy("Baseline date"),
    "target": gettext_lazy("Target"),
    "target_on": gettext_lazy("Target date"),
    "aggregation": gettext_lazy("Regions add up by"),
    "milestones": gettext_lazy("Milestones"),
}
# Headers as akimats and branches write them in Kazakh and Russian.
ROAD_MAP_ALIASES = {
    "measure_code": ["іс-шара коды", "іс-шара нөмірі", "код мероприятия", "номер мероприятия"],
    "measure_title_kk": ["іс-шара", "іс-шараның атауы", "мероприятие на казахском"],
    "measure_title_ru": ["мероприятие", "наименование мероприятия", "іс-шара орыс тілінде"],
    "measure_title_en": ["мероприятие на английском", "іс-шара ағылшын тілінде"],
    "state_body": [
        "жауапты мемлекеттік орган",
        "жауапты орган",
        "ответственный государственный орган",
        "ответственный орган",
        "ответственный исполнитель",
    ],
    "deadline": ["мерзімі", "орындау мерзімі", "срок", "срок исполнения"],
    "weight": ["салмағы", "вес"],
    "territory": ["аумақ", "қато", "территория", "като"],
    "responsible": ["жауапты адамдар", "жауаптылар", "ответственные лица", "ответственные"],
    "promises": ["уәделер", "уәде коды", "обещания", "код обещания"],
    "indicator_code": ["индикатор коды", "көрсеткіш коды", "код индикатора", "код показателя"],
    "indicator_title_kk": ["индикатор", "көрсеткіш", "индикатор на казахском"],
    "indicator_title_ru": ["показатель", "наименование индикатора", "индикатор орыс тілінде"],
    "indicator_title_en": ["индикатор на английском", "индикатор ағылшын тілінде"],
    "unit": ["өлшем бірлігі", "единица измерения", "ед. изм."],
    "direction": ["бағыты", "направление"],
    "band_low": ["шектен бастап", "нижняя граница"],
    "band_high": ["шекке дейін", "верхняя граница"],
    "baseline": ["базалық мән", "базовое значение"],
    "baseline_on": ["базалық мән күні", "дата базового значения"],
    "target": ["нысаналы мән", "целевое значение"],
    "target_on": ["нысаналы мән күні", "дата целевого значения"],
    "aggregation": ["өңірлер қалай қосылады", "агрегация"],
    "milestones": ["аралық мәндер", "промежуточные значения", "вехи"],
}
ROAD_MAP_REQUIRED = frozenset(
    {
        "measure_code",
        "measure_title_kk",
        "measure_title_ru",
        "deadline",
        "territory",
        "indicator_code",
        "indicator_title_kk",
        "indicator_title_ru",
        "unit",
        "direction",
        "baseline",
        "baseline_on",
        "target",
        "target_on",
    }
)
ROAD_MAP = Columns(
    [*MEASURE_COLUMNS, *INDICATOR_COLUMNS], ROAD_MAP_REQUIRED, ROAD_MAP_ALIASES, ROAD_MAP_HEADERS
)

# Other words people write for a direction, beside its labels.
DIRECTION_WORDS: dict[str, list[str]] = {
    Direction.INCREASE: ["up", "рост", "увеличение", "өсу", "арту"],
    Direction.DECREASE: ["down", "снижение", "уменьшение", "төмендеу", "азаю"],
    Direction.BAND: ["band", "в пределах", "коридор", "шектерде"],
    Direction.YES_NO: ["yes/no", "да/нет", "иә/жоқ"],
}

# ---------------------------------------------------------------- the observations' columns

# Other words people write for an observation's status, beside its labels.
KIND_WORDS: dict[str, list[str]] = {
    Observation.Kind.ACTUAL: ["факт", "фактическое", "фактическое значение", "нақты"],
    Observation.Kind.PROVISIONAL: ["предварительное", "предварительно", "алдын ала"],
    Observation.Kind.ESTIMATED: ["оценка", "оценочное", "бағалау", "бағалаулы"],
}

OBSERVATION_COLUMNS = [
    "indicator",
    "territory",
    "period",
    "value",
    "status",
    "source",
    "numerator",
    "denominator",
]
OBSERVATION_HEADERS = {
    "indicator": gettext_lazy("Indicator code"),
    "territory": gettext_lazy("Territory"),
    "period": gettext_lazy("Period"),
    "value": gettext_lazy("Value"),
    "status": gettext_lazy("Status"),
    "source": gettext_lazy("Source"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
}
OBSERVATION_ALIASES = {
    "indicator": ["индикатор", "көрсеткіш", "индикатор коды", "код индикатора", "показатель"],
    "territory": ["аумақ", "қато", "территория", "като"],
    "period": ["кезең", "период"],
    "value": ["мәні", "мән", "значение"],
    "status": ["мәртебе", "статус"],
    "source": ["дереккөз", "көзі", "источник"],
    "numerator": ["алымы", "числитель"],
    "denominator": ["бөлімі", "знаменатель"],
}
OBSERVATIONS = Columns(
    OBSERVATION_COLUMNS,
    frozenset({"indicator", "territory", "period", "value", "source"}),
    OBSERVATION_ALIASES,
    OBSERVATION_HEADERS,
)

LIST_SEPARATORS = re.compile(r"[;\n]")
PROMISE_SEPARATORS = re.compile(r"[;,\n]")


def territories() -> Vocabulary:
    return Vocabulary.of_names(Territory.objects.order_by("path"), "kato")


def state_bodies() -> Vocabulary:
    return Vocabulary.of_names(StateBody.objects.filter(is_active=True).order_by("code"), "code")


def directions() -> Vocabulary:
    return Vocabulary.of_choices(Direction, DIRECTION_WORDS)


def territory_in(cells: Cells, known: Vocabulary, road_map: RoadMap) -> Territory | None:
    """The territory the row's territory cell names, within the road map's."""
    territory = cells.coded("territory", known, _("Unknown territory “%(value)s”."))
    if territory is not None and not territory.path.startswith(road_map.territory.path):
        cells.problem(
            "territory",
            _("The territory “%(value)s” lies outside the road map's.")
            % {"value": cells.text("territory")},
        )
        return None
    return territory


# ---------------------------------------------------------------- reading a road map


@dataclass
class MeasureRow:
    row: int
    code: str
    fields: dict[str, Any]
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class IndicatorRow:
    row: int
    fields: dict[str, Any]


@dataclass
class RoadMapFile:
    measures: list[MeasureRow]
    parsed: Parsed


# The measure's cells compared between the rows of one measure, and what they become.
MEASURE_FIELDS = {
    "measure_title_kk": "title_kk",
    "measure_title_ru": "title_ru",
    "measure_title_en": "title_en",
    "state_body": "state_body",
    "deadline": "deadline",
    "weight": "weight",
    "territory": "territory",
    "responsible": "responsible",
    "promises": "promises",
}
# The column an action's refusal of a field points to.
MEASURE_FIELD_COLUMNS = {
    "code": "measure_code",
    **{name: column for column, name in MEASURE_FIELDS.items()},
}
INDICATOR_FIELD_COLUMNS = {
    "code": "indicator_code",
    "title_kk": "indicator_title_kk",
    "title_ru": "indicator_title_ru",
    "title_en": "indicator_title_en",
    "unit": "unit",
    "direction": "direction",
    "band_low": "band_low",
    "band_high": "band_high",
    "baseline": "baseline",
    "baseline_on": "baseline_on",
    "target": "target",
    "target_on": "target_on",
    "aggregation": "aggregation",
    "milestones": "milestones",
}


class RoadMapReader:
    """What the rows of a road map's file say, checked against the road map."""

    def __init__(self, road_map: RoadMap) -> None:
        self.road_map = road_map
        self.territories = territories()
        self.state_bodies = state_bodies()
        self.directions = directions()
        self.aggregations = Vocabulary.of_choices(Aggregation)
        self.promises: dict[str, list[Promise]] = defaultdict(list)
        for promise in Promise.objects.filter(section__programme=road_map.programme_id):
            self.promises[fold_words(promise.code)].append(promise)
        self.measure_codes = {
            fold_words(code)
            for code in Measure.objects.filter(road_map=road_map).values_list("code", flat=True)
        }
        self.indicator_codes = {
            fold_words(code)
            for code in Indicator.objects.filter(measure__road_map=road_map).values_list(
                "code", flat=True
            )
        }
        self.people: dict[str, list[Person]] = {}

    def measure(self, cells: Cells) -> dict[str, Any]:
        """The measure's fields a row gives (a later row of a measure gives what it fills)."""
        found: dict[str, Any] = {}
        for column in ("measure_title_kk", "measure_title_ru", "measure_title_en"):
            if cells.given(column):
                found[column] = cells.text(column, max_length=10_000)
        if cells.given("state_body"):
            found["state_body"] = cells.coded(
                "state_body", self.state_bodies, _("Unknown state body “%(value)s”.")
            )
        if cells.given("deadline"):
            found["deadline"] = cells.day("deadline", first=FIRST_DAY, last=LAST_DAY)
        if cells.given("weight"):
            weight = cells.number("weight", places=3, largest=10_000)
            if weight is not None and weight <= 0:
                cells.problem("weight", _("A weight is a positive number below 10 000."))
            found["weight"] = weight
        if cells.given("territory"):
            found["territory"] = self.territory(cells)
        if cells.given("responsible"):
            found["responsible"] = self.responsible(cells)
        if cells.given("promises"):
            found["promises"] = self.promise_list(cells)
        return found

    def territory(self, cells: Cells) -> Territory | None:
        return territory_in(cells, self.territories, self.road_map)

    def promise_list(self, cells: Cells) -> list[Promise]:
        found: list[Promise] = []
        for code in filter(
            None, (c.strip() for c in PROMISE_SEPARATORS.split(cells.text("promises")))
        ):
            promises = self.promises.get(fold_words(code), [])
            if len(promises) == 1:
                found.append(promises[0])
            elif promises:
                cells.problem(
                    "promises",
                    _("Several promises of the programme have the code “%(code)s”.")
                    % {"code": code},
                )
            else:
                cells.problem(
                    "promises",
                    _("The programme has no promise “%(code)s”.") % {"code": code},
                )
        return found

    def responsible(self, cells: Cells) -> list[Person]:
        found: list[Person] = []
        for name in filter(
            None, (n.strip() for n in LIST_SEPARATORS.split(cells.text("responsible")))
        ):
            people = self.people.get(fold_words(name), [])
            if len(people) == 1:
                found.append(people[0])
            elif people:
                cells.problem(
                    "responsible",
                    _(
                        "Several people of the branch are named “%(name)s”: leave them out "
                        "of the file and choose the right one on the measure's page."
                    )
                    % {"name": name},
                )
            else:
                cells.problem(
                    "responsible",
                    _(
                        "Nobody named “%(name)s” is a member or holds a post in the road "
                        "map's branch. Write the surname, name and patronymic."
                    )
                    % {"name": name},
                )
        return found

    def load_people(self, names: Iterable[str]) -> None:
        """The people of the road map's branch the file names, by their folded full name
        and by surname and name alone."""
        surnames = {fold_words(name).split(" ")[0] for name in names if name.strip()}
        if not surnames:
            return
        people = (
            Person.objects.in_branches([self.road_map.branch.path])
            .annotate(folded_surname=Fold("surname"))
            .filter(folded_surname__in=surnames)
        )
        for person in people:
            full = fold_words(person.full_name)
            short = fold_words(f"{person.surname} {person.given_name}")
            for key in {full, short}:
                self.people.setdefault(key, []).append(person)

    def indicator(self, cells: Cells) -> dict[str, Any]:
        found: dict[str, Any] = {
            "code": cells.text("indicator_code", required=True, max_length=30),
            "title_kk": cells.text("indicator_title_kk", required=True, max_length=10_000),
            "title_ru": cells.text("indicator_title_ru", required=True, max_length=10_000),
            "title_en": cells.text("indicator_title_en", max_length=10_000),
            "unit": cells.text("unit", required=True, max_length=40),
        }
        direction = cells.coded(
            "direction",
            self.directions,
            _(
                "Unknown direction “%(value)s”: write increase, decrease, band or yes/no "
                "(in Kazakh, Russian or English)."
            ),
        )
        found["direction"] = direction
        band_low = cells.number("band_low")
        band_high = cells.number("band_high")
        if direction == Direction.BAND:
            if band_low is None or band_high is None:
                if not cells.failed:
                    cells.problem(
                        "band_low" if band_low is None else "band_high",
                        _("A band needs both its bounds."),
                    )
            elif band_low > band_high:
                cells.problem(
                    "band_high", _("The band's upper bound must not be below its lower one.")
                )
        elif direction is not None and (band_low is not None or band_high is not None):
            cells.problem(
                "band_low" if band_low is not None else "band_high",
                _("Only an indicator kept within a band has band bounds."),
            )
        found["band_low"], found["band_high"] = band_low, band_high
        found["baseline"] = cells.number("baseline", required=True)
        found["target"] = cells.number("target", required=True)
        baseline_on = cells.day("baseline_on", first=FIRST_DAY, last=LAST_DAY, required=True)
        target_on = cells.day("target_on", first=FIRST_DAY, last=LAST_DAY, required=True)
        if baseline_on and target_on and target_on <= baseline_on:
            cells.problem("target_on", _("The target date must come after the baseline date."))
        found["baseline_on"], found["target_on"] = baseline_on, target_on
        found["aggregation"] = (
            cells.coded(
                "aggregation",
                self.aggregations,
                _("Unknown way of adding up “%(value)s”."),
                required=False,
            )
            or Aggregation.SUM
        )
        found["milestones"] = self.milestones(cells)
        return found

    def milestones(self, cells: Cells) -> list[tuple[dt.date, Decimal]]:
        points: list[tuple[dt.date, Decimal]] = []
        for part in filter(
            None, (p.strip() for p in LIST_SEPARATORS.split(cells.text("milestones")))
        ):
            day_text, colon, value_text = part.rpartition(":")
            day = read_day(day_text.strip(), first=FIRST_DAY, last=LAST_DAY) if colon else ""
            value = milestone_value(value_text)
            if colon and isinstance(day, str) and day and out_of_range(day_text):
                cells.problem("milestones", day)
                continue
            if not colon or isinstance(day, str) or value is None:
                cells.problem(
                    "milestones",
                    _(
                        "Write each milestone as a date and a value, “2022-12-31: 50”, "
                        "divided by “;”: “%(value)s” is not one."
                    )
                    % {"value": part},
                )
                continue
            points.append((day, value))
        return points


def items(text: str, separators: re.Pattern[str]) -> list[str]:
    """The items of a cell listing several, divided by `separators`."""
    return [item.strip() for item in separators.split(text) if item.strip()]


def out_of_range(text: str) -> bool:
    """Whether `text` writes a date (that lies outside the dates esep takes)."""
    try:
        read_moment(text.strip())
    except NotADate:
        return False
    return True


def milestone_value(text: str) -> Decimal | None:
    try:
        number = read_number(text.strip())
    except ValueError:
        return None
    return number if abs(number) < actions.LARGEST else None


def parse_road_map(content: bytes, road_map: RoadMap) -> RoadMapFile:
    """Check every row of a road map's file; the measures it describes, each with its
    indicators, in the order of the file."""
    parsed = Parsed()
    reader = RoadMapReader(road_map)
    lines = list(read_rows(content, ROAD_MAP, parsed))
    reader.load_people(
        name
        for line in lines
        for name in LIST_SEPARATORS.split(str(line.cells.get("responsible") or ""))
    )
    measures: dict[str, MeasureRow] = {}
    indicator_rows: dict[str, int] = {}
    for line in lines:
        cells = Cells(line, parsed)
        code = cells.text("measure_code", required=True, max_length=20)
        given = reader.measure(cells)
        key = fold_words(code)
        measure = measures.get(key) if code else None
        if code and measure is None:
            if key in reader.measure_codes:
                cells.problem(
                    "measure_code",
                    _("The road map already has a measure “%(code)s”.") % {"code": code},
                )
            for column in ("measure_title_kk", "measure_title_ru", "deadline", "territory"):
                if column not in given:
                    cells.problem(column, _("The cell is empty."))
            measure = measures[key] = MeasureRow(line.number, code, given)
        elif measure is not None:
            for column, value in given.items():
                if value != measure.fields.get(column):
                    cells.problem(
                        column,
                        _("The measure “%(code)s” is given differently on row %(row)d.")
                        % {"code": code, "row": measure.row},
                    )
        if not any(cells.given(column) for column in INDICATOR_COLUMNS):
            continue  # a measure with no indicator yet
        indicator = reader.indicator(cells)
        indicator_key = fold_words(indicator["code"])
        if indicator_key in indicator_rows:
            cells.problem(
                "indicator_code",
                _("The same indicator code is on row %(row)d.")
                % {"row": indicator_rows[indicator_key]},
            )
        elif indicator_key in reader.indicator_codes:
            cells.problem(
                "indicator_code",
                _("The road map already has an indicator “%(code)s”.")
                % {"code": indicator["code"]},
            )
        elif indicator_key:
            indicator_rows[indicator_key] = line.number
        if measure is not None:
            measure.indicators.append(IndicatorRow(line.number, indicator))
    return RoadMapFile(list(measures.values()), parsed)


@dataclass(frozen=True)
class Imported:
    """What an import wrote, by record, and how many rows it read."""

    counts: dict[str, int]
    rows: int


def import_road_map(
    content: bytes, *, actor: User, road_map: RoadMap, progress: Progress | None = None
) -> Imported:
    """Check every row, then write the measures and their indicators (with milestones)
    through the road map's actions in one transaction: all or none."""
    found = parse_road_map(content, road_map)
    parsed = found.parsed
    parsed.raise_if_failed()
    total = sum(1 + len(m.indicators) for m in found.measures)
    counts = {"measures": 0, "indicators": 0, "milestones": 0}
    if progress:
        progress(0, total)
    with transaction.atomic():
        for row in found.measures:
            fields = {MEASURE_FIELDS[k]: v for k, v in row.fields.items()}
            try:
                measure = actions.add_measure(
                    actor=actor, road_map=road_map, code=row.code, **fields
                )
            except ValidationError as error:
                parsed.refused(row.row, error, MEASURE_FIELD_COLUMNS)
                continue
            counts["measures"] += 1
            for indicator in row.indicators:
                try:
                    actions.add_indicator(actor=actor, measure=measure, **indicator.fields)
                except ValidationError as error:
                    parsed.refused(indicator.row, error, INDICATOR_FIELD_COLUMNS)
                    continue
                counts["indicators"] += 1
                counts["milestones"] += len(indicator.fields["milestones"])
        # A refusal of any row leaves nothing of the file.
        parsed.raise_if_failed()
    if progress:
        progress(total, total)
    return Imported(counts, total)


# ---------------------------------------------------------------- observations

QUARTER = re.compile(r"(?P<year>\d{4})\s*-?\s*[QqКк](?P<quarter>[1-4])", re.ASCII | re.IGNORECASE)
QUARTER_FIRST = re.compile(r"[QqКк](?P<quarter>[1-4])\s*[-\s]?\s*(?P<year>\d{4})")
MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})", re.ASCII)
MONTH_DAY_FIRST = re.compile(r"(?P<month>\d{1,2})\.(?P<year>\d{4})", re.ASCII)
PERIOD_HELP = gettext_lazy(
    "Write a year (2022), a quarter (2022-Q3), a month (2022-05), a day (2022-03-31) or a "
    "span of days (2022-01-01/2022-03-31)."
)


def named_period(text: str) -> tuple[dt.date, dt.date] | None:
    """A year, a quarter or a month as written, or None. Raises ValueError for a month
    that is none."""
    if text.isdigit() and len(text) == 4:
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if match := QUARTER.fullmatch(text) or QUARTER_FIRST.fullmatch(text):
        year, quarter = int(match["year"]), int(match["quarter"])
        return dt.date(year, 3 * quarter - 2, 1), month_end(dt.date(year, 3 * quarter, 1))
    if match := MONTH.fullmatch(text) or MONTH_DAY_FIRST.fullmatch(text):
        year, month = int(match["year"]), int(match["month"])
        return dt.date(year, month, 1), month_end(dt.date(year, month, 1))
    return None


def read_period(value: Any) -> tuple[dt.date, dt.date] | str:
    """The first and last day of the period a cell names, or why it names none."""
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return within(day, day, str(value))
    text = " ".join(str(value).split())
    not_a_period = _("Not a period: “%(value)s”.") % {"value": text} + " " + str(PERIOD_HELP)
    try:
        named = named_period(text)
    except ValueError:
        return not_a_period
    if named is not None:
        return within(*named, text)
    start_text, slash, end_text = text.partition("/")
    days: list[dt.date] = []
    for part in (start_text, end_text) if slash else (start_text,):
        try:
            found = read_moment(part.strip())
        except NotADate:
            return not_a_period
        days.append(found.date() if isinstance(found, dt.datetime) else found)
    start, end = days[0], days[-1]
    if end < start:
        return _("The period “%(value)s” ends before it starts.") % {"value": text}
    return within(start, end, text)


def within(start: dt.date, end: dt.date, text: str) -> tuple[dt.date, dt.date] | str:
    if start < FIRST_DAY or end > LAST_DAY:
        return _("The date “%(value)s” is not between %(first)s and %(last)s.") % {
            "value": text,
            "first": FIRST_DAY.strftime("%d.%m.%Y"),
            "last": LAST_DAY.strftime("%d.%m.%Y"),
        }
    return start, end


def period_text(start: dt.date, end: dt.date) -> str:
    """A period as `read_period` reads it back: 2022, 2022-Q3, 2022-05, or start/end."""
    if start.day == 1 and end == month_end(end) and start.year == end.year:
        months = end.month - start.month + 1
        if months == 12:
            return f"{start.year}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year}-Q{(start.month + 2) // 3}"
        if months == 1:
            return f"{start.year}-{start.month:02d}"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()}/{end.isoformat()}"


def road_map_indicators(road_map: RoadMap) -> dict[str, list[Indicator]]:
    found: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in Indicator.objects.filter(measure__road_map=road_map).select_related(
        "measure__road_map__branch", "measure__road_map__territory"
    ):
        found[fold_words(indicator.code)].append(indicator)
        found[fold_words(f"{indicator.measure.code}/{indicator.code}")].append(indicator)
    return found


# The column an action's refusal of an observation's field points to.
OBSERVATION_FIELD_COLUMNS = {
    "territory": "territory",
    "period_start": "period",
    "period_end": "period",
    "value": "value",
    "kind": "status",
    "source": "source",
    "numerator": "numerator",
    "denominator": "denominator",
}


def parse_observations(content: bytes, road_map: RoadMap) -> Parsed:
    """Check every row of a file of observations; the rows ready for `record_observation`."""
    parsed = Parsed()
    indicators = road_map_indicators(road_map)
    known = {
        "territory": territories(),
        "status": Vocabulary.of_choices(Observation.Kind, KIND_WORDS),
    }
    seen: dict[tuple[int, int, dt.date, dt.date], int] = {}
    for line in read_rows(content, OBSERVATIONS, parsed):
        cells = Cells(line, parsed)
        code = cells.text("indicator", required=True)
        indicator = None
        if code:
            matches = indicators.get(fold_words(code), [])
            if len(matches) == 1:
                indicator = matches[0]
            elif matches:
                cells.problem(
                    "indicator",
                    _(
                        "Several indicators of the road map have the code “%(code)s”: write "
                        "the measure's code before it, as M1/%(code)s."
                    )
                    % {"code": code},
                )
            else:
                cells.problem(
                    "indicator",
                    _("The road map has no indicator “%(code)s”.") % {"code": code},
                )
        territory = (
            territory_in(cells, known["territory"], road_map)
            if cells.text("territory", required=True)
            else None
        )
        period: tuple[dt.date, dt.date] | None = None
        if cells.text("period", required=True):
            found = read_period(line.cells["period"])
            if isinstance(found, str):
                cells.problem("period", found)
            else:
                period = found
        value = cells.number("value", required=True)
        kind = (
            cells.coded(
                "status",
                known["status"],
                _("Unknown status “%(value)s”: write actual, provisional or estimated."),
                required=False,
            )
            or Observation.Kind.ACTUAL
        )
        source = cells.text("source", required=True, max_length=500)
        numerator = cells.number("numerator")
        denominator = cells.number("denominator")
        if (numerator is None) != (denominator is None) and not cells.failed:
            cells.problem(
                "numerator" if numerator is None else "denominator",
                _("Give both the numerator and the denominator, or neither."),
            )
        elif denominator == 0:
            cells.problem("denominator", _("The denominator cannot be zero."))
        if indicator is not None and territory is not None and period is not None:
            key = (indicator.pk, territory.pk, *period)
            if key in seen:
                cells.problem(
                    "period",
                    _("The same indicator, territory and period are on row %(row)d.")
                    % {"row": seen[key]},
                )
            else:
                seen[key] = line.number
        if not cells.failed:
            assert indicator is not None and territory is not None and period is not None
            parsed.rows.append(
                (
                    line.number,
                    {
                        "indicator": indicator,
                        "territory": territory,
                        "period_start": period[0],
                        "period_end": period[1],
                        "value": value,
                        "kind": kind,
                        "source": source,
                        "numerator": numerator,
                        "denominator": denominator,
                    },
                )
            )
    return parsed


def import_observations(
    content: bytes, *, actor: User, road_map: RoadMap, progress: Progress | None = None
) -> Imported:
    """Check every row, then record the observations through `record_observation` in one
    transaction: all or none. Returns how many were recorded and how many of them replace
    a value recorded before."""
    parsed = parse_observations(content, road_map)
    parsed.raise_if_failed()
    total = len(parsed.rows)
    counts = {"observations": 0, "replaced": 0}
    if progress:
        progress(0, total)

    def record(numbered: tuple[int, dict[str, Any]]) -> None:
        observation = actions.record_observation(actor=actor, **numbered[1])
        counts["observations"] += 1
        counts["replaced"] += observation.replaces_id is not None

    parsed.take(
        parsed.rows,
        record,
        row_of=lambda numbered: numbered[0],
        columns=OBSERVATION_FIELD_COLUMNS,
        progress=progress,
    )
    if progress:
        progress(total, total)
    return Imported(counts, total)


def observation_rows(road_map: RoadMap) -> Iterable[list[Any]]:
    """The road map's observations in force, in the columns the import reads (so the file
    imports back): indicator code, KATO, period, value, status, source, numerator and
    denominator."""
    observations = (
        rules.current_observations()
        .filter(indicator__measure__road_map=road_map)
        .select_related("indicator", "territory")
        .order_by("indicator__code", "territory__kato", "period_start", "period_end", "pk")
    )
    for o in observations.iterator(chunk_size=2000):
        yield [
            o.indicator.code,
            o.territory.kato,
            period_text(o.period_start, o.period_end),
            plain_number(o.value),
            o.get_kind_display(),
            o.source,
            "" if o.numerator is None else plain_number(o.numerator),
            "" if o.denominator is None else plain_number(o.denominator),
        ]


def plain_number(number: Decimal) -> Decimal | int:
    """A stored number without the trailing zeros of its four decimals: 75, 12.5."""
    return int(number) if number == number.to_integral_value() else number.normalize()


def observation_header() -> Sequence[Any]:
    return [OBSERVATION_HEADERS[name] for name in OBSERVATION_COLUMNS]


def run(
    kind: str, content: bytes, *, actor: User, road_map: RoadMap, progress: Progress | None = None
) -> Imported:
    """The import of `kind` (an `ImportJob.Kind`)."""
    do = import_road_map if kind == "road_map" else import_observations
    return do(content, actor=actor, road_map=road_map, progress=progress)


__all__ = [
    "OBSERVATIONS",
    "ROAD_MAP",
    "ImportFailed",
    "Imported",
    "import_observations",
    "import_road_map",
    "observation_rows",
    "period_text",
    "read_period",
    "run",
]
