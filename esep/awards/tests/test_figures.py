"""`awards.granted`: the awards granted by decisions of the period, placed by the granting
branch, broken down by award; its drill-down names the awarded only to who may read them."""

import datetime as dt

import pytest
from django.urls import reverse

from esep.awards import actions
from esep.awards.tests.conftest import DECEMBER
from esep.figures.compute import Scope, compute, group_labels, records
from esep.figures.periods import Period
from esep.figures.registry import get
from esep.lib.iin import make_iin
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
DEC_2021 = Period(dt.date(2021, 12, 1), dt.date(2021, 12, 31))


@pytest.fixture
def granted(tree, officer, catalogue, kostanay_bureau):
    made = []
    # One of them found by IIN, so the drill-down has personal data it must not show.
    iin = make_iin(dt.date(1984, 3, 2), "female", serial=11)
    for award, name, branch, given_iin in [
        ("badge", "Ким", tree.kostanay, ""),
        ("badge", "Омаров", tree.rudny, ""),
        ("honour", "Ли", tree.kostanay, ""),
        ("letter", "Зимовец", tree.kostanay, iin),
    ]:
        nomination = actions.nominate(
            actor=officer,
            branch=branch,
            award=catalogue[award],
            iin=given_iin,
            surname=name,
            given_name="Анна",
            grounds="—",
        )
        made.append(
            actions.grant(
                actor=officer,
                nomination=nomination,
                body=kostanay_bureau,
                decision_number="5",
                decided_on=DECEMBER,
            )
        )
    # Pending, refused, or decided in another year: not counted.
    pending = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["medal"],
        surname="Бек",
        given_name="Жүсіп",
        grounds="—",
    )
    refused = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["medal"],
        surname="Сейіт",
        given_name="Асқар",
        grounds="—",
    )
    actions.refuse(
        actor=officer, nomination=refused, body=kostanay_bureau, decided_on=DECEMBER, reason="—"
    )
    later = actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["medal"],
        surname="Кейін",
        given_name="Ерлан",
        grounds="—",
    )
    actions.grant(
        actor=officer,
        nomination=later,
        body=kostanay_bureau,
        decision_number="1",
        decided_on=dt.date(2022, 1, 5),
    )
    # Atyrau grants its own.
    atyrau_officer = user_with_role("reception_officer", tree.atyrau, "atyrau-officer")
    atyrau = actions.nominate(
        actor=atyrau_officer,
        branch=tree.atyrau,
        award=catalogue["badge"],
        surname="Атырау",
        given_name="Әлия",
        grounds="—",
    )
    actions.grant(
        actor=atyrau_officer,
        nomination=atyrau,
        body=tree.bureau,
        decision_number="2",
        decided_on=DECEMBER,
    )
    return made, pending


def test_awards_granted_in_the_period_placed_by_the_granting_branch(tree, granted, catalogue):
    kostanay = compute(["awards.granted"], Scope(tree.kostanay), DEC_2021)
    assert kostanay == {"awards.granted": 4}
    assert compute(["awards.granted"], Scope(tree.central), DEC_2021) == {"awards.granted": 5}
    # Broken down by award — each award of the catalogue, named as it is.
    by_award = compute(["awards.granted"], Scope(tree.kostanay), DEC_2021, breakdown="kind")
    badge, honour, letter = (str(catalogue[name].pk) for name in ("badge", "honour", "letter"))
    assert by_award == {"awards.granted": {badge: 2, honour: 1, letter: 1}}
    source = get("awards.granted").source
    assert source is not None
    labels = group_labels("kind", [badge, letter], Scope(tree.kostanay), source)
    assert labels == {badge: "Белсенді қызметі үшін", letter: "Алғыс хат"}


def test_the_drill_down_lists_names_to_readers_and_nothing_to_others(client, tree, granted):
    query = {"scope": "kostanay", "start": "2021-12-01", "end": "2021-12-31"}
    url = reverse("figures:drill", args=["awards.granted"])
    client.force_login(user_with_role("analyst", tree.kostanay, "analyst"))
    page = client.get(url, query)
    assert page.status_code == 200 and page.context["page"].paginator.count == 4
    body = page.content.decode()
    assert "Зимовец Анна" in body and "Бек Жүсіп" not in body
    people = [n.person for n in granted[0]]
    assert any(person.iin for person in people)
    for person in people:
        assert person.iin is None or person.iin not in body
    badge = granted[0][0].award_id
    group = client.get(url, {**query, "group": f"kind:{badge}"})
    assert group.context["page"].paginator.count == 2
    assert "Белсенді қызметі үшін" in group.content.decode()
    # A group that names no award is none of them, not an error.
    for key in ("badge", "9" * 30):
        assert client.get(url, {**query, "group": f"kind:{key}"}).context["value"] in (0, None)
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    assert (
        records(
            "awards.granted",
            Scope(tree.kostanay),
            DEC_2021,
            user=user_with_role("analyst", tree.atyrau, "a2"),
        ).count()
        == 0
    )
