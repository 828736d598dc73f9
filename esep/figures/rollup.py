"""The appeal counters and the triggers that keep them: on every insert, update and delete
of an appeal the database itself takes the old row's contribution away and adds the new
one's, on SQLite and on PostgreSQL alike, so no code path can leave them behind.

Four tables: per day, branch and territory (`figures_appealday`); per month, branch and
district (`figures_appealmonth`, what a period of whole months reads); per month, branch,
district and the value of one facet — channel, type, outcome, category
(`figures_appealmonthfacet`); and the same per month, region and facet value
(`figures_appealregionfacet`, what the whole country's breakdowns read). The month
counters place an appeal by its territory's district (town, city), not by its rural
district: a year of the whole country is then a few thousand rows of months and a few tens
of thousands of one facet, not ten times that. The day counters keep each appeal's own
territory: a rural district is read from them.

On PostgreSQL the triggers are per statement and read the rows it wrote from its transition
tables, so a bulk insert of a hundred thousand appeals (the import), or an update of many,
is one grouped upsert per counter table, not five per row; SQLite, which has no statement
triggers, keeps a trigger per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from esep.figures.models import APPEAL_DAY_COUNTERS, DISTRICT_DEPTH, FACETS, REGION_DEPTH
from esep.org.models import Branch, Territory

DAY_TABLE = "figures_appealday"
MONTH_TABLE = "figures_appealmonth"
FACET_TABLE = "figures_appealmonthfacet"
REGION_TABLE = "figures_appealregionfacet"


def _month(day: str, vendor: str) -> str:
    """The first day of the month of the date `day` (a column)."""
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def _district(territory: str) -> str:
    """The territory at DISTRICT_DEPTH above the territory `territory` (a column of its
    id), or that territory where it lies no deeper: by their materialised paths."""
    return (
        "COALESCE((SELECT d.id FROM org_territory t JOIN org_territory d "
        f"ON d.path = substr(t.path, 1, {Territory.steplen * DISTRICT_DEPTH}) "
        f"WHERE t.id = {territory}), {territory})"
    )


def _region(branch: str) -> str:
    """The branch at REGION_DEPTH above the branch `branch` (a column of its id), or that
    branch where it lies no deeper (the central office): by their materialised paths."""
    return (
        "COALESCE((SELECT r.id FROM org_branch b JOIN org_branch r "
        f"ON r.path = substr(b.path, 1, {Branch.steplen * REGION_DEPTH}) "
        f"WHERE b.id = {branch}), {branch})"
    )


def _keys(table: str, row: str, vendor: str, facet: str | None = None) -> dict[str, str]:
    place = {"branch_id": f"{row}.branch_id", "territory_id": f"{row}.territory_id"}
    if table == DAY_TABLE:
        return {"day": f"{row}.registered_on", **place}
    month = {
        "month": _month(f"{row}.registered_on", vendor),
        **place,
        "territory_id": _district(f"{row}.territory_id"),
    }
    if table == MONTH_TABLE:
        return month
    assert facet is not None
    value = {"facet": f"'{facet}'", "value": f"COALESCE(CAST({row}.{FACETS[facet]} AS TEXT), '')"}
    if table == REGION_TABLE:
        return {"month": month["month"], "region_id": _region(f"{row}.branch_id"), **value}
    return {**month, **value}


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
    """Every counter row one appeal row counts in (SQLite's row triggers)."""
    statements = [
        _upsert(table, _keys(table, row, vendor), row, sign) for table in (DAY_TABLE, MONTH_TABLE)
    ]
    statements += [
        _upsert(table, _keys(table, row, vendor, facet), row, sign)
        for table in (FACET_TABLE, REGION_TABLE)
        for facet in FACETS
    ]
    return "\n".join(statements)


# PostgreSQL's statement triggers see the rows a statement wrote as these transition tables.
OLD_ROWS = "figures_old_appeals"
NEW_ROWS = "figures_new_appeals"


def _changes(sources: list[tuple[str, str]]) -> str:
    """The rows of a statement's transition tables with each counter's contribution, taken
    away for the old rows ("-") and added for the new ("+"): the CTE both upserts read."""
    columns = ["registered_on", "branch_id", "territory_id", *sorted(set(FACETS.values()))]
    selects = [
        "SELECT "
        + ", ".join(
            [f"r.{c}" for c in columns]
            + [f"{sign}({e.format(r='r')}) AS {name}" for name, e in APPEAL_DAY_COUNTERS.items()]
        )
        + f" FROM {table} r"
        for table, sign in sources
    ]
    return "WITH changed AS (" + " UNION ALL ".join(selects) + ")"


def _grouped_upsert(table: str, keys: dict[str, str], source: str, changes: str) -> str:
    """One INSERT … SELECT … GROUP BY … ON CONFLICT for the whole statement's rows; groups
    whose counts do not change (an appeal's text edited) write nothing."""
    sums = [f"SUM(changed.{c})" for c in APPEAL_DAY_COUNTERS]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in APPEAL_DAY_COUNTERS)
    grouped = ", ".join(str(n) for n in range(1, len(keys) + 1))
    return (
        f"{changes} INSERT INTO {table} ({', '.join([*keys, *APPEAL_DAY_COUNTERS])}) "
        f"SELECT {', '.join([*keys.values(), *sums])} FROM {source} GROUP BY {grouped} "
        f"HAVING {' OR '.join(f'{s} <> 0' for s in sums)} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates};"
    )


