"""The default tree of appeal topics (data/categories.csv), loaded idempotently."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from esep.appeals.models import Category

DATA = Path(__file__).parent / "data" / "categories.csv"
NAMES = ("name_kk", "name_ru", "name_en")


@transaction.atomic
def load_categories(path: Path | None = None) -> int:
    """Create the missing categories (parents come first in the file); existing ones, which
    the central office may have renamed, are left alone. Returns how many were created."""
    existing = {c.code: c for c in Category.objects.all()}
    created = 0
    with (path or DATA).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in existing:
                continue
            fields = {"code": row["code"], **{name: row[name] for name in NAMES}}
            if row["parent"]:
                parent = Category.objects.get(pk=existing[row["parent"]].pk)
                node = Category.objects.add_child(parent, fields)
            else:
                node = Category.objects.add_root(fields)
            existing[node.code] = node
            created += 1
    return created
