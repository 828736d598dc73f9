"""The appeal counters and the triggers that keep them: on every insert, update and delete
of an appeal the database itself takes the old row's contribution away and adds the new
one's, on SQLite and on PostgreSQL alike, so no code path can leave them behind.

Two tables: per day, branch and territory (`figures_appealday`); and per month, branch,
territory and the value of one facet — channel, type, outcome, category
(`figures_appealmonthfacet`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from esep.figures.models import APPEAL_DAY_COUNTERS, FACETS

DAY_TABLE = "figures_appealday"
FACET_TABLE = "figures_appealmonthfacet"


def _month(row: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {row}.registered_on) AS date)"
    return f"date({row}.registered_on, 'start of month')"


def _keys(table: str, row: str, vendor: str, facet: str | None = None) -> dict[str, str]:
    if table == DAY_TABLE:
        return {
            "day": f"{row}.registered_on",
            "branch_id": f"{row}.branch_id",
            "territory_id": f"{row}.territory_id",
        }
    assert facet is not None
    return {
        "month": _month(row, vendor),
        "branch_id": f"{row}.branch_id",
        "territory_id": f"{row}.territory_id",
        "facet": f"'{facet}'",
        "value": f"COALESCE(CAST({row}.{FACETS[facet]} AS TEXT), '')",
    }


def _upsert(table: str, keys: dict[str, str], row: str, sign: str) -> str:
    """Add (sign "+") or take away (sign "-") one appeal row's counts."""
    columns = [*keys, *APPEAL_DAY_COUNTERS]
    values = [*keys.values()] + [
        f"{sign}({expression.format(r=row)})" for expression in APPEAL_DAY_COUNTERS.values()
    ]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in APPEAL_DAY_COUNTERS)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates};"
    )


def _apply(row: str, sign: str, vendor: str) -> str:
    """Every counter row one appeal row counts in."""
    statements = [_upsert(DAY_TABLE, _keys(DAY_TABLE, row, vendor), row, sign)]
    statements += [
        _upsert(FACET_TABLE, _keys(FACET_TABLE, row, vendor, facet), row, sign) for facet in FACETS
    ]
    return "\n".join(statements)


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION figures_appeal_counters() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_apply("OLD", "-", vendor)}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_apply("NEW", "+", vendor)}
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;""",
            "CREATE TRIGGER figures_appeal_counters AFTER INSERT OR UPDATE OR DELETE "
            "ON appeals_appeal FOR EACH ROW EXECUTE FUNCTION figures_appeal_counters();",
        ]
    return [
        "CREATE TRIGGER figures_appeal_counters_insert AFTER INSERT ON appeals_appeal BEGIN "
        f"{_apply('NEW', '+', vendor)} END;",
        "CREATE TRIGGER figures_appeal_counters_update AFTER UPDATE ON appeals_appeal BEGIN "
        f"{_apply('OLD', '-', vendor)} {_apply('NEW', '+', vendor)} END;",
        "CREATE TRIGGER figures_appeal_counters_delete AFTER DELETE ON appeals_appeal BEGIN "
        f"{_apply('OLD', '-', vendor)} END;",
    ]


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS figures_appeal_counters ON appeals_appeal;",
            "DROP FUNCTION IF EXISTS figures_appeal_counters();",
            # the first version's, kept only by databases migrated before the facets
            "DROP TRIGGER IF EXISTS figures_appealday ON appeals_appeal;",
            "DROP FUNCTION IF EXISTS figures_appealday_apply();",
        ]
    return [
        f"DROP TRIGGER IF EXISTS {name}_{op};"
        for name in ("figures_appeal_counters", "figures_appealday")
        for op in ("insert", "update", "delete")
    ]


def rebuild_sql(vendor: str) -> list[str]:
    """Count every appeal afresh (the migrations' backfill, and a check)."""
    sums = ", ".join(f"SUM({e.format(r='a')})" for e in APPEAL_DAY_COUNTERS.values())
    counters = ", ".join(APPEAL_DAY_COUNTERS)
    statements = [
        f"DELETE FROM {DAY_TABLE};",
        f"INSERT INTO {DAY_TABLE} (day, branch_id, territory_id, {counters}) "
        f"SELECT a.registered_on, a.branch_id, a.territory_id, {sums} FROM appeals_appeal a "
        "GROUP BY a.registered_on, a.branch_id, a.territory_id;",
        f"DELETE FROM {FACET_TABLE};",
    ]
    for facet in FACETS:
        keys = _keys(FACET_TABLE, "a", vendor, facet)
        statements.append(
            f"INSERT INTO {FACET_TABLE} ({', '.join(keys)}, {counters}) "
            f"SELECT {', '.join(keys.values())}, {sums} FROM appeals_appeal a "
            f"GROUP BY {', '.join(v for k, v in keys.items() if k != 'facet')};"
        )
    return statements


def run(schema_editor: Any, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    run(schema_editor, uninstall_sql(vendor) + install_sql(vendor) + rebuild_sql(vendor))


def uninstall(apps: Any, schema_editor: Any) -> None:
    run(schema_editor, uninstall_sql(schema_editor.connection.vendor))


@contextmanager
def bulk_load() -> Iterator[None]:
    """Load many appeals at once: the triggers step aside and the counters are counted
    afresh at the end (a million single-row updates would be far slower)."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in uninstall_sql(vendor):
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in install_sql(vendor) + rebuild_sql(vendor):
                cursor.execute(statement)
