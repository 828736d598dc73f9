"""Statements compiled once per process: the rows of a `values()` query whose SQL is kept
under a key that names everything the query is made of, so that asking the same again
(a dashboard opened again, by another user of the same scope) runs the kept SQL instead of
building the queryset and compiling it anew. On the figures dashboard building and
compiling its ~60 small reads cost about half the page; the database answers each from the
counters in a fraction of that.

The key is the caller's promise: two calls with equal keys build the same SQL with the same
parameters. Whatever the queryset is built from must be in the key — the period's dates,
the ids a scope lists, today's date — and nothing may be read from the database while
building it (such a read would be kept with the SQL). Settings are the one input the key
cannot name: a changed setting (tests override them) empties what is kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import QuerySet

KEPT = 1_000  # statements kept per process, the least recently used dropped first


@dataclass(frozen=True)
class Statement:
    """A compiled `values()` query: its SQL and parameters (None: it can match nothing),
    the database it reads, the names of its columns and how each is converted from what
    the database driver returns (Django's own converters, as the query's own iterator
    applies them)."""

    using: str
    sql: str | None
    params: tuple[Any, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[list[Callable[..., Any]], Any]], ...]

    def rows(self) -> list[dict[str, Any]]:
        if self.sql is None:
            return []
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            found = cursor.fetchall()
        names, converters = self.names, self.converters
        out = []
        for row in found:
            values = list(row)
            for position, (functions, expression) in converters:
                value = values[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                values[position] = value
            out.append(dict(zip(names, values, strict=True)))
        return out


def compiled(queryset: QuerySet) -> Statement:
    """The statement of a `values()` queryset, compiled as Django runs it."""
    query = queryset.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return Statement(queryset.db, None, (), names, ())
    columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    assert len(columns) == len(names), "a values() query selects its names, in order"
    converters = tuple(compiler.get_converters(columns).items())
    return Statement(queryset.db, sql, tuple(params), names, converters)


_kept: OrderedDict[Hashable, Statement] = OrderedDict()
_lock = threading.Lock()


def rows(key: Hashable, build: Callable[[], QuerySet]) -> list[dict[str, Any]]:
    """The rows, as dicts, of the `values()` queryset `build` makes; built and compiled
    only the first time `key` is asked in this process (see the module's note)."""
    with _lock:
        statement = _kept.get(key)
        if statement is not None:
            _kept.move_to_end(key)
    if statement is None:
        statement = compiled(build())
        with _lock:
            _kept[key] = statement
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return statement.rows()


def forget(**_: Any) -> None:
    """Drop every kept statement."""
    with _lock:
        _kept.clear()


setting_changed.connect(forget, dispatch_uid="esep.lib.statements.forget")
