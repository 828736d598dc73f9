"""Primaries at national scale (issue 16): one branch with 700,000 members on the roll, ten
registered candidates, then

1. `start_vote` — the roll of 700,000 electors frozen (written and hashed), timed;
2. ballots cast through `esep.assemblies.actions.cast` from several threads, each with its
   own database connection, for a timed sample (40,000 by default), beside a baseline in
   the same run through the same threads and connections: per ballot one transaction of
   plain INSERTs of the same rows (a participation, a ballot with its receipt, its choice)
   into tables of the same shape and unique constraints — the least any cast must write;
3. the rest of the 2020 turnout (662,687 of 700,000) written in bulk, untimed — the same
   rows `cast` writes, with their receipts — so that
4. `close_poll` is timed on a whole primary's ballots: it saves who was entitled, logs every
   secret ballot in the order of their receipts in the hash chain and counts.

The sample is not all 700,000 ballots: the rate is steady after a few thousand ballots, and
700,000 casts one at a time would take the better part of an hour on a small machine; what
the size changes — the roll, the unique indexes' depth, closing and counting — is measured at
full size (the roll, the bulk-filled turnout).

    .venv/bin/python scripts/bench_primaries.py                 # SQLite, 20,000 members
    scripts/with-postgres .venv/bin/python scripts/bench_primaries.py
    BENCH_MEMBERS=700000 (PostgreSQL default) BENCH_BALLOTS=40000 BENCH_THREADS=4
    BENCH_TURNOUT=662687 (default: the members × 662,687 / 700,000)
    BENCH_PROFILE=1: where the time of start_vote, 200 casts and closing goes (profiled:
    slower than unprofiled)

The 2020 primaries had 662,687 participants and the site was overloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import benchkit

POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "700000" if POSTGRES else "20000"))
BALLOTS = int(os.environ.get("BENCH_BALLOTS", "40000" if POSTGRES else "2000"))
THREADS = int(os.environ.get("BENCH_THREADS", "4" if POSTGRES else "1"))
TURNOUT = int(os.environ.get("BENCH_TURNOUT", str(round(MEMBERS * 662687 / 700000))))
CANDIDATES = 10
VOTE_ON = dt.date(2020, 9, 20)
BATCH = 10000


def main() -> None:
    benchkit.setup("esep-bench-primaries-")
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from esep.access.models import User
    from esep.assemblies import actions
    from esep.assemblies.models import Ballot, Campaign, Elector, LogEntry, Option, Poll

    if BALLOTS + THREADS > TURNOUT or TURNOUT > MEMBERS:
        sys.exit("need BENCH_BALLOTS < BENCH_TURNOUT <= BENCH_MEMBERS")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    office, campaign = fill(MEMBERS)
    benchkit.analyze()
    print(
        f"database: {connection.vendor}; {MEMBERS:,} members on the primaries' roll, "
        f"{CANDIDATES} candidates (filled in {time.perf_counter() - started:.0f} s); "
        f"{THREADS} threads, one connection each"
    )

    took, poll = benchkit.timed(
        lambda: actions.start_vote(actor=office, campaign=campaign, choices=1), "start_vote"
    )
    electors = Elector.objects.filter(campaign=campaign).count()
    print(f"  start_vote: the roll of {electors:,} electors frozen and hashed in {took:.1f} s")
    benchkit.analyze()

    options = list(poll.options.order_by("number"))
    voters = list(
        Elector.objects.filter(campaign=campaign)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    sample, rest = voters[:BALLOTS], voters[BALLOTS:TURNOUT]

    def cast(person_id: int, i: int) -> None:
        actions.cast(actor=User(person_id=person_id), poll=poll, choices=[options[i % CANDIDATES]])

    # One cast alone, to count its queries (not part of the sample's rate).
    per_cast = benchkit.count_queries(lambda: cast(sample[0], 0))
    make_baseline_tables(connection)
    baseline = run(sample[1:], baseline_ballot(poll.pk, [o.pk for o in options]))
    esep = run(sample[1:], cast)
    n = len(sample) - 1
    print(f"  ballots ({n:,} in each; {per_cast} queries per cast):")
    print(f"  {'measurement':<58} {'ballots/s':>10} {'s':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for label, (seconds, latencies) in (
        ("baseline: plain INSERTs of the same rows, a transaction each", baseline),
        ("esep: actions.cast (locks, checks, participation, ballot)", esep),
    ):
        p50, p99 = benchkit.percentile(latencies, 50), benchkit.percentile(latencies, 99)
        print(f"  {label:<58} {n / seconds:10,.0f} {seconds:7.1f} {p50:7.1f} {p99:7.1f}")
    rate, base_rate = n / esep[0], n / baseline[0]
    print(
        f"  ratio: esep casts at {rate / base_rate:.2f} of the baseline's rate "
        f"({base_rate / rate:.1f}× slower); {TURNOUT:,} ballots at this rate: "
        f"{TURNOUT / rate / 60:.1f} min"
    )

    if os.environ.get("BENCH_PROFILE"):  # where a cast's time goes, on electors beyond the turnout
        spare = voters[TURNOUT:][:200]

        def casts() -> None:
            for i, person_id in enumerate(spare):
                cast(person_id, i)

        benchkit.profile(f"{len(spare)} casts, one thread", casts)

    started = time.perf_counter()
    fill_turnout(poll, options, rest)
    benchkit.analyze()
    ballots = Ballot.objects.filter(poll=poll).count()
    print(
        f"  the rest of the turnout written in bulk (untimed, {time.perf_counter() - started:.0f}"
        f" s): {ballots:,} ballots of {electors:,} electors"
    )
    entries = LogEntry.objects.filter(chain=campaign.code).count()
    with CaptureQueriesContext(connection) as queries:
        took, _poll = benchkit.timed(
            lambda: actions.close_vote(actor=office, campaign=campaign), "close"
        )
    logged = LogEntry.objects.filter(chain=campaign.code).count() - entries
    result = Poll.objects.get(pk=poll.pk).result
    print(
        f"  close_poll: {took:.1f} s, {len(queries)} queries — {result.entitled:,} entitled "
        f"saved, {logged:,} log entries, {result.voted:,} counted"
    )
    votes = [v or 0 for v in Option.objects.filter(poll=poll).values_list("votes", flat=True)]
    assert sum(votes) == ballots == result.voted, (votes, ballots, result.voted)
    assert Campaign.objects.get(pk=campaign.pk).state == "counted"


def run(voters: Sequence[int], one: Callable[[int, int], None]) -> tuple[float, list[float]]:
    """Each thread casts its share of the voters on its own connection; the wall time of
    all of them and each ballot's latency in ms."""
    from django.db import connection

    shares = [list(enumerate(voters))[k::THREADS] for k in range(THREADS)]
    latencies: list[float] = []
    lock = threading.Lock()
    ready = threading.Barrier(THREADS + 1)

    def work(share: list[tuple[int, int]]) -> None:
        mine = []
        try:
            connection.ensure_connection()
            ready.wait()
            for i, person_id in share:
                started = time.perf_counter()
                one(person_id, i)
                mine.append((time.perf_counter() - started) * 1000)
        finally:
            connection.close()
        with lock:
            latencies.extend(mine)

    with ThreadPoolExecutor(THREADS) as pool:
        futures = [pool.submit(work, share) for share in shares]
        ready.wait()
        started = time.perf_counter()
        for future in futures:
            future.result()
        seconds = time.perf_counter() - started
    return seconds, latencies


