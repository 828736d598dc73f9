"""The chain as written in one go when a poll closes (by COPY on PostgreSQL past a thousand
entries) is the same chain, entry by entry, as one written an entry at a time."""

import pytest

from esep.assemblies import log
from esep.assemblies.models import LogEntry

pytestmark = pytest.mark.django_db


def test_many_entries_at_once_chain_as_one_at_a_time():
    log.append("one-by-one", "opened", {"poll": 1})
    for n in range(3):
        log.append("one-by-one", "ballot", {"poll": 1, "receipt": f"{n:064x}", "choices": [n]})
    log.append("at-once", "opened", {"poll": 1})
    log.append_many(
        "at-once",
        "ballot",
        ({"poll": 1, "receipt": f"{n:064x}", "choices": [n]} for n in range(log.COPY_FROM + 500)),
    )
    count, problems = log.chain_problems("at-once")
    assert count == log.COPY_FROM + 501 and problems == []
    first = LogEntry.objects.filter(chain="at-once").order_by("seq")[:4]
    other = LogEntry.objects.filter(chain="one-by-one").order_by("seq")
    # The same payloads after the same start: the same digests but for the chain's name.
    assert [e.payload for e in first] == [e.payload for e in other]
    assert log.chain_problems("one-by-one") == (4, [])


def test_a_list_digest_is_the_digest_of_the_canonical_list():
    import hashlib

    ids = [3, 10, 200]
    assert log.list_digest(iter(ids)) == (3, hashlib.sha256(b"[3,10,200]").hexdigest())
    assert log.list_digest(iter([]))[1] == hashlib.sha256(b"[]").hexdigest()
