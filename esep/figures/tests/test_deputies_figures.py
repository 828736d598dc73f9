"""The deputies' figures against the deputies' small world (esep.deputies.tests.factories),
counted by hand: six of the party's deputies in Kostanay's oblast maslikhat (two of them
young in 2021, one a woman) and one in Atyrau's city maslikhat, beside a deputy of another
party who never counts; the rating computed for a month; receptions, control posts,
inquiries and sittings with their attendance — scoped by branch, territory and body, seen
only within the user's branches, and drilled down to the mandates."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from esep.appeals.tests.factories import StateBodyFactory
from esep.control.posts.models import ControlPost
from esep.deputies import rating
from esep.deputies.models import Attendance, Inquiry, Mandate, Sitting, Snapshot
from esep.deputies.tests.factories import build_deputies
from esep.figures.compute import compute, compute_periods, parse_scope, records
from esep.figures.periods import Period
from esep.figures.registry import DEPUTIES, get
from esep.org.tests.factories import PersonFactory
from esep.receptions.models import Reception

pytestmark = pytest.mark.django_db
MARCH = dt.date(2021, 3, 1)
Q1 = Period(dt.date(2021, 1, 1), dt.date(2021, 3, 31))
CENTRAL = ["central", "000000000"]


@pytest.fixture
def council(tree):
    return build_deputies(tree)


def _reception(council, day, receivers, status="held"):
    start = dt.datetime.combine(day, dt.time(5), dt.UTC)
    reception = Reception.objects.create(
        branch=council.tree.kostanay,
        territory=council.tree.kostanay.territory,
        kind="office",
        place_type="office",
        address="Байтұрсынов к-сі, 65",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        status=status,
        people_received=5 if status == "held" else None,
        created_by=council.office,
    )
    reception.receivers.set(receivers)
    return reception


def _post(council, head, opened_on, closed_on=None):
    return ControlPost.objects.create(
        object_kind="school",
        object_name=f"Мектеп {head.pk}",
        address="Ленин к-сі, 1",
        territory=council.tree.kostanay.territory,
        branch=council.tree.kostanay,
        head=head,
        opened_on=opened_on,
        closed_on=closed_on,
        status="closed" if closed_on else "active",
        created_by=council.office,
    )


@pytest.fixture
def work(council):
    """On top of the council:
    - a mandate of the party held only in 2020 (not in office in 2021, never rated);
    - the rating of February and March 2021 computed (the period's last is March);
    - receptions: one held in March with a deputy among the receivers, one held with the
      other party's deputy only, one planned with a deputy, one held before the deputies'
      mandates began (3 January);
    - control posts: one headed by a deputy (open), one headed by the rival, one headed by
      a deputy and closed in February;
    - two inquiries by the party's deputies, one by the rival;
    - a sitting in March: four present, one excused, one absent; the rival present."""
    ended = Mandate.objects.create(
        person=PersonFactory.create(sex="male"),
        convocation=council.atyrau_convocation,
        kind=Mandate.Kind.PARTY_LIST,
        party=council.own,
        started_on=dt.date(2020, 1, 15),
        ended_on=dt.date(2020, 12, 31),
        end_reason=Mandate.EndReason.RESIGNED,
    )
    rating.compute(dt.date(2021, 2, 1))
    rating.compute(MARCH)
    deputies = [m.person for m in council.mandates]
    _reception(council, dt.date(2021, 3, 10), [deputies[0], council.tree.members["kostanay"]])
    _reception(council, dt.date(2021, 3, 11), [council.rival.person])
    _reception(council, dt.date(2021, 3, 12), [deputies[1]], status="planned")
    _reception(council, dt.date(2021, 1, 3), [deputies[2]])
    _post(council, deputies[0], dt.date(2021, 2, 1))
    _post(council, council.rival.person, dt.date(2021, 2, 1))
    _post(council, deputies[3], dt.date(2021, 1, 20), closed_on=dt.date(2021, 2, 20))
    state_body = StateBodyFactory.create()
    for mandate, day in (
        (council.mandates[0], dt.date(2021, 3, 2)),
        (council.atyrau_mandate, dt.date(2021, 2, 2)),
        (council.rival, dt.date(2021, 3, 3)),
    ):
        Inquiry.objects.create(
            mandate=mandate,
            state_body=state_body,
            subject="Мектептің жылу жүйесі",
            sent_on=day,
            recorded_by=council.office,
        )
    sitting = Sitting.objects.create(
        convocation=council.convocation,
        number=3,
        held_on=dt.date(2021, 3, 25),
        recorded_by=council.office,
    )
    marks = ["present", "present", "present", "present", "excused", "absent"]
    for mandate, mark in zip(council.mandates, marks, strict=True):
        Attendance.objects.create(sitting=sitting, mandate=mandate, mark=mark)
    Attendance.objects.create(sitting=sitting, mandate=council.rival, mark="present")
    return ended


def test_the_seed_shape_rated_young_and_young_in_kostanay(council, work):
    """ "N deputies rated, M young, K of them in Kostanay oblast": 7 rated (the six in
    Kostanay and Atyrau's one, never the other party's), 2 young (born 1990 and 1988), both
    in Kostanay oblast — by branch or by KATO territory alike."""
    codes = ["deputies.rated", "deputies.young"]
    for code in CENTRAL:
        assert compute(codes, parse_scope(code), Q1) == {"deputies.rated": 7, "deputies.young": 2}
    for code in ("kostanay", "390000000"):
        assert compute(codes, parse_scope(code), Q1) == {"deputies.rated": 6, "deputies.young": 2}
    for code in ("atyrau", "230000000"):
        assert compute(codes, parse_scope(code), Q1) == {"deputies.rated": 1, "deputies.young": 0}
    by_territory = compute(codes, parse_scope("000000000"), Q1, breakdown="territory")
    kostanay = council.tree.kostanay.territory.path
    assert by_territory["deputies.young"][kostanay] == 2
    assert by_territory["deputies.rated"][kostanay] == 6


def test_in_office_women_and_average_age(council, work):
    scope = parse_scope("central")
    values = compute(["deputies.count", "deputies.women", "deputies.average_age"], scope, Q1)
    # Ages on 31 March 2021: 30, 46, 52, 41, 32, 48 in Kostanay, 36 in Atyrau.
    assert values == {"deputies.count": 7, "deputies.women": 1, "deputies.average_age": 40.7}
    # In 2020 only the mandate that ended then was held (no month computed: no ages).
    year_2020 = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert compute(
        ["deputies.count", "deputies.rated", "deputies.average_age"], scope, year_2020
    ) == {
        "deputies.count": 1,
        "deputies.rated": 0,
        "deputies.average_age": None,
    }


def test_the_last_computed_month_and_its_latest_revision(council, work, settings):
    """A period's ages are its last computed month's: February alone reads February; a
    recompute of March under another young age keeps one current revision per deputy."""
    february = Period(dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    assert compute(["deputies.young"], parse_scope("central"), february) == {"deputies.young": 2}
    settings.ESEP_YOUNG_AGE = 31  # only the one aged 30 is young now
    rating.compute(MARCH)
    assert Snapshot.objects.filter(month=MARCH).count() == 7
    assert compute(["deputies.young"], parse_scope("central"), Q1) == {"deputies.young": 1}
    assert compute(["deputies.young"], parse_scope("central"), february) == {"deputies.young": 2}


def test_the_last_months_figures_are_counted_in_one_query_a_period(council, work, settings):
    """Rated, young and their average age share the last computed month: one query finds
    it and one counts all three, each with its condition, for each period read; each as
    it reads alone. The month is that of every snapshot, not of those meeting a figure's
    condition: March recomputed with nobody young leaves Q1 with no young deputies, not
    February's two."""
    codes = ["deputies.rated", "deputies.young", "deputies.average_age"]
    scope = parse_scope("central")
    with CaptureQueriesContext(connection) as queries:
        together = compute_periods(codes, scope, [Q1, Q1.previous()])
    counted = [q["sql"] for q in queries if 'FROM "deputies_snapshot"' in q["sql"]]
    assert len([sql for sql in counted if "MAX(" not in sql]) <= 2, counted
    assert together == [compute(codes, scope, Q1), compute(codes, scope, Q1.previous())]
    assert (together[0]["deputies.rated"], together[0]["deputies.young"]) == (7, 2)
    settings.ESEP_YOUNG_AGE = 18
    rating.compute(MARCH)
    assert compute(["deputies.young"], scope, Q1) == {"deputies.young": 0}
    assert compute(codes, scope, Q1)["deputies.young"] == 0


def test_the_last_months_figures_are_kept_by_the_month_found(council, work, monkeypatch):
    """The month a period's snapshots are read from is found each time, and their figures'
    statement is kept by it: asked again, nothing is built; once a later month is computed,
    the figures are that month's (a deputy who left before it is no longer rated)."""
    from esep.lib import statements

    statements.forget()
    built = []
    compile_it = statements.compiled

    def compiled(queryset):
        built.append(queryset.model)
        return compile_it(queryset)

    monkeypatch.setattr(statements, "compiled", compiled)
    codes = ["deputies.rated", "deputies.young", "deputies.average_age"]
    to_april = Period(dt.date(2021, 1, 1), dt.date(2021, 4, 30))
    first = compute(codes, parse_scope("central"), to_april)
    assert first["deputies.rated"] == 7 and Snapshot in built
    built.clear()
    assert compute(codes, parse_scope("central"), to_april) == first
    assert Snapshot not in built  # kept: March's
    leaving = council.mandates[5]
    leaving.ended_on = dt.date(2021, 3, 31)
    leaving.end_reason = Mandate.EndReason.RESIGNED
    leaving.save()
    rating.compute(dt.date(2021, 4, 1))
    april = compute(codes, parse_scope("central"), to_april)
    assert april["deputies.rated"] == 6 and Snapshot in built
    assert compute(codes, parse_scope("central"), Q1) == first  # March's, still kept


def test_receptions_posts_inquiries_and_attendance(council, work):
    scope = parse_scope("central")
    values = compute(
        [
            "deputies.receptions_held",
            "deputies.control_posts_headed",
            "deputies.inquiries",
            "deputies.sittings_attended",
            "deputies.sittings_counted",
            "deputies.attendance_share",
        ],
        scope,
        Q1,
    )
    assert values == {
        "deputies.receptions_held": 1,
        "deputies.control_posts_headed": 1,
        "deputies.inquiries": 2,
        "deputies.sittings_attended": 4,
        "deputies.sittings_counted": 5,
        "deputies.attendance_share": 80.0,
    }
    # At the end of January only the post closed in February was open: it counts alone.
    january = Period(dt.date(2021, 1, 1), dt.date(2021, 1, 31))
    assert compute(["deputies.control_posts_headed"], scope, january) == {
        "deputies.control_posts_headed": 1
    }


def test_by_representative_body(council, work):
    values = compute(
        ["deputies.count", "deputies.young", "deputies.inquiries", "deputies.attendance_share"],
        parse_scope("central"),
        Q1,
        breakdown="body",
    )
    kostanay, atyrau = str(council.body.pk), str(council.atyrau_body.pk)
    assert values["deputies.count"] == {kostanay: 6, atyrau: 1}
    assert values["deputies.young"] == {kostanay: 2, atyrau: 0}
    assert values["deputies.inquiries"] == {kostanay: 1, atyrau: 1}
    assert values["deputies.attendance_share"] == {kostanay: 80.0, atyrau: None}
    # Records not placed in a body have no such breakdown.
    assert "deputies.receptions_held" not in compute(
        ["deputies.receptions_held"], parse_scope("central"), Q1, breakdown="body"
    )


def test_a_user_counts_only_the_branches_whose_work_they_see(council, work):
    scope = parse_scope("central")
    codes = ["deputies.count", "deputies.rated", "deputies.young", "deputies.inquiries"]
    assert compute(codes, scope, Q1, user=council.outsider) == {
        "deputies.count": 1,
        "deputies.rated": 1,
        "deputies.young": 0,
        "deputies.inquiries": 1,
    }
    assert compute(codes, scope, Q1, user=council.office) == {
        "deputies.count": 6,
        "deputies.rated": 6,
        "deputies.young": 2,
        "deputies.inquiries": 1,
    }


def test_every_count_drills_to_as_many_records(council, work):
    scope = parse_scope("central")
    for code in DEPUTIES:
        figure = get(code)
        if figure.is_share or figure.total[0] == "avg":
            continue
        value = compute([code], scope, Q1)[code]
        found = records(code, scope, Q1, user=council.central)
        if figure.total[0] == "distinct":
            assert found.values(figure.total[1]).distinct().count() == value, code
        else:
            assert found.count() == value, code


def test_the_drill_down_lists_mandates_with_public_fields_only(client, council, work):
    client.force_login(council.office)
    query = {"scope": "kostanay", "start": "2021-01-01", "end": "2021-03-31"}
    response = client.get(reverse("figures:drill", args=["deputies.young"]), query)
    assert response.status_code == 200
    page = response.content.decode()
    young = [council.mandates[0].person, council.mandates[4].person]
    for person in young:
        assert person.surname in page
    assert council.mandates[1].person.surname not in page
    assert str(council.body.name) in page
    for person in young:  # no birth date, in any form
        born = person.birth_date
        assert born.strftime("%d.%m.%Y") not in page and born.isoformat() not in page
    # By body: the group's link from the dashboard opens the same list.
    group = {**query, "group": f"body:{council.body.pk}"}
    response = client.get(reverse("figures:drill", args=["deputies.count"]), group)
    assert response.status_code == 200
    assert str(council.body.name) in response.content.decode()
    bad = {**query, "group": "body:../x"}
    assert client.get(reverse("figures:drill", args=["deputies.count"]), bad).status_code == 404
    # A share opens its two parts; attendance lists the marks.
    share = client.get(reverse("figures:drill", args=["deputies.attendance_share"]), query)
    assert reverse("figures:drill", args=["deputies.sittings_counted"]) in share.content.decode()
    marks = client.get(reverse("figures:drill", args=["deputies.sittings_attended"]), query)
    assert marks.status_code == 200


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_dashboard_shows_the_deputies_and_exports_them(client, council, work, language):
    client.force_login(council.central)
    query = {"scope": "central", "start": "2021-01-01", "end": "2021-03-31"}
    url = f"/{language}" + reverse("figures:dashboard")[3:]
    page = client.get(url, query, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert reverse("figures:drill", args=["deputies.young"])[3:] in page
    assert f"group=body:{council.body.pk}" in page
    csv = client.get(reverse("figures:export", args=["csv"]), {**query, "table": "deputies"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("deputies.rated,") for line in lines)
    assert len(lines) == 1 + len(DEPUTIES)


def test_the_command_prints_them(council, work, capsys):
    call_command(
        "figures",
        "--scope=390000000",
        "--period=2021-Q1",
        "--figure=deputies.rated",
        "--figure=deputies.young",
        "--format=json",
    )
    out = capsys.readouterr().out
    assert '"code": "deputies.young"' in out and '"value": 2' in out
    call_command(
        "figures",
        "--scope=central",
        "--period=2021-Q1",
        "--breakdown=body",
        "--figure=deputies.count",
        "--language=ru",
    )
    out = capsys.readouterr().out
    assert "Костанайский областной маслихат" in out
