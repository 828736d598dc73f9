"""The outreach pages end to end, in Kazakh, Russian and English: opening a campaign, its
plan, a meeting (its speaker found by a search) and a round through their creation pages,
the campaign's plan against fact, the lists with their filters and exports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.outreach import actions
from esep.outreach.models import Campaign, Meeting, Round

pytestmark = pytest.mark.django_db


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_campaign_from_opening_to_plan_against_fact(client, tree, head, language):
    client.force_login(head)
    city = tree.atyrau_city.territory
    opened = client.post(
        url("outreach:campaign-new", language),
        {
            "branch": "atyrau",
            "code": f"door-{language}",
            "kind": "door_to_door",
            "name_kk": "Есіктен-есікке",
            "name_ru": "От двери к двери",
            "name_en": "Door to door",
            "starts_on": "2020-11-01",
            "ends_on": "2021-01-10",
        },
    )
    campaign = Campaign.objects.get(code=f"door-{language}")
    assert opened.status_code == 302 and opened.url == url(
        "outreach:campaign", language, campaign.pk
    )
    form = client.get(url("outreach:plan-new", language) + f"?campaign={campaign.code}")
    assert form.context["form"].initial["campaign"] == campaign.code
    made = client.post(
        url("outreach:plan-new", language),
        {
            "campaign": campaign.code,
            "territory": city.kato,
            "meetings": 4,
            "households": 100,
            "people": 400,
        },
    )
    assert made.status_code == 302
    speaker = tree.members["atyrau-city"]
    found = client.get(
        url("outreach:speakers", language), {"q": speaker.surname[:4], "name": "speakers"}
    )
    assert f'value="{speaker.pk}"' in found.content.decode()
    made = client.post(
        url("outreach:meeting-new", language),
        {
            "campaign": campaign.code,
            "territory": city.kato,
            "held_on": "2020-12-01",
            "place": "Аула",
            "people": 60,
            "speakers": [speaker.pk],
            "topic": "Бағдарлама",
        },
    )
    assert made.status_code == 302, made.context["form"].errors
    made = client.post(
        url("outreach:round-new", language),
        {
            "campaign": campaign.code,
            "territory": city.kato,
            "held_on": "2020-12-02",
            "households": 50,
            "people": 140,
            "volunteers": 6,
        },
    )
    assert made.status_code == 302
    assert list(Meeting.objects.get().speakers.all()) == [speaker]
    page = client.get(url("outreach:campaign", language, campaign.pk))
    assert page.status_code == 200
    total = page.context["progress"].total
    # People reached: the round's 140 and the meeting's 60.
    assert (total.meetings, total.households, total.people) == (1, 50, 200)
    line = page.context["progress"].lines[0]
    assert line.shares == {"meetings": 25.0, "households": 50.0, "people": 50.0}
    html = page.content.decode()
    assert speaker.surname in html and "Аула" in html
    chart = client.get(url("outreach:campaign-chart", language, campaign.pk))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
    assert b"<script" not in chart.content


def test_a_refused_round_is_shown_again_with_its_error(client, tree, head, campaign):
    client.force_login(head)
    response = client.post(
        reverse("outreach:round-new"),
        {
            "campaign": campaign.code,
            "territory": tree.atyrau_city.territory.kato,
            "held_on": "2021-02-01",
            "households": 5,
            "people": 5,
            "volunteers": 1,
        },
    )
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["held_on"]] == [
        "outside_period"
    ]
    assert not Round.objects.exists()
    response = client.post(
        reverse("outreach:round-new"),
        {
            "campaign": campaign.code,
            "territory": tree.atyrau_city.territory.kato,
            "held_on": "2020-12-01",
            "households": -1,
            "people": 5,
            "volunteers": 1,
        },
    )
    assert response.status_code == 400 and "households" in response.context["form"].errors


def test_a_plan_line_behind_the_pace_is_marked(client, tree, head, campaign, plan):
    actions.record_round(
        actor=head,
        campaign=campaign,
        territory=tree.atyrau_city.territory,
        held_on=dt.date(2020, 11, 5),
        households=10,
        people=20,
        volunteers=2,
    )
    client.force_login(head)
    progress = client.get(reverse("outreach:campaign", args=[campaign.pk])).context["progress"]
    # The campaign is over (today is past 10 January 2021): all of the plan was expected.
    assert progress.expected == 100.0
    assert progress.lines[0].behind and progress.lines[0].shares["people"] == 1.0


def test_lists_filter_by_territory_and_month_and_export(client, tree, head, campaign):
    city = tree.atyrau_city.territory
    for day, territory in [
        (dt.date(2020, 11, 20), city),
        (dt.date(2020, 12, 3), city),
        (dt.date(2020, 12, 4), tree.atyrau.territory),
    ]:
        actions.record_round(
            actor=head,
            campaign=campaign,
            territory=territory,
            held_on=day,
            households=10,
            people=30,
            volunteers=2,
        )
        actions.record_meeting(
            actor=head,
            campaign=campaign,
            territory=territory,
            held_on=day,
            place="Зал",
            people=25,
            speakers=[tree.members["atyrau"]],
        )
    client.force_login(head)
    for name in ("outreach:rounds", "outreach:meetings"):
        everything = client.get(reverse(name))
        assert everything.context["page"].paginator.count == 3
        chosen = client.get(reverse(name), {"territory": city.kato, "month": "2020-12"})
        assert [r.held_on for r in chosen.context["page"].object_list] == [dt.date(2020, 12, 3)]
        wrong = client.get(reverse(name), {"month": "2020-13"})
        assert "month" in wrong.context["form"].errors
    exported = client.get(
        reverse("outreach:meeting-export", args=["csv"]), {"month": "2020-12"}
    ).content.decode("utf-8-sig")
    lines = exported.splitlines()
    assert len(lines) == 3 and tree.members["atyrau"].surname in lines[1]
    campaigns = client.get(reverse("outreach:campaigns"))
    row = campaigns.context["page"].object_list[0]
    assert (row.meeting_count, row.people_reached) == (3, 3 * 30 + 3 * 25)
    assert client.get(reverse("outreach:campaign-export", args=["xlsx"])).status_code == 200
    assert client.get(reverse("outreach:plans")).status_code == 200
