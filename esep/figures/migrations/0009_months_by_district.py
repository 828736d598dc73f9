# The month counters (`figures_appealmonth`) place an appeal by its territory's district —
# the territory at depth 3 (district, town, city of republican significance), or the
# appeal's own territory where it lies no deeper — as the facet counters have since 0008,
# instead of its own territory (most often a rural district). Two years of the whole
# country were about 80,000 month rows at ten million appeals (2,940 territories); by
# district they are about 15,000, which is what the country's and a region's dashboards
# read. A rural district, or a breakdown into rural districts, reads the day counters,
# which keep each appeal's own territory (figures.compute).
#
# The triggers are replaced and the month counters regrouped in one transaction, the
# appeals locked against writes meanwhile (reads go on): every appeal written before is in
# the rows regrouped, every one after is counted by the new triggers. The regrouping reads
# the month counters, never the appeals. Going back puts back the triggers of 0008 and adds
# the months up afresh from the day counters, by each appeal's own territory.
#
# The SQL is this migration's own, as figures/rollup.py wrote it on that day: built from
# the literal counters and facets below, never from the application.

from django.db import migrations

DAY_TABLE = "figures_appealday"
MONTH_TABLE = "figures_appealmonth"
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
DEPTH = 3  # the district's depth in the territories' tree


def district(territory, by_district=True):
    """The month counters' territory for an appeal's (a column of its id): its district
    (the territory at DEPTH above it, or itself where it lies no deeper), or, as before
    this migration, the territory itself."""
    if not by_district:
        return territory
    return (
        "COALESCE((SELECT d.id FROM org_territory t JOIN org_territory d "
        f"ON d.path = substr(t.path, 1, {4 * DEPTH}) "
        f"WHERE t.id = {territory}), {territory})"
    )


def month(day, vendor):
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def keys(table, row, vendor, facet=None, by_district=True):
    """The key of `table` for an appeal row; `by_district`: of the month counters as this
    migration places them (the facet counters are by district either way)."""
    place = {"branch_id": f"{row}.branch_id", "territory_id": f"{row}.territory_id"}
    if table == DAY_TABLE:
        return {"day": f"{row}.registered_on", **place}
    if table == MONTH_TABLE:
        return {
            "month": month(f"{row}.registered_on", vendor),
            "branch_id": f"{row}.branch_id",
            "territory_id": district(f"{row}.territory_id", by_district),
        }
    return {
        "month": month(f"{row}.registered_on", vendor),
        "branch_id": f"{row}.branch_id",
        "territory_id": district(f"{row}.territory_id"),
        "facet": f"'{facet}'",
        "value": f"COALESCE(CAST({row}.{FACETS[facet]} AS TEXT), '')",
    }


def upsert(table, key, row, sign):
    """Add (sign "+") or take away (sign "-") one appeal row's counts (SQLite)."""
    columns = [*key, *COUNTERS]
    values = [*key.values()] + [f"{sign}({e.format(r=row)})" for e in COUNTERS.values()]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates};"
    )


def apply(row, sign, by_district):
    statements = [
        upsert(table, keys(table, row, "sqlite", by_district=by_district), row, sign)
        for table in (DAY_TABLE, MONTH_TABLE)
    ]
    statements += [
        upsert(FACET_TABLE, keys(FACET_TABLE, row, "sqlite", facet), row, sign) for facet in FACETS
    ]
    return "\n".join(statements)


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


def grouped_upsert(table, key, source, with_changes):
    sums = [f"SUM(changed.{c})" for c in COUNTERS]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    grouped = ", ".join(str(n) for n in range(1, len(key) + 1))
    return (
        f"{with_changes} INSERT INTO {table} ({', '.join([*key, *COUNTERS])}) "
        f"SELECT {', '.join([*key.values(), *sums])} FROM {source} GROUP BY {grouped} "
        f"HAVING {' OR '.join(f'{s} <> 0' for s in sums)} "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates};"
    )


