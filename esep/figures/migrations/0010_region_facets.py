# The facet counters added up by region (`figures_appealregionfacet`): the branch at depth
# 2 an appeal's branch lies in, the central office for its own appeals. The whole country's
# breakdown of a year by category read 158,000 facet rows at ten million appeals (one per
# branch, district, month and category); by region it is some twenty per month and
# category. The triggers add each appeal to its region's row as to the others.
#
# The triggers are replaced and the new counters added up from the facet counters (never
# from the appeals) in one transaction, the appeals locked against writes meanwhile (reads
# go on). Going back puts back the triggers of 0009 and drops the table.
#
# The SQL is this migration's own, as figures/rollup.py wrote it on that day: 0009's, read
# from that migration (which never changes), and the region's upserts below.

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

before = import_module("esep.figures.migrations.0009_months_by_district")
REGION_TABLE = "figures_appealregionfacet"
COUNTERS = before.COUNTERS
FACETS = before.FACETS


def region(branch):
    """The branch at depth 2 above the branch `branch` (a column of its id), or that branch
    where it lies no deeper: by their materialised paths (4 characters a level)."""
    return (
        "COALESCE((SELECT r.id FROM org_branch b JOIN org_branch r "
        f"ON r.path = substr(b.path, 1, 8) WHERE b.id = {branch}), {branch})"
    )


def region_rows(row, sign):
    """SQLite: one appeal row's counts added to (or taken from) its region's rows."""
    return "\n".join(
        before.upsert(
            REGION_TABLE,
            {
                "month": before.month(f"{row}.registered_on", "sqlite"),
                "region_id": region(f"{row}.branch_id"),
                "facet": f"'{facet}'",
                "value": f"COALESCE(CAST({row}.{column} AS TEXT), '')",
            },
            row,
            sign,
        )
        for facet, column in FACETS.items()
    )


def region_statement(sources):
    """PostgreSQL: a statement's rows added up by month, branch and facet value, then by
    region, each branch's region looked up once per group."""
    facet_values = ", ".join(
        f"('{facet}', COALESCE(CAST(changed.{column} AS TEXT), ''))"
        for facet, column in FACETS.items()
    )
    by_branch = (
        f"(SELECT {before.month('changed.registered_on', 'postgresql')} AS month, "
        "changed.branch_id, f.facet, f.value, "
        + ", ".join(f"SUM(changed.{c}) AS {c}" for c in COUNTERS)
        + f" FROM changed CROSS JOIN LATERAL (VALUES {facet_values}) AS f(facet, value) "
        "GROUP BY 1, 2, 3, 4) AS changed"
    )
    keys = {
        "month": "changed.month",
        "region_id": region("changed.branch_id"),
        "facet": "changed.facet",
        "value": "changed.value",
    }
    return before.grouped_upsert(REGION_TABLE, keys, by_branch, before.changes(sources))


def install_sql(vendor):
    if vendor == "postgresql":
        events = {
            "insert": (f"NEW TABLE AS {before.NEW_ROWS}", [(before.NEW_ROWS, "+")]),
            "update": (
                f"OLD TABLE AS {before.OLD_ROWS} NEW TABLE AS {before.NEW_ROWS}",
                [(before.OLD_ROWS, "-"), (before.NEW_ROWS, "+")],
            ),
            "delete": (f"OLD TABLE AS {before.OLD_ROWS}", [(before.OLD_ROWS, "-")]),
        }
        branches = "\n  ".join(
            f"{'IF' if n == 0 else 'ELSIF'} TG_OP = '{op.upper()}' THEN\n    "
            f"{before.apply_statement(sources, True)}\n    {region_statement(sources)}"
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

    def both(row, sign):
        return f"{before.apply(row, sign, True)}\n{region_rows(row, sign)}"

    return [
        "CREATE TRIGGER figures_appeal_counters_insert AFTER INSERT ON appeals_appeal BEGIN "
        f"{both('NEW', '+')} END;",
        "CREATE TRIGGER figures_appeal_counters_update AFTER UPDATE ON appeals_appeal BEGIN "
        f"{both('OLD', '-')} {both('NEW', '+')} END;",
        "CREATE TRIGGER figures_appeal_counters_delete AFTER DELETE ON appeals_appeal BEGIN "
        f"{both('OLD', '-')} END;",
    ]


def fill_sql():
    """The region counters added up from the facet counters."""
    columns = ", ".join(COUNTERS)
    sums = ", ".join(f"SUM(g.{c})" for c in COUNTERS)
    inner = ", ".join(f"SUM(f.{c}) AS {c}" for c in COUNTERS)
    return [
        f"INSERT INTO {REGION_TABLE} (month, region_id, facet, value, {columns}) "
        f"SELECT g.month, {region('g.branch_id')}, g.facet, g.value, {sums} "
        f"FROM (SELECT f.month, f.branch_id, f.facet, f.value, {inner} "
        f"FROM {before.FACET_TABLE} f GROUP BY 1, 2, 3, 4) AS g "
        "GROUP BY 1, 2, 3, 4 ORDER BY 3, 1, 2, 4;"
    ]


def run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":  # planned from what it now holds
        statements.append(f"ANALYZE {REGION_TABLE};")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def by_region(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = before.lock_sql(vendor) + before.drop_sql(vendor) + install_sql(vendor)
    run(schema_editor, statements + fill_sql())


def without_regions(apps, schema_editor):  # 0009's triggers
    vendor = schema_editor.connection.vendor
    statements = before.lock_sql(vendor) + before.drop_sql(vendor)
    for statement in statements + before.install_sql(vendor, True):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0009_months_by_district"),
        ("org", "0006_body_kind_ethics_commission"),
    ]

    operations = [
        migrations.CreateModel(
            name="AppealRegionFacet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
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
                ("facet", models.CharField(max_length=10)),
                ("value", models.CharField(max_length=40)),
                (
                    "region",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="org.branch",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("facet", "month", "region", "value"), name="appeal_region_facet_key"
                    )
                ],
            },
        ),
        migrations.RunPython(by_region, without_regions),
    ]
