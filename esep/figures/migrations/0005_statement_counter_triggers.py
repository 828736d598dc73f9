# On PostgreSQL the appeal counters are kept by statement triggers reading the rows each
# statement wrote (transition tables): a bulk insert of many appeals (an import) or an update
# of many is one grouped upsert per counter table, not five upserts per row. What is counted
# does not change, so nothing is counted afresh (a migration of minutes on ten million
# appeals: it only replaces the triggers). SQLite has no statement triggers and keeps the
# row triggers of 0003.
#
# The SQL is this migration's own, as figures/rollup.py wrote it on that day: built from
# the literal counters and facets below, never from the application.

from django.db import migrations

DAY_TABLE = "figures_appealday"
FACET_TABLE = "figures_appealmonthfacet"
FACETS = {"channel": "channel", "kind": "kind", "outcome": "outcome", "category": "category_id"}
# What each counter adds for one appeal row, written for a row named {r}.
COUNTERS = {
    "received": "1",
    "resolved_positively": "CASE WHEN {r}.outcome = 'resolved_positively' THEN 1 ELSE 0 END",
    "resolved_partially": "CASE WHEN {r}.outcome = 'resolved_partially' THEN 1 ELSE 0 END",
    "explained": "CASE WHEN {r}.outcome = 'explained' THEN 1 ELSE 0 END",
    "refused": "CASE WHEN {r}.outcome = 'refused' THEN 1 ELSE 0 END",
    "forwarded": "CASE WHEN {r}.outcome = 'forwarded' THEN 1 ELSE 0 END",
    "left_without_consideration": (
        "CASE WHEN {r}.outcome = 'left_without_consideration' THEN 1 ELSE 0 END"
    ),
    "answered": "CASE WHEN {r}.answered_on IS NOT NULL THEN 1 ELSE 0 END",
    "answered_on_time": "CASE WHEN {r}.answered_on <= {r}.due_on THEN 1 ELSE 0 END",
    "disputed": "CASE WHEN {r}.disputed THEN 1 ELSE 0 END",
    "controlled": "CASE WHEN {r}.controlled THEN 1 ELSE 0 END",
    "answer_days_sum": "COALESCE({r}.answer_working_days, 0)",
    "answer_days_n": "CASE WHEN {r}.answer_working_days IS NOT NULL THEN 1 ELSE 0 END",
    "mobile": "CASE WHEN {r}.channel = 'mobile_reception' THEN 1 ELSE 0 END",
    "mobile_positive": (
        "CASE WHEN {r}.channel = 'mobile_reception' AND {r}.outcome = 'resolved_positively' "
        "THEN 1 ELSE 0 END"
    ),
}
OLD_ROWS = "figures_old_appeals"
NEW_ROWS = "figures_new_appeals"
# The row triggers of 0003 (PostgreSQL's), put back when this migration is reversed.
ROW_FUNCTION = "figures_appeal_counters"


def changes(sources):
    columns = ["registered_on", "branch_id", "territory_id", *sorted(set(FACETS.values()))]
    selects = [
        "SELECT "
        + ", ".join(
            [f"r.{c}" for c in columns]
            + [f"{sign}({e.format(r='r')}) AS {name}" for name, e in COUNTERS.items()]
        )
        + f" FROM {table} r"
        for table, sign in sources
    ]
    return "WITH changed AS (" + " UNION ALL ".join(selects) + ")"


def grouped_upsert(table, keys, source, with_changes):
    sums = [f"SUM(changed.{c})" for c in COUNTERS]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    grouped = ", ".join(str(n) for n in range(1, len(keys) + 1))
    return (
        f"{with_changes} INSERT INTO {table} ({', '.join([*keys, *COUNTERS])}) "
        f"SELECT {', '.join([*keys.values(), *sums])} FROM {source} GROUP BY {grouped} "
        f"HAVING {' OR '.join(f'{s} <> 0' for s in sums)} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates};"
    )


def apply_statement(sources):
    with_changes = changes(sources)
    day_keys = {
        "day": "changed.registered_on",
        "branch_id": "changed.branch_id",
        "territory_id": "changed.territory_id",
    }
    day = grouped_upsert(DAY_TABLE, day_keys, "changed", with_changes)
    facet_values = ", ".join(
        f"('{facet}', COALESCE(CAST(changed.{column} AS TEXT), ''))"
        for facet, column in FACETS.items()
    )
    facet_keys = {
        "month": "CAST(date_trunc('month', changed.registered_on) AS date)",
        "branch_id": "changed.branch_id",
        "territory_id": "changed.territory_id",
        "facet": "f.facet",
        "value": "f.value",
    }
    facets = grouped_upsert(
        FACET_TABLE,
        facet_keys,
        f"changed CROSS JOIN LATERAL (VALUES {facet_values}) AS f(facet, value)",
        with_changes,
    )
    return f"{day}\n    {facets}"


def install_sql():
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
        f"{apply_statement(sources)}"
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


def drop_sql():
    return [
        *(
            f"DROP TRIGGER IF EXISTS figures_appeal_counters{op} ON appeals_appeal;"
            for op in ("", "_insert", "_update", "_delete")
        ),
        "DROP FUNCTION IF EXISTS figures_appeal_counters();",
    ]


def row_trigger_sql():
    """0003's row trigger, for going back."""

    def upsert(table, key, row, sign):
        columns = [*key, *COUNTERS]
        values = [*key.values()] + [f"{sign}({e.format(r=row)})" for e in COUNTERS.values()]
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates};"
        )

    def apply(row, sign):
        statements = [
            upsert(
                DAY_TABLE,
                {
                    "day": f"{row}.registered_on",
                    "branch_id": f"{row}.branch_id",
                    "territory_id": f"{row}.territory_id",
                },
                row,
                sign,
            )
        ]
        for facet, column in FACETS.items():
            key = {
                "month": f"CAST(date_trunc('month', {row}.registered_on) AS date)",
                "branch_id": f"{row}.branch_id",
                "territory_id": f"{row}.territory_id",
                "facet": f"'{facet}'",
                "value": f"COALESCE(CAST({row}.{column} AS TEXT), '')",
            }
            statements.append(upsert(FACET_TABLE, key, row, sign))
        return "\n".join(statements)

    return [
        f"""
CREATE OR REPLACE FUNCTION figures_appeal_counters() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {apply("OLD", "-")}
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    {apply("NEW", "+")}
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;""",
        "CREATE TRIGGER figures_appeal_counters AFTER INSERT OR UPDATE OR DELETE "
        "ON appeals_appeal FOR EACH ROW EXECUTE FUNCTION figures_appeal_counters();",
    ]


def statement_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_sql() + install_sql():
            schema_editor.execute(statement, params=None)


def row_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in drop_sql() + row_trigger_sql():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("figures", "0004_hash_scheme"),
    ]

    operations = [
        migrations.RunPython(statement_triggers, row_triggers),
    ]