BASELINE_TABLES = {
    "bench_participation": "assemblies_participation",
    "bench_ballot": "assemblies_ballot",
    "bench_ballot_choices": "assemblies_ballot_choices",
}


def make_baseline_tables(connection) -> None:
    """Tables of the same columns, keys, indexes and unique constraints as the
    participations, ballots and their choices (no foreign keys)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for copy, table in BASELINE_TABLES.items():
                cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
            return
        for statement in SQLITE_BASELINE:
            cursor.execute(statement)


SQLITE_BASELINE = [
    "CREATE TABLE bench_participation (id char(32) NOT NULL PRIMARY KEY, poll_id bigint NOT "
    "NULL, person_id bigint NOT NULL, channel varchar(10) NOT NULL, UNIQUE (poll_id, person_id))",
    "CREATE INDEX bench_participation_person ON bench_participation (person_id)",
    "CREATE TABLE bench_ballot (id char(32) NOT NULL PRIMARY KEY, poll_id bigint NOT NULL, "
    "voter_id bigint NULL, receipt varchar(64) NOT NULL UNIQUE)",
    "CREATE INDEX bench_ballot_poll ON bench_ballot (poll_id)",
    "CREATE INDEX bench_ballot_voter ON bench_ballot (voter_id)",
    "CREATE UNIQUE INDEX bench_one_named_ballot ON bench_ballot (poll_id, voter_id) "
    "WHERE voter_id IS NOT NULL",
    "CREATE TABLE bench_ballot_choices (id integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
    "ballot_id char(32) NOT NULL, option_id bigint NOT NULL, UNIQUE (ballot_id, option_id))",
    "CREATE INDEX bench_ballot_choices_option ON bench_ballot_choices (option_id)",
]


def baseline_ballot(poll_id: int, option_ids: list[int]) -> Callable[[int, int], None]:
    from django.db import connection, transaction

    def one(person_id: int, i: int) -> None:
        ballot_id = uuid.uuid4()
        option = i % CANDIDATES
        receipt = hashlib.sha256(f"{poll_id}:{ballot_id}:{option + 1}".encode()).hexdigest()
        ids = (
            (uuid.uuid4(), ballot_id)
            if connection.vendor == "postgresql"
            else (
                uuid.uuid4().hex,
                ballot_id.hex,
            )
        )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_participation (id, poll_id, person_id, channel) "
                "VALUES (%s, %s, %s, 'online')",
                [ids[0], poll_id, person_id],
            )
            cursor.execute(
                "INSERT INTO bench_ballot (id, poll_id, voter_id, receipt) "
                "VALUES (%s, %s, NULL, %s)",
                [ids[1], poll_id, receipt],
            )
            cursor.execute(
                "INSERT INTO bench_ballot_choices (ballot_id, option_id) VALUES (%s, %s)",
                [ids[1], option_ids[option]],
            )

    return one


def fill_turnout(poll, options, voters: Sequence[int]) -> None:
    """The ballots of `voters` as `cast` writes them (secret: no voter on the ballot), each
    with its receipt, in bulk."""
    from django.db import connection, transaction

    from esep.assemblies.actions import receipt_of

    pg = connection.vendor == "postgresql"
    ballots = [(uuid.uuid4(), i % CANDIDATES) for i in range(len(voters))]
    key = (lambda u: u) if pg else (lambda u: u.hex)
    with transaction.atomic():
        benchkit.put(
            "assemblies_participation",
            ["id", "poll_id", "person_id", "channel"],
            ((key(uuid.uuid4()), poll.pk, p, "online") for p in voters),
            batch=BATCH,
        )
        benchkit.put(
            "assemblies_ballot",
            ["id", "poll_id", "voter_id", "receipt"],
            (
                (key(b), poll.pk, None, receipt_of(poll.pk, b, [options[o].number]))
                for b, o in ballots
            ),
            batch=BATCH,
        )
        benchkit.put(
            "assemblies_ballot_choices",
            ["ballot_id", "option_id"],
            ((key(b), options[o].pk) for b, o in ballots),
            batch=BATCH,
        )


def fill(members: int):
    """A country, a central office and one regional branch with `members` active members
    (written by the database itself, INSERT … SELECT), its head, a representative body and
    primaries with ten registered candidates among the members (consent, documents, age)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection, transaction
    from django.utils import timezone

    from esep.access.actions import grant_role
    from esep.assemblies import actions
    from esep.deputies.models import Level, RepresentativeBody
    from esep.org.models import Branch, Membership, Person, Territory

    def names(text: str) -> dict[str, str]:
        return {"name_kk": text, "name_ru": text, "name_en": text}

    with transaction.atomic():
        country = Territory.objects.filter(depth=1).first() or Territory.objects.add_root(
            {"kato": "000000000", "level": "country", **names("Қазақстан")}
        )
        central = Branch.objects.filter(depth=1).first() or Branch.objects.add_root(
            {"code": "central", "kind": "central", "territory": country, **names("Орталық")}
        )
        oblast_t = Territory.objects.add_child(
            country, {"kato": "990000000", "level": "oblast", **names("Облыс")}
        )
        region = Branch.objects.add_child(
            central,
            {"code": "bench-region", "kind": "regional", "territory": oblast_t, **names("Облыс")},
        )
        office, _created = grant_role(username="bench-office", role="branch_head", branch=region)
        body = RepresentativeBody.objects.create(
            code="bench-oblast",
            level=Level.OBLAST,
            territory=oblast_t,
            branch=region,
            **names("Облыстық мәслихат"),
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        admitted = dt.date(2015, 1, 1)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                numbers = "SELECT g AS n FROM generate_series(1, %s) g"
            else:
                numbers = (
                    "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %s) "
                    "SELECT n FROM g"
                )
            cursor.execute(
                "INSERT INTO org_person (surname, given_name, patronymic, iin, iin_digest, "
                "birth_date, sex, phone, phone_digest, email, address, created_at) "
                f"SELECT 'Сайлаушы' || n, 'Бенч', '', NULL, NULL, NULL, '', '', NULL, '', '', %s "
                f"FROM ({numbers}) numbers",
                [now, members - CANDIDATES],
            )
            cursor.execute(
                "INSERT INTO org_membership (person_id, branch_id, admitted_on, status, "
                "card_number) SELECT id, %s, %s, 'active', 'B' || id FROM org_person "
                "WHERE given_name = 'Бенч'",
                [region.pk, admitted],
            )
        candidates = Person.objects.bulk_create(
            Person(
                surname=f"Үміткер{n}",
                given_name="Бенч-үміткер",
                birth_date=dt.date(1970 + 2 * n, 3, 1),
                sex="female" if n % 3 == 0 else "male",
            )
            for n in range(CANDIDATES)
        )
        Membership.objects.bulk_create(
            Membership(person=p, branch=region, admitted_on=admitted, card_number=f"C{p.pk}")
            for p in candidates
        )
        campaign = actions.open_campaign(
            actor=office,
            branch=region,
            code="bench-primaries",
            body=body,
            nominations_close_on=VOTE_ON - dt.timedelta(days=20),
            vote_on=VOTE_ON,
            places=CANDIDATES,
            name_kk="Праймериз",
            name_ru="Праймериз",
        )
        for person in candidates:
            candidate = actions.nominate_candidate(
                actor=office,
                campaign=campaign,
                person=person,
                nominated_on=VOTE_ON - dt.timedelta(days=25),
                consent_on=VOTE_ON - dt.timedelta(days=25),
                documents=SimpleUploadedFile("өтініш.pdf", b"%PDF-1.4", "application/pdf"),
            )
            actions.register_candidate(actor=office, candidate=candidate)
    return office, campaign


if __name__ == "__main__":
    main()
