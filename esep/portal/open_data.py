"""The promise tracker's open data: promises, measures, indicators, observations and the
history of approved changes as CSV and JSON, written as they are read (a bounded batch at a
time, never the whole file in memory). Stable field names and codes, ISO dates; no one's
personal data — no names of monitors, proposers, approvers or responsible people, no names
of uploaded files (a document is given by its SHA-256), and the texts staff typed masked as
on the pages (`tracker.masked`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from esep.appeals.models import Category
from esep.lib.listing import batched
from esep.lib.tables import csv_lines
from esep.portal.masking import masked, people_names, publisher
from esep.programme import progress
from esep.programme.models import HistoryEntry, Indicator, Measure, Promise, Status, Verdict
from esep.programme.plans.rules import current_observations

EXPORT_BATCH = 500  # records whose progress is computed at once


def _number(value: Decimal | float | None) -> int | float | None:
    """A number as a file carries it: 80.0000 → 80, 12.5000 → 12.5."""
    if value is None:
        return None
    if value == int(value):
        return int(value)
    return round(float(value), 4)


def _day(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _progress_fields(found: Any) -> dict[str, Any]:
    return {
        "attainment": _number(getattr(found, "attainment", None)),
        "pace": _number(getattr(found, "pace", None)),
        "pace_band": str(found.band) if getattr(found, "band", None) else None,
    }


def _promise_rows(names: Sequence[str]) -> Iterator[dict[str, Any]]:
    promises = Promise.objects.select_related("section__programme", "territory").prefetch_related(
        Prefetch("topics", queryset=Category.objects.order_by("path"))
    )
    today = timezone.localdate()
    for batch in batched(promises.order_by("pk"), EXPORT_BATCH):
        computed = progress.promises_progress(batch, on=today)
        for p in batch:
            yield {
                "id": p.pk,
                "programme": p.section.programme.code,
                "section": p.section.number,
                "code": p.code,
                "text_kk": p.text_kk,
                "text_ru": p.text_ru,
                "text_en": p.text_en,
                "topics": [t.code for t in p.topics.all()],
                "territory_kato": p.territory.kato,
                "due_on": _day(p.due_on),
                "status": p.status,
                "verdict": p.verdict,
                "broken_reason": p.broken_reason or None,
                **_progress_fields(computed.get(p.pk)),
            }


def _measure_rows(names: Sequence[str]) -> Iterator[dict[str, Any]]:
    measures = Measure.objects.select_related("road_map", "state_body", "territory")
    measures = measures.prefetch_related(Prefetch("promises", queryset=Promise.objects.only("pk")))
    today = timezone.localdate()
    for batch in batched(measures.order_by("pk"), EXPORT_BATCH):
        computed = progress.measures_progress(batch, on=today)
        for m in batch:
            found = computed.get(m.pk)
            yield {
                "id": m.pk,
                "road_map": m.road_map.code,
                "code": m.code,
                "title_kk": m.title_kk,
                "title_ru": m.title_ru,
                "title_en": m.title_en,
                "state_body": m.state_body.code if m.state_body else None,
                "state_body_name": m.state_body.name if m.state_body else None,
                "deadline": _day(m.deadline),
                "weight": _number(m.weight),
                "territory_kato": m.territory.kato,
                "promises": [p.pk for p in m.promises.all()],
                "status": m.status,
                "verdict": m.verdict,
                "broken_reason": m.broken_reason or None,
                **_progress_fields(found),
                "needs_verdict": bool(getattr(found, "needs_verdict", False)),
            }


def _indicator_rows(names: Sequence[str]) -> Iterator[dict[str, Any]]:
    indicators = Indicator.objects.select_related("measure__road_map").prefetch_related(
        "milestones"
    )
    today = timezone.localdate()
    for batch in batched(indicators.order_by("pk"), EXPORT_BATCH):
        computed = progress.indicators_progress(batch, on=today)
        for i in batch:
            found = computed.get(i.pk)
            yield {
                "id": i.pk,
                "measure": i.measure_id,
                "road_map": i.measure.road_map.code,
                "code": i.code,
                "title_kk": i.title_kk,
                "title_ru": i.title_ru,
                "title_en": i.title_en,
                "unit": i.unit,
                "direction": i.direction,
                "band_low": _number(i.band_low),
                "band_high": _number(i.band_high),
                "baseline": _number(i.baseline),
                "baseline_on": _day(i.baseline_on),
                "target": _number(i.target),
                "target_on": _day(i.target_on),
                "aggregation": i.aggregation,
                "milestones": [
                    {"due_on": _day(m.due_on), "value": _number(m.value)}
                    for m in i.milestones.all()
                ],
                "value": _number(getattr(found, "value", None)),
                "observed_on": _day(getattr(found, "observed_on", None)),
                "expected": _number(getattr(found, "expected", None)),
                **_progress_fields(found),
            }


def _observation_rows(names: Sequence[str]) -> Iterator[dict[str, Any]]:
    observations = current_observations().select_related("territory", "indicator")
    for o in observations.order_by("pk").iterator(chunk_size=2000):
        yield {
            "id": o.pk,
            "indicator": o.indicator_id,
            "indicator_code": o.indicator.code,
            "territory_kato": o.territory.kato,
            "period_start": _day(o.period_start),
            "period_end": _day(o.period_end),
            "value": _number(o.value),
            "numerator": _number(o.numerator),
            "denominator": _number(o.denominator),
            "kind": o.kind,
            "source": masked(o.source, names),
            "document_sha256": o.document_sha256 or None,
            "replaces": o.replaces_id,
            "recorded_at": _day(o.recorded_at),
        }


def _history_rows(names: Sequence[str]) -> Iterator[dict[str, Any]]:
    # Evidence is ordered by its change and key (its Meta).
    entries = HistoryEntry.objects.select_related("change").prefetch_related("change__evidence")
    for e in entries.order_by("at", "pk").iterator(chunk_size=500):
        evidence = e.change.evidence.all() if e.change else []
        yield {
            "id": e.pk,
            "promise": e.promise_id,
            "measure": e.measure_id,
            "at": _day(e.at),
            "old_status": e.old_status or None,
            "new_status": e.new_status or None,
            "old_verdict": e.old_verdict or None,
            "new_verdict": e.new_verdict or None,
            "broken_reason": e.broken_reason or None,
            "reason": masked(e.reason, names),
            "corrects": e.corrects_id,
            "proposed_at": _day(e.change.proposed_at) if e.change else None,
            "evidence": [
                {
                    "kind": piece.kind,
                    "title": masked(piece.title, names),
                    "url": piece.url or None,
                    "document_sha256": piece.document_sha256 or None,
                    "publisher": masked(publisher(piece), names),
                    "published_on": _day(piece.published_on),
                    "quote": masked(piece.quote, names) or None,
                }
                for piece in evidence
            ],
        }


@dataclass(frozen=True)
class OpenDataFile:
    name: str
    title: Any
    description: Any
    columns: Sequence[str]
    rows: Callable[[Sequence[str]], Iterator[dict[str, Any]]]


OPEN_DATA = [
    OpenDataFile(
        "promises",
        gettext_lazy("Promises"),
        gettext_lazy(
            "Each promise: its programme, section, code, text in three languages, topics, "
            "territory (KATO), term, approved status and verdict, computed progress and pace."
        ),
        [
            "id",
            "programme",
            "section",
            "code",
            "text_kk",
            "text_ru",
            "text_en",
            "topics",
            "territory_kato",
            "due_on",
            "status",
            "verdict",
            "broken_reason",
            "attainment",
            "pace",
            "pace_band",
        ],
        _promise_rows,
    ),
    OpenDataFile(
        "measures",
        gettext_lazy("Measures"),
        gettext_lazy(
            "Each measure of the road maps: the promises it serves, its responsible state "
            "body, deadline, weight, territory, status, verdict, progress, and whether it is "
            "past its deadline below target."
        ),
        [
            "id",
            "road_map",
            "code",
            "title_kk",
            "title_ru",
            "title_en",
            "state_body",
            "state_body_name",
            "deadline",
            "weight",
            "territory_kato",
            "promises",
            "status",
            "verdict",
            "broken_reason",
            "attainment",
            "pace",
            "pace_band",
            "needs_verdict",
        ],
        _measure_rows,
    ),
    OpenDataFile(
        "indicators",
        gettext_lazy("Indicators"),
        gettext_lazy(
            "Each target indicator: unit, direction, baseline, target, milestones, how "
            "regions add up, the last value, the value expected by now, attainment and pace."
        ),
        [
            "id",
            "measure",
            "road_map",
            "code",
            "title_kk",
            "title_ru",
            "title_en",
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
            "value",
            "observed_on",
            "expected",
            "attainment",
            "pace",
            "pace_band",
        ],
        _indicator_rows,
    ),
    OpenDataFile(
        "observations",
        gettext_lazy("Observations"),
        gettext_lazy(
            "Each measured value in force: indicator, territory (KATO), period, value, "
            "status, source, the SHA-256 of its document, the value it replaced."
        ),
        [
            "id",
            "indicator",
            "indicator_code",
            "territory_kato",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "kind",
            "source",
            "document_sha256",
            "replaces",
            "recorded_at",
        ],
        _observation_rows,
    ),
    OpenDataFile(
        "history",
        gettext_lazy("History of changes"),
        gettext_lazy(
            "Each approved change of a promise's or a measure's status or verdict: when, from "
            "what to what, why, the entry it corrects, and its evidence."
        ),
        [
            "id",
            "promise",
            "measure",
            "at",
            "old_status",
            "new_status",
            "old_verdict",
            "new_verdict",
            "broken_reason",
            "reason",
            "corrects",
            "proposed_at",
            "evidence",
        ],
        _history_rows,
    ),
]
FILES = {f.name: f for f in OPEN_DATA}


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def _csv(file: OpenDataFile, names: Sequence[str]) -> Iterator[str]:
    rows = file.rows(names)
    return csv_lines(file.columns, ([_csv_cell(row[c]) for c in file.columns] for row in rows))


def _json(file: OpenDataFile, names: Sequence[str]) -> Iterator[str]:
    yield "["
    first = True
    for row in file.rows(names):
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


# The codes the files carry, each with its name in the reader's language.
CODES = [
    (gettext_lazy("Progress statuses"), Status.choices),
    (gettext_lazy("Verdicts"), Verdict.choices),
    (gettext_lazy("Pace bands"), progress.Band.choices),
]


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/tracker/open_data.html", {"files": OPEN_DATA, "codes": CODES})


def download(request: HttpRequest, name: str, fmt: str) -> StreamingHttpResponse:
    """One open-data file, written as it is read (nothing held whole in memory)."""
    file = FILES.get(name)
    if file is None or fmt not in ("csv", "json"):
        raise Http404
    names = people_names()
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(file, names), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _json(file, names), content_type="application/json; charset=utf-8"
        )
    stem = f"esep-{name}-{timezone.localdate():%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