def _apply_statement(sources: list[tuple[str, str]]) -> str:
    """Every counter row a statement's appeal rows count in, one upsert per counter table:
    the facets unpivoted (a row per facet of each appeal row) and grouped at once."""
    changes = _changes(sources)
    day, month = (
        _grouped_upsert(table, _keys(table, "changed", "postgresql"), "changed", changes)
        for table in (DAY_TABLE, MONTH_TABLE)
    )
    facet_values = ", ".join(
        f"('{facet}', {_keys(FACET_TABLE, 'changed', 'postgresql', facet)['value']})"
        for facet in FACETS
    )
    facet_keys = {
        "month": _month("changed.registered_on", "postgresql"),
        "branch_id": "changed.branch_id",
        "territory_id": _district("changed.territory_id"),
        "facet": "f.facet",
        "value": "f.value",
    }
    unpivoted = f"changed CROSS JOIN LATERAL (VALUES {facet_values}) AS f(facet, value)"
    facets = _grouped_upsert(FACET_TABLE, facet_keys, unpivoted, changes)
    # By region: the rows grouped by branch first, so that each branch's region is looked
    # up once per group, not once per appeal and facet.
    by_branch = (
        f"(SELECT {facet_keys['month']} AS month, changed.branch_id, f.facet, f.value, "
        + ", ".join(f"SUM(changed.{c}) AS {c}" for c in APPEAL_DAY_COUNTERS)
        + f" FROM {unpivoted} GROUP BY 1, 2, 3, 4) AS changed"
    )
    region_keys = {
        "month": "changed.month",
        "region_id": _region("changed.branch_id"),
        "facet": "changed.facet",
        "value": "changed.value",
    }
    regions = _grouped_upsert(REGION_TABLE, region_keys, by_branch, changes)
    return f"{day}\n    {month}\n    {facets}\n    {regions}"


