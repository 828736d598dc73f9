"""The elections' staff pages end to end in each language — a campaign, an election, its
lists and candidates, a protocol row, the certification and the seats it gives — and the
outsiders: not signed in (sent to log in), another region's head (not found), roles without
MANAGE_ELECTIONS (refused the steps)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from esep.deputies.models import Level, Mandate, RepresentativeBody
from esep.elections import actions
from esep.elections.models import Campaign, Candidate, Election, PartyList, Tally, Tenure
from esep.lib.iin import make_iin
from esep.org.models import Person
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.fixture
def district_body(world):
    """Rudny's town maslikhat, followed by the Kostanay branch's subtree."""
    tree = world.tree
    return RepresentativeBody.objects.create(
        code="rudny-maslikhat",
        level=Level.DISTRICT,
        territory=tree.rudny.territory,
        branch=tree.kostanay,
        name_kk="Рудный қалалық мәслихаты",
        name_ru="Рудненский городской маслихат",
        name_en="Rudny town maslikhat",
    )


def step(client, election, name, data, status=302):
    reply = client.post(reverse("elections:election-step", args=[election.pk, name]), data)
    assert reply.status_code == status, reply.content.decode()[:3000]
    return reply


def candidate_data(surname, **more):
    return {
        "surname": surname,
        "given_name": "Айгүл",
        "sex": "female",
        "registered_on": "2020-12-01",
        **more,
    }


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_election_recorded_counted_and_certified_through_the_pages(
    language, world, district_body, login
):
    p = world.parties
    with translation.override(language):
        client = login(world.admin)
        made = client.post(
            reverse("elections:campaign-new"),
            {
                "code": "maslikhats-2021",
                "held_on": "2021-01-10",
                "name_kk": "Мәслихаттар сайлауы",
                "name_ru": "Выборы в маслихаты",
            },
        )
        campaign = Campaign.objects.get(code="maslikhats-2021")
        assert made.status_code == 302 and made.url == campaign.get_absolute_url()
        client = login(world.head)
        made = client.post(
            reverse("elections:election-new"),
            {
                "campaign": campaign.code,
                "code": "rudny-2021",
                "kind": "maslikhat",
                "territory": district_body.territory.kato,
                "branch": "kostanay",
                "body": district_body.code,
                "term_starts_on": "2021-01-15",
                "seats": "5",
                "system": "party_list",
                "threshold": "7",
                "base": "list_votes",
                "tie": "earlier_registration",
                "law_version": "Конституциялық заң, 2021",
            },
        )
        election = Election.objects.get(code="rudny-2021")
        assert made.status_code == 302 and made.url == election.get_absolute_url()
        assert (election.held_on, election.list_seats, str(election.threshold)) == (
            dt.date(2021, 1, 10),
            5,
            "7.00",
        )
        for party in (p.own, p.ak_zhol, p.auyl):
            step(client, election, "list", {"party": party.code})
        lists = {pl.party.code: pl for pl in PartyList.objects.filter(election=election)}
        assert [lists[c].registered for c in ("amanat", "ak-zhol", "auyl")] == [1, 2, 3]
        own = lists["amanat"]
        # The first found by IIN (a person esep holds, their names as recorded), the rest new.
        known = PersonFactory.create(
            surname="Сейтова", given_name="Айгүл", birth_date=dt.date(1980, 5, 1), sex="female"
        )
        known.iin = make_iin(known.birth_date, "female", 7)
        known.save()
        step(
            client,
            election,
            "candidate",
            candidate_data("Сейтова", iin=known.iin, party_list=own.pk, position="1"),
        )
        step(
            client,
            election,
            "candidate",
            candidate_data("Омарова", party_list=own.pk, position="2", age="29"),
        )
        step(
            client,
            election,
            "candidate",
            candidate_data("Ахметова", party_list=lists["ak-zhol"].pk, position="1"),
        )
        step(
            client,
            election,
            "candidate",
            candidate_data("Жұмабаева", party_list=lists["auyl"].pk, position="1"),
        )
        first = Candidate.objects.get(election=election, position=1, party_list=own)
        assert first.person_id == known.pk and first.age == 40
        assert Person.objects.filter(surname="Омарова").count() == 1
        votes = {"amanat": 700, "ak-zhol": 250, "auyl": 120}
        step(
            client,
            election,
            "tally",
            {
                "station": "101",
                "registered_voters": "1800",
                "took_part": "1100",
                "invalid": "30",
                **{f"list_{lists[code].pk}": str(n) for code, n in votes.items()},
            },
        )
        assert Tally.objects.get(election=election).invalid == 30
        page = client.get(election.get_absolute_url())
        assert page.status_code == 200
        # Before certification: the seats the lists would take now. The quota 1070 / 5 =
        # 214: amanat 3 whole quotas (remainder 58), ak-zhol 1 (36), auyl none (120),
        # which takes the fifth mandate by the largest remainder.
        shown = {row.party_list.party.code: row for row in page.context["lists"]}
        assert [shown[c].seats for c in ("amanat", "ak-zhol", "auyl")] == [3, 1, 1]
        assert [shown[c].whole for c in ("amanat", "ak-zhol", "auyl")] == [3, 1, 0]
        assert str(shown["amanat"].remainder) == "58.00"
        assert shown["auyl"].by_remainder and not shown["amanat"].by_remainder
        assert str(page.context["quota"]) == "214.00"
        assert str(page.context["counted"].turnout) == "61.11"
        assert gettext("Seats if certified now") in page.content.decode()
        # Amanat's list has two candidates for its three seats: refused, in the language.
        refused = step(client, election, "certify", {"confirmed": "on"}, status=400)
        errors = refused.context["steps"][-1].form.non_field_errors()
        assert [e.code for e in errors.as_data()] == ["list_too_short"]
        assert str(own.party) in errors[0]
        election.refresh_from_db()
        assert election.state == "open"
        step(
            client,
            election,
            "candidate",
            candidate_data("Серікова", party_list=own.pk, position="3"),
        )
        step(client, election, "certify", {"confirmed": "on"})
        election.refresh_from_db()
        assert election.state == "certified"
        assert [pl.seats for pl in election.lists.order_by("registered")] == [3, 1, 1]
        assert Mandate.objects.filter(convocation=election.convocation).count() == 5
        page = client.get(election.get_absolute_url())
        assert gettext("Seats won") in page.content.decode()
        assert page.context["steps"] == []  # a certified election no longer changes
        assert known.full_name in page.content.decode()
        assert known.iin not in page.content.decode()
        listing = client.get(reverse("elections:elections"), {"state": "certified", "year": "2021"})
        assert election.code in listing.content.decode()
        assert world.election.code not in listing.content.decode()
        export = client.get(reverse("elections:election-export", args=["csv"]), {"q": "rudny"})
        assert export.status_code == 200 and election.title in export.content.decode()
        campaign_page = client.get(campaign.get_absolute_url())
        assert election.title in campaign_page.content.decode()


def test_an_akims_election_with_a_self_nominated_rival_and_an_appointed_predecessor(world, login):
    district = world.districts[2]  # Kostanay's first rural district
    client = login(world.head)
    made = client.post(
        reverse("elections:election-new"),
        {
            "campaign": world.akims_campaign.code,
            "code": "akim-kostanay-31",
            "kind": "akim",
            "office": "rural_district",
            "territory": district.kato,
            "branch": "kostanay",
            "term_starts_on": "2021-07-28",
            "seats": "1",
            "system": "single_member",
            "base": "list_votes",
            "tie": "earlier_registration",
            "law_version": "2021",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    election = Election.objects.get(code="akim-kostanay-31")
    step(
        client,
        election,
        "candidate",
        candidate_data("Бекова", party=world.parties.own.code, nominated_by="kostanay", age="44"),
    )
    step(client, election, "candidate", candidate_data("Сапарова", age="52"))
    ours, rival = Candidate.objects.filter(election=election).order_by("pk")
    assert (ours.nominated_by, rival.party) == (world.tree.kostanay, None)
    step(
        client,
        election,
        "tally",
        {
            "registered_voters": "5000",
            "took_part": "3000",
            "invalid": "100",
            f"candidate_{ours.pk}": "1800",
            f"candidate_{rival.pk}": "1100",
        },
    )
    page = client.get(election.get_absolute_url())
    assert page.context["akim_leading"] == [ours]
    step(client, election, "certify", {"confirmed": "on"})
    tenure = Tenure.objects.get(election=election)
    assert tenure.person_id == ours.person_id
    appointed = Tenure.objects.get(territory=district, election__isnull=True)
    assert appointed.ended_on == dt.date(2021, 7, 27)
    terms = client.get(reverse("elections:tenures"), {"held_on": "2021-08-01"})
    text = terms.content.decode()
    assert ours.person.full_name in text and appointed.person.full_name not in text
    terms = client.get(
        reverse("elections:tenures"), {"held_on": "2021-07-01", "office": "rural_district"}
    )
    assert appointed.person.full_name in terms.content.decode()


def test_an_appointed_akims_term_is_recorded_through_its_page(world, login):
    district = world.districts[3]
    client = login(world.head)
    made = client.post(
        reverse("elections:tenure-new"),
        {
            "branch": "kostanay",
            "office": "rural_district",
            "territory": district.kato,
            "started_on": "2022-02-01",
            "surname": "Қасымов",
            "given_name": "Ерлан",
            "sex": "male",
        },
    )
    assert made.status_code == 302 and made.url == reverse("elections:tenures")
    tenure = Tenure.objects.get(territory=district, started_on=dt.date(2022, 2, 1))
    assert tenure.person.full_name == "Қасымов Ерлан"
    # Outside the branch's territory: refused on the territory, nothing recorded.
    refused = client.post(
        reverse("elections:tenure-new"),
        {
            "branch": "kostanay",
            "office": "rural_district",
            "territory": world.districts[0].kato,
            "started_on": "2022-02-01",
            "surname": "Қасымов",
            "given_name": "Ерлан",
        },
    )
    assert refused.status_code == 400 and "territory" in refused.context["form"].errors


def test_refusals_are_shown_in_the_users_language(world, login):
    client = login(world.head)
    election = actions.add_election(
        actor=world.head,
        campaign=world.akims_campaign,
        code="akim-kostanay-32",
        kind="akim",
        office="rural_district",
        territory=world.districts[3],
        branch=world.tree.kostanay,
        system="single_member",
        seats=1,
        law_version="2021",
        term_starts_on=dt.date(2021, 7, 28),
    )
    with translation.override("ru"):
        refused = step(client, election, "certify", {"confirmed": "on"}, status=400)
        expected = gettext("Record the commission's protocol before certifying the results.")
        assert refused.context["steps"][-1].form.non_field_errors() == [expected]
        unconfirmed = step(client, election, "certify", {}, status=400)
        # Django's own message, in Russian: the form speaks the user's language.
        assert "Обязательное поле." in unconfirmed.content.decode()
        over = step(
            client,
            election,
            "tally",
            {"registered_voters": "100", "took_part": "120", "invalid": "0"},
            status=400,
        )
        form = over.context["steps"][-2].form
        assert form.errors["took_part"] == [
            gettext("More voters took part than there are on the lists.")
        ]
    with translation.override("kk"):
        refused = client.post(
            reverse("elections:campaign-new"),
            {"code": world.campaign.code, "held_on": "2021-01-10", "name_kk": "а", "name_ru": "б"},
        )
        # A branch head does not call campaigns: the page is the central office's.
        assert refused.status_code == 403
    client = login(world.admin)
    with translation.override("ru"):
        duplicate = client.post(
            reverse("elections:campaign-new"),
            {"code": world.campaign.code, "held_on": "2021-01-10", "name_kk": "а", "name_ru": "б"},
        )
        assert duplicate.status_code == 400
        assert duplicate.context["form"].errors["code"] == [
            gettext("An election campaign with this code already exists.")
        ]


def test_outsiders(world, client, login):
    election = world.election
    page = reverse("elections:election", args=[election.pk])
    for url in (page, reverse("elections:elections"), reverse("elections:election-new")):
        reply = client.get(url)
        assert reply.status_code == 302 and "login" in reply.url
    # Atyrau's head does not follow Kostanay's election: not found, nor any step on it.
    login(world.outsider)
    assert client.get(page).status_code == 404
    reply = client.post(reverse("elections:election-step", args=[election.pk, "certify"]), {})
    assert reply.status_code == 404
    assert election.code not in client.get(reverse("elections:elections")).content.decode()
    # An analyst and a deputy of Kostanay read the election but take no step on it.
    for role in ("analyst", "deputy"):
        login(user_with_role(role, world.tree.kostanay, f"{role}-kostanay-elections"))
        shown = client.get(page)
        assert shown.status_code == 200 and shown.context["steps"] == []
        reply = client.post(
            reverse("elections:election-step", args=[election.pk, "certify"]),
            {"confirmed": "on"},
        )
        assert reply.status_code == 403
        assert client.get(reverse("elections:election-new")).status_code == 403
        assert client.get(reverse("elections:tenure-new")).status_code == 403
    election.refresh_from_db()
    assert election.state == "open"
    # A state body's contact reads no elections at all.
    login(user_with_role("state_body_contact", world.tree.kostanay, "contact-elections"))
    assert client.get(reverse("elections:elections")).status_code == 403
    assert client.get(page).status_code == 404


def test_a_mixed_election_with_a_constituency_and_a_withdrawal(world, district_body, login):
    p = world.parties
    client = login(world.head)
    election = actions.add_election(
        actor=world.head,
        campaign=world.campaign,
        code="rudny-mixed",
        kind="maslikhat",
        territory=world.tree.rudny.territory,
        branch=world.tree.kostanay,
        body=district_body,
        system="mixed",
        seats=2,
        list_seats=1,
        threshold="5",
        law_version="2021",
        term_starts_on=dt.date(2021, 1, 15),
    )
    step(
        client,
        election,
        "constituency",
        {"number": "1", "territory": world.tree.rudny.territory.kato, "seats": "1"},
    )
    step(client, election, "list", {"party": p.own.code})
    own = PartyList.objects.get(election=election)
    step(client, election, "candidate", candidate_data("Әлиева", party_list=own.pk, position="1"))
    constituency = election.constituencies.get()
    step(
        client,
        election,
        "candidate",
        candidate_data("Нұрова", constituency=constituency.pk, party=p.own.code),
    )
    step(client, election, "candidate", candidate_data("Бекова", constituency=constituency.pk))
    leaving = Candidate.objects.get(person__surname="Бекова")
    step(client, election, "withdraw", {"candidate": leaving.pk, "withdrawn_on": "2021-01-05"})
    leaving.refresh_from_db()
    assert leaving.withdrawn_on == dt.date(2021, 1, 5)
    page = client.get(election.get_absolute_url())
    # The withdrawn candidate is offered neither for withdrawal again nor in the protocol.
    forms = {s.name: s.form for s in page.context["steps"]}
    assert f"candidate_{leaving.pk}" not in forms["tally"].fields
    assert leaving not in forms["withdraw"].fields["candidate"].queryset
    ours = Candidate.objects.get(person__surname="Нұрова")
    step(
        client,
        election,
        "tally",
        {
            "constituency": constituency.pk,
            "registered_voters": "900",
            "took_part": "500",
            "invalid": "0",
            f"list_{own.pk}": "450",
            f"candidate_{ours.pk}": "470",
        },
    )
    assert Tally.objects.get(election=election).territory == world.tree.rudny.territory
    step(client, election, "certify", {"confirmed": "on"})
    page = client.get(election.get_absolute_url())
    (shown,) = page.context["constituencies"]
    assert [c.pk for c in shown.standing if c.elected] == [ours.pk]
    assert set(Candidate.objects.filter(election=election, elected=True)) == {
        ours,
        Candidate.objects.get(person__surname="Әлиева"),
    }
