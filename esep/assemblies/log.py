"""The hash-chained log of a conference or of primaries, and its check.

Each entry's digest is the SHA-256 of the previous entry's digest followed by the canonical
JSON (sorted keys, no spaces, UTF-8) of [chain, seq, kind, payload]; the first entry follows
64 zeros. Changing, removing or inserting any entry breaks every digest after it. The
database keeps the table append-only (migration 0002); `verify` checks the chain and then
that the records — the roll, each poll's state, its ballots and result, the signed
minutes — are what the log says they are.

A secret ballot goes into the log when its poll closes, with every other ballot of the
poll in the order of their receipts, so the log's order is not the order of voting; an open
vote goes in as it is cast."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.assemblies.models import LogEntry

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(prev: str, chain: str, seq: int, kind: str, payload: Any) -> str:
    text = prev + canonical([chain, seq, kind, payload])
    return hashlib.sha256(text.encode()).hexdigest()


def list_digest(ids: Iterable[int]) -> tuple[int, str]:
    """How many ids, and the SHA-256 of their canonical JSON list (`canonical(sorted ids)`
    when given in order), computed as they stream by."""
    hashed = hashlib.sha256(b"[")
    count = 0
    for value in ids:
        hashed.update(f"{',' if count else ''}{int(value)}".encode())
        count += 1
    hashed.update(b"]")
    return count, hashed.hexdigest()


def append(chain: str, kind: str, payload: dict[str, Any]) -> LogEntry:
    """One entry at the chain's end. The caller holds the lock on the chain's owner (the
    conference or the primaries' row), so entries are written one after another."""
    return append_many(chain, kind, [payload])[0]


def append_many(chain: str, kind: str, payloads: Iterable[dict[str, Any]]) -> list[LogEntry]:
    last = LogEntry.objects.filter(chain=chain).order_by("-seq").only("seq", "digest").first()
    seq, prev = (last.seq, last.digest) if last else (0, GENESIS)
    entries = []
    for payload in payloads:
        seq += 1
        digest = digest_of(prev, chain, seq, kind, payload)
        entries.append(
            LogEntry(chain=chain, seq=seq, kind=kind, payload=payload, prev=prev, digest=digest)
        )
        prev = digest
    if connection.vendor == "postgresql" and len(entries) > COPY_FROM:
        _copy(entries)
        return entries
    return LogEntry.objects.bulk_create(entries, batch_size=5000)


# From how many entries PostgreSQL is sent them by COPY: a poll's ballots when it closes.
COPY_FROM = 1000


def _copy(entries: list[LogEntry]) -> None:
    now = timezone.now()
    columns = "chain, seq, kind, payload, prev, digest, written_at"
    statement = f"COPY {LogEntry._meta.db_table} ({columns}) FROM STDIN"
    # psycopg's own cursor under Django's wrapper streams the rows.
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for e in entries:
            copy.write_row((e.chain, e.seq, e.kind, canonical(e.payload), e.prev, e.digest, now))


@dataclass(frozen=True)
class Problem:
    seq: int | None
    message: str

    def __str__(self) -> str:
        return f"#{self.seq}: {self.message}" if self.seq is not None else self.message


def chain_problems(chain: str) -> tuple[int, list[Problem]]:
    """The chain's length and every entry whose link or digest does not hold."""
    problems: list[Problem] = []
    prev, expected, count = GENESIS, 1, 0
    entries = LogEntry.objects.filter(chain=chain).order_by("seq")
    for entry in entries.iterator(chunk_size=5000):
        count += 1
        if entry.seq != expected:
            problems.append(Problem(entry.seq, _("an entry is missing before this one")))
        if entry.prev != prev:
            problems.append(Problem(entry.seq, _("it does not follow the previous entry")))
        if digest_of(entry.prev, chain, entry.seq, entry.kind, entry.payload) != entry.digest:
            problems.append(Problem(entry.seq, _("its content does not match its digest")))
        prev, expected = entry.digest, entry.seq + 1
    return count, problems


def head(chain: str) -> LogEntry | None:
    return LogEntry.objects.filter(chain=chain).order_by("-seq").first()