def install_sql(vendor: str) -> list[str]:
    """On PostgreSQL, statement triggers reading the rows each statement wrote (transition
    tables): a bulk insert or an update of many appeals changes each counter row once, in
    one statement per counter table. SQLite has no statement triggers: a trigger per row."""
    if vendor == "postgresql":
        events = {
            "insert": (f"NEW TABLE AS {NEW_ROWS}", [(NEW_ROWS, "+")]),
            "update": (
                f"OLD TABLE AS {OLD_ROWS} NEW TABLE AS {NEW_ROWS}",
                [(OLD_ROWS, "-"), (NEW_ROWS, "+")],
            ),
            "delete": (f"OLD TABLE AS {OLD_ROWS}", [(OLD_ROWS, "-")]),
        }
        branches = "\n  ".join(
            f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op.upper()}' THEN\n    "
            f"{_apply_statement(sources)}"
            for n, (op, (_referencing, sources)) in enumerate(events.items())
        )
        return [
            f"""
CREATE OR REPLACE FUNCTION figures_appeal_counters() RETURNS trigger AS $$
BEGIN
  {branches}
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;""",
            *(
                f"CREATE TRIGGER figures_appeal_counters_{op} AFTER {op.upper()} "
                f"ON appeals_appeal REFERENCING {referencing} "
                "FOR EACH STATEMENT EXECUTE FUNCTION figures_appeal_counters();"
                for op, (referencing, _sources) in events.items()
            ),
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
            *(
                f"DROP TRIGGER IF EXISTS figures_appeal_counters{op} ON appeals_appeal;"
                for op in ("", "_insert", "_update", "_delete")
            ),
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


def _by_district(table: str, keys: dict[str, str], totals: dict[str, str], rows: str) -> str:
    """Fill `table` from `rows` grouped by `keys` (the row's own territory among them) with
    each counter's `totals`, then added up by district: each territory's district is looked
    up once per group, not once per row. Written in the order of the key, so the rows of
    some months lie together (a year is read from a few pages)."""
    grouped = ", ".join(v for k, v in keys.items() if k != "facet")  # not by a constant
    inner = (
        f"SELECT {', '.join(f'{v} AS {k}' for k, v in keys.items())}, "
        + ", ".join(f"{total} AS {c}" for c, total in totals.items())
        + f" FROM {rows} GROUP BY {grouped}"
    )
    place = {**{k: f"g.{k}" for k in keys}, "territory_id": _district("g.territory_id")}
    positions = ", ".join(str(n) for n in range(1, len(place) + 1))
    return (
        f"INSERT INTO {table} ({', '.join(place)}, {', '.join(totals)}) "
        f"SELECT {', '.join(place.values())}, "
        + ", ".join(f"SUM(g.{c})" for c in totals)
        + f" FROM ({inner}) g GROUP BY {positions} ORDER BY {positions};"
    )


def rebuild_sql(vendor: str) -> list[str]:
    """Count every appeal afresh (the migrations' backfill, and a check): the days from the
    appeals, the months from those days, the facets from the appeals."""
    summed = {c: f"SUM({e.format(r='a')})" for c, e in APPEAL_DAY_COUNTERS.items()}
    counters = ", ".join(APPEAL_DAY_COUNTERS)
    month = {"month": _month("d.day", vendor), "branch_id": "d.branch_id"}
    statements = [
        f"DELETE FROM {DAY_TABLE};",
        f"INSERT INTO {DAY_TABLE} (day, branch_id, territory_id, {counters}) "
        f"SELECT a.registered_on, a.branch_id, a.territory_id, {', '.join(summed.values())} "
        "FROM appeals_appeal a GROUP BY a.registered_on, a.branch_id, a.territory_id;",
        f"DELETE FROM {MONTH_TABLE};",
        # A month's counters are its days' (a few rows per branch, territory and day).
        _by_district(
            MONTH_TABLE,
            {**month, "territory_id": "d.territory_id"},
            {c: f"SUM(d.{c})" for c in APPEAL_DAY_COUNTERS},
            f"{DAY_TABLE} d",
        ),
        f"DELETE FROM {FACET_TABLE};",
    ]
    for facet in FACETS:
        keys = {**_keys(FACET_TABLE, "a", vendor, facet), "territory_id": "a.territory_id"}
        statements.append(_by_district(FACET_TABLE, keys, summed, "appeals_appeal a"))
    return [*statements, *regions_sql()]


def regions_sql() -> list[str]:
    """The region facet counters added up afresh from the facet counters: each branch's
    region looked up once per group of its rows."""
    counters = ", ".join(APPEAL_DAY_COUNTERS)
    sums = ", ".join(f"SUM(f.{c}) AS {c}" for c in APPEAL_DAY_COUNTERS)
    by_branch = f"SELECT f.month, f.branch_id, f.facet, f.value, {sums} FROM {FACET_TABLE} f "
    return [
        f"DELETE FROM {REGION_TABLE};",
        f"INSERT INTO {REGION_TABLE} (month, region_id, facet, value, {counters}) "
        f"SELECT g.month, {_region('g.branch_id')}, g.facet, g.value, "
        + ", ".join(f"SUM(g.{c})" for c in APPEAL_DAY_COUNTERS)
        + f" FROM ({by_branch}GROUP BY 1, 2, 3, 4) AS g GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4;",
    ]


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
