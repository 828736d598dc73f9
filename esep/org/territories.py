"""Loading the shipped KATO territories (esep/org/data/territories.csv) into the tree."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from esep.org.models import Territory

DATA = Path(__file__).parent / "data" / "territories.csv"
FIELDS = ("level", "name_kk", "name_ru", "name_en", "time_zone")
CENTRE = ("latitude", "longitude")


def read_rows(path: Path | None = None) -> list[dict[str, str]]:
    with (path or DATA).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def centre(row: dict[str, str]) -> dict[str, Decimal | None]:
    return {field: Decimal(row[field]) if row.get(field) else None for field in CENTRE}


@transaction.atomic
def load_territories(path: Path | None = None) -> tuple[int, int]:
    """Create missing territories and bring names, levels and zones of existing ones up to
    date; fill in the centre of those that have none (a centre set by hand is kept);
    idempotent. Parents must come before children in the file. Returns (created,
    updated)."""
    existing = {t.kato: t for t in Territory.objects.all()}
    created = updated = 0
    for row in read_rows(path):
        values: dict[str, Any] = {field: row[field] for field in FIELDS}
        territory = existing.get(row["kato"])
        if territory is None:
            values.update(centre(row))
            parent_kato = row["parent_kato"]
            if parent_kato:
                parent = Territory.objects.get(pk=existing[parent_kato].pk)
                territory = Territory.objects.add_child(parent, {"kato": row["kato"], **values})
            else:
                territory = Territory.objects.add_root({"kato": row["kato"], **values})
            existing[row["kato"]] = territory
            created += 1
            continue
        if territory.latitude is None and territory.longitude is None:
            values.update(centre(row))
        if any(getattr(territory, f) != v for f, v in values.items()):
            Territory.objects.filter(pk=territory.pk).update(**values)
            updated += 1
    return created, updated


def fill_missing_centres(model: Any = Territory, path: Path | None = None) -> int:
    """Give territories loaded before centres were shipped the centre from the file; a
    centre set by hand is kept. Takes the model so a data migration can pass its own."""
    filled = 0
    for row in read_rows(path):
        values = centre(row)
        if values["latitude"] is not None:
            filled += model.objects.filter(
                kato=row["kato"], latitude__isnull=True, longitude__isnull=True
            ).update(**values)
    return filled
