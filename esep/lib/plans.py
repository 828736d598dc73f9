"""Whether PostgreSQL plans to scan a table to answer a statement: the question the plan
guard of the inbox (`appeals/tests/test_plans.py`) and the national-scale bench
(`scripts/bench_scale.py`) ask of the same plans, answered one way.

A statement scans the table when its plan reads it by a sequential scan that no LIMIT is
expected to stop within 1% of the table (a LIMIT stops a scan early only when the rows it
needs are found early: a count stopped at 10,001 rows that few rows match reads the whole
table), or by any other read no LIMIT stops that the planner expects to return more than
1% of the table (an index scan of a whole region's rows, a bitmap of every match below a
sort): a scan by another name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# Nodes that read all their input before giving a row: what stands under them is read whole
# whatever LIMIT stands above them.
BLOCKING = {"Sort", "Hash", "Aggregate", "Materialize", "SetOp", "WindowAgg", "Unique"}


def scans(cursor: Any, statement: str, table: str, *, rows: int) -> list[str]:
    """Why `statement`'s plan scans `table` (empty when it does not), the table taken to
    hold `rows` rows: "sequential scan", or "<node> of <n> rows"."""
    if table not in statement or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
        return []
    cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}")
    (row,) = cursor.fetchone()
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    few = rows // 100
    found = []
    for node, limit in _nodes(plan):
        if node.get("Relation Name") != table:
            continue
        if node["Node Type"] == "Seq Scan":
            # The share of the table read before the limit is met, as the planner expects.
            if not limit or limit / max(1, node["Plan Rows"]) * rows > few:
                found.append("sequential scan")
        elif not limit and node["Plan Rows"] > few:
            found.append(f"{node['Node Type']} of {node['Plan Rows']} rows")
    return found


def _nodes(plan: dict[str, Any], limit: int = 0) -> Iterator[tuple[dict[str, Any], int]]:
    """Every node of a JSON plan with the rows a LIMIT above it stops it at (0 where none
    does): a Limit bounds what streams under it, up to the first node that reads its input
    whole."""
    kind = plan["Node Type"]
    if kind in BLOCKING:  # a COUNT(*) too: it reads all it is given, unless a Limit below
        limit = 0
    if kind == "Limit":
        limit = max(1, plan["Plan Rows"])
    yield plan, limit
    for child in plan.get("Plans", []):
        yield from _nodes(child, limit)