def apply_statement(sources, by_district):
    with_changes = changes(sources)
    upserts = [
        grouped_upsert(
            table,
            keys(table, "changed", "postgresql", by_district=by_district),
            "changed",
            with_changes,
        )
        for table in (DAY_TABLE, MONTH_TABLE)
    ]
    facet_values = ", ".join(
        f"('{facet}', COALESCE(CAST(changed.{column} AS TEXT), ''))"
        for facet, column in FACETS.items()
    )
    facet_keys = {
        "month": month("changed.registered_on", "postgresql"),
        "branch_id": "changed.branch_id",
        "territory_id": district("changed.territory_id"),
        "facet": "f.facet",
        "value": "f.value",
    }
    upserts.append(
        grouped_upsert(
            FACET_TABLE,
            facet_keys,
            f"changed CROSS JOIN LATERAL (VALUES {facet_values}) AS f(facet, value)",
            with_changes,
        )
    )
    return "\n    ".join(upserts)


def install_sql(vendor, by_district):
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
            f"{apply_statement(sources, by_district)}"
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
        f"{apply('NEW', '+', by_district)} END;",
        "CREATE TRIGGER figures_appeal_counters_update AFTER UPDATE ON appeals_appeal BEGIN "
        f"{apply('OLD', '-', by_district)} {apply('NEW', '+', by_district)} END;",
        "CREATE TRIGGER figures_appeal_counters_delete AFTER DELETE ON appeals_appeal BEGIN "
        f"{apply('OLD', '-', by_district)} END;",
    ]


def drop_sql(vendor):
    if vendor == "postgresql":
        return [
            *(
                f"DROP TRIGGER IF EXISTS figures_appeal_counters{op} ON appeals_appeal;"
                for op in ("", "_insert", "_update", "_delete")
            ),
            "DROP FUNCTION IF EXISTS figures_appeal_counters();",
        ]
    return [
        f"DROP TRIGGER IF EXISTS figures_appeal_counters_{op};"
        for op in ("insert", "update", "delete")
    ]


def lock_sql(vendor):
    """Writes to the appeals wait until the triggers are replaced and the counters regrouped."""
    if vendor == "postgresql":
        return ["LOCK TABLE appeals_appeal IN SHARE ROW EXCLUSIVE MODE;"]
    return []


def regroup_sql():
    """The month counters added up by district, from the counters themselves."""
    columns = ", ".join(COUNTERS)
    sums = [f"SUM(c.{c})" for c in COUNTERS]
    key = f"c.month, c.branch_id, {district('c.territory_id')}"
    return [
        f"CREATE TEMPORARY TABLE figures_regrouped AS SELECT {key}, "
        + ", ".join(f"{s} AS {c}" for s, c in zip(sums, COUNTERS, strict=True))
        + f" FROM {MONTH_TABLE} c GROUP BY 1, 2, 3 "
        f"HAVING {' OR '.join(f'{s} <> 0' for s in sums)};",
        f"DELETE FROM {MONTH_TABLE};",
        f"INSERT INTO {MONTH_TABLE} (month, branch_id, territory_id, {columns}) "
        "SELECT * FROM figures_regrouped ORDER BY 1, 2, 3;",
        "DROP TABLE figures_regrouped;",
    ]


def recount_sql(vendor):
    """The month counters added up afresh from the day counters, by their own territory."""
    key = f"{month('d.day', vendor)}, d.branch_id, d.territory_id"
    sums = ", ".join(f"SUM(d.{c})" for c in COUNTERS)
    return [
        f"DELETE FROM {MONTH_TABLE};",
        f"INSERT INTO {MONTH_TABLE} (month, branch_id, territory_id, {', '.join(COUNTERS)}) "
        f"SELECT {key}, {sums} FROM {DAY_TABLE} d GROUP BY {key} ORDER BY {key};",
    ]


def run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":  # planned from what it now holds
        statements.append(f"ANALYZE {MONTH_TABLE};")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def by_district(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = lock_sql(vendor) + drop_sql(vendor) + install_sql(vendor, True)
    run(schema_editor, statements + regroup_sql())


def by_territory(apps, schema_editor):  # 0008's triggers and month counters
    vendor = schema_editor.connection.vendor
    statements = lock_sql(vendor) + drop_sql(vendor) + install_sql(vendor, False)
    run(schema_editor, statements + recount_sql(vendor))


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0008_facets_by_district"),
        ("org", "0001_initial"),
    ]

    operations = [migrations.RunPython(by_district, by_territory)]
