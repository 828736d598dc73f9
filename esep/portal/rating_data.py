"""A published month of the deputies' rating as open data, CSV or JSON: each deputy's latest
published revision with the public fields the rating page shows — name, body, convocation,
role, days in office, score, band, peers and the components as computed (weight, standard,
raw, normalised and score of each) —, never a person's IIN, birth date, age, sex or
contacts. Written as it is read, a batch at a time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import timezone

from esep.deputies.models import Snapshot
from esep.lib.listing import batched
from esep.lib.tables import csv_lines
from esep.portal.rating import month_key, parse_month, public_snapshots, published_months

OPEN_DATA_FIELDS = [
    "month",
    "revision",
    "published_on",
    "method_version",
    "person_id",
    "surname",
    "given_name",
    "patronymic",
    "body",
    "body_level",
    "convocation",
    "role",
    "days_in_office",
    "score",
    "band",
    "peers",
    "components",
]


def open_data_rows(month: dt.date) -> Iterator[dict[str, Any]]:
    """A published month as open data: each deputy's latest published revision, with the
    public fields alone, a batch at a time."""
    snapshots = public_snapshots(Snapshot.objects.latest_published().filter(month=month))
    for batch in batched(snapshots, 500):
        for s in batch:
            published_at = s.publication.published_at if s.publication else None
            yield {
                "month": month_key(s.month),
                "revision": s.revision,
                "published_on": timezone.localdate(published_at).isoformat()
                if published_at
                else None,
                "method_version": s.method.version,
                "person_id": s.mandate.person_id,
                "surname": s.mandate.person.surname,
                "given_name": s.mandate.person.given_name,
                "patronymic": s.mandate.person.patronymic,
                "body": s.mandate.convocation.body.code,
                "body_level": s.level,
                "convocation": s.mandate.convocation.number,
                "role": s.role,
                "days_in_office": s.days_in_office,
                "score": None if s.score is None else float(s.score),
                "band": s.band,
                "peers": s.peers,
                "components": s.components or {},
            }


def _csv_cell(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def download(request: HttpRequest, month: str, fmt: str) -> StreamingHttpResponse:
    """A published month of the rating as CSV or JSON (only what the page shows)."""
    day = parse_month(month)
    if day is None or day not in published_months() or fmt not in ("csv", "json"):
        raise Http404
    rows = open_data_rows(day)
    if fmt == "csv":
        body: Iterator[str] = csv_lines(
            OPEN_DATA_FIELDS, ([_csv_cell(row[f]) for f in OPEN_DATA_FIELDS] for row in rows)
        )
        content_type = "text/csv; charset=utf-8"
    else:
        body = _json_lines(rows)
        content_type = "application/json; charset=utf-8"
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="esep-rating-{month}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"
