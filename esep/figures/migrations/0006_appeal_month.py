# The appeal counters per month, branch and territory (`figures_appealmonth`), kept by the
# same triggers as the day counters, so that a period of whole months (a year) reads twelve
# rows per branch and territory instead of one per day; and an index serving a breakdown of
# whole months, which reads one facet's rows of some months (`appeal_facet_month_idx`).
#
# The triggers are replaced and the month counters filled in one transaction, the appeals
# locked against writes meanwhile (reads go on): every appeal written before is in the day
# counters the fill adds up, every one written after is counted by the new triggers. The
# fill is one INSERT … SELECT … GROUP BY over the day counters (about a million rows on ten
# million appeals: seconds), never the appeals. The index is built CONCURRENTLY on
# PostgreSQL (the facet counters keep being written while it builds), hence not atomic.
#
# The SQL is this migration's own, as figures/rollup.py wrote it on that day: built from
# the literal counters and facets below, never from the application. Going back puts back
# the triggers of 0005 (PostgreSQL) and 0003 (SQLite): the same SQL without the months.

import django.db.models.deletion
from django.db import migrations, models

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
WITH_MONTHS = (DAY_TABLE, MONTH_TABLE)  # the tables of one row per place and time
WITHOUT_MONTHS = (DAY_TABLE,)  # as 0003 and 0005 left them


def month(day, vendor):
    if vendor == "postgresql":
        return f"CAST(date_trunc('month', {day}) AS date)"
    return f"date({day}, 'start of month')"


def keys(table, row, vendor, facet=None):
    place = {"branch_id": f"{row}.branch_id", "territory_id": f"{row}.territory_id"}
    if table == DAY_TABLE:
        return {"day": f"{row}.registered_on", **place}
    if table == MONTH_TABLE:
        return {"month": month(f"{row}.registered_on", vendor), **place}
    return {
        "month": month(f"{row}.registered_on", vendor),
        **place,
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


def apply(row, sign, tables):
    statements = [upsert(table, keys(table, row, "sqlite"), row, sign) for table in tables]
    statements += [
        upsert(FACET_TABLE, keys(FACET_TABLE, row, "sqlite", facet), row, sign)
        for facet in FACETS
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


def apply_statement(sources, tables):
    with_changes = changes(sources)
    upserts = [
        grouped_upsert(table, keys(table, "changed", "postgresql"), "changed", with_changes)
        for table in tables
    ]
    facet_values = ", ".join(
        f"('{facet}', COALESCE(CAST(changed.{column} AS TEXT), ''))"
        for facet, column in FACETS.items()
    )
    facet_keys = {
        "month": month("changed.registered_on", "postgresql"),
        "branch_id": "changed.branch_id",
        "territory_id": "changed.territory_id",
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


def install_sql(vendor, tables):
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
            f"{apply_statement(sources, tables)}"
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
        f"{apply('NEW', '+', tables)} END;",
        "CREATE TRIGGER figures_appeal_counters_update AFTER UPDATE ON appeals_appeal BEGIN "
        f"{apply('OLD', '-', tables)} {apply('NEW', '+', tables)} END;",
        "CREATE TRIGGER figures_appeal_counters_delete AFTER DELETE ON appeals_appeal BEGIN "
        f"{apply('OLD', '-', tables)} END;",
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


def fill_sql(vendor):
    """The month counters added up from the day counters, in the order of their key (the
    rows of some months lie together)."""
    key = f"{month('d.day', vendor)}, d.branch_id, d.territory_id"
    sums = ", ".join(f"SUM(d.{c})" for c in COUNTERS)
    return [
        f"DELETE FROM {MONTH_TABLE};",
        f"INSERT INTO {MONTH_TABLE} (month, branch_id, territory_id, {', '.join(COUNTERS)}) "
        f"SELECT {key}, {sums} FROM {DAY_TABLE} d GROUP BY {key} ORDER BY {key};",
    ]


def lock_sql(vendor):
    """Writes to the appeals wait until the triggers are replaced and the months filled."""
    if vendor == "postgresql":
        return ["LOCK TABLE appeals_appeal IN SHARE ROW EXCLUSIVE MODE;"]
    return []


def count_months(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = (
        lock_sql(vendor) + drop_sql(vendor) + install_sql(vendor, WITH_MONTHS) + fill_sql(vendor)
    )
    if vendor == "postgresql":  # planned from what it holds from the first page on
        statements.append(f"ANALYZE {MONTH_TABLE};")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def count_no_months(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in drop_sql(vendor) + install_sql(vendor, WITHOUT_MONTHS):
        schema_editor.execute(statement, params=None)


def concurrently(schema_editor):
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


class AddIndexConcurrently(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        schema_editor.add_index(model, self.index, **concurrently(schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_index(model, self.index, **concurrently(schema_editor))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("figures", "0005_statement_counter_triggers"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AppealMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("received", models.IntegerField(default=0)),
                ("resolved_positively", models.IntegerField(default=0)),
                ("resolved_partially", models.IntegerField(default=0)),
                ("explained", models.IntegerField(default=0)),
                ("refused", models.IntegerField(default=0)),
                ("forwarded", models.IntegerField(default=0)),
                ("left_without_consideration", models.IntegerField(default=0)),
                ("answered", models.IntegerField(default=0)),
                ("answered_on_time", models.IntegerField(default=0)),
                ("disputed", models.IntegerField(default=0)),
                ("controlled", models.IntegerField(default=0)),
                ("answer_days_sum", models.IntegerField(default=0)),
                ("answer_days_n", models.IntegerField(default=0)),
                ("mobile", models.IntegerField(default=0)),
                ("mobile_positive", models.IntegerField(default=0)),
                ("month", models.DateField()),
                ("branch", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="org.branch")),
                ("territory", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="org.territory")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("month", "branch", "territory"), name="appeal_month_key")],
            },
        ),
        migrations.RunPython(count_months, count_no_months, atomic=True),
        AddIndexConcurrently(
            model_name="appealmonthfacet",
            index=models.Index(fields=["facet", "month"], name="appeal_facet_month_idx"),
        ),
    ]
