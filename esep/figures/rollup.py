"""The appeal-day counters and the triggers that keep them: on every insert, update and
delete of an appeal the database itself takes the old row's contribution away and adds
the new one's, on SQLite and on PostgreSQL alike, so no code path can leave them behind."""

from __future__ import annotations

from typing import Any

from esep.figures.models import APPEAL_DAY_COUNTERS

TABLE = "figures_appealday"
KEY = ("day", "branch_id", "territory_id")
KEY_OF = {
    "day": "{r}.registered_on",
    "branch_id": "{r}.branch_id",
    "territory_id": "{r}.territory_id",
}


def _upsert(row: str, sign: str) -> str:
    """Add (sign "+") or take away (sign "-") one appeal row's counts."""
    columns = [*KEY, *APPEAL_DAY_COUNTERS]
    values = [KEY_OF[k].format(r=row) for k in KEY] + [
        f"{sign}({expression.format(r=row)})" for expression in APPEAL_DAY_COUNTERS.values()
    ]
    updates = ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in APPEAL_DAY_COUNTERS)
    return (
        f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates};"
    )


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"""
CREATE OR REPLACE FUNCTION figures_appealday_apply() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {_upsert("OLD", "-")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {_upsert("NEW", "+")}
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;""",
            "DROP TRIGGER IF EXISTS figures_appealday ON appeals_appeal;",
            "CREATE TRIGGER figures_appealday AFTER INSERT OR UPDATE OR DELETE ON appeals_appeal "
            "FOR EACH ROW EXECUTE FUNCTION figures_appealday_apply();",
        ]
    return [
        "CREATE TRIGGER figures_appealday_insert AFTER INSERT ON appeals_appeal BEGIN "
        f"{_upsert('NEW', '+')} END;",
        "CREATE TRIGGER figures_appealday_update AFTER UPDATE ON appeals_appeal BEGIN "
        f"{_upsert('OLD', '-')} {_upsert('NEW', '+')} END;",
        "CREATE TRIGGER figures_appealday_delete AFTER DELETE ON appeals_appeal BEGIN "
        f"{_upsert('OLD', '-')} END;",
    ]


def uninstall_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS figures_appealday ON appeals_appeal;",
            "DROP FUNCTION IF EXISTS figures_appealday_apply();",
        ]
    return [
        f"DROP TRIGGER IF EXISTS figures_appealday_{op};" for op in ("insert", "update", "delete")
    ]


def rebuild_sql() -> list[str]:
    """Count every appeal afresh (the migration's backfill, and a check)."""
    sums = ", ".join(f"SUM({e.format(r='a')})" for e in APPEAL_DAY_COUNTERS.values())
    return [
        f"DELETE FROM {TABLE};",
        f"INSERT INTO {TABLE} ({', '.join([*KEY, *APPEAL_DAY_COUNTERS])}) "
        f"SELECT a.registered_on, a.branch_id, a.territory_id, {sums} FROM appeals_appeal a "
        "GROUP BY a.registered_on, a.branch_id, a.territory_id;",
    ]


def run(schema_editor: Any, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    run(schema_editor, uninstall_sql(vendor) + install_sql(vendor) + rebuild_sql())


def uninstall(apps: Any, schema_editor: Any) -> None:
    run(schema_editor, uninstall_sql(schema_editor.connection.vendor))
