"""The rules of outreach records, refused through the actions with their codes and in the
user's language, nothing changed; and what each action records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from esep.audit.models import Event
from esep.org.tests.factories import PersonFactory
from esep.outreach import actions
from esep.outreach.models import Activity, Meeting, Plan, Round
from esep.outreach.tests.conftest import END, START

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> dict[str, list[str | None]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def meeting(campaign, head, tree, **given):
    values = {
        "actor": head,
        "campaign": campaign,
        "territory": tree.atyrau_city.territory,
        "held_on": dt.date(2020, 12, 5),
        "place": "№ 12 мектеп",
        "people": 45,
        "speakers": [tree.members["atyrau"]],
        "topic": "Сайлауалды бағдарлама",
        **given,
    }
    return actions.record_meeting(**values)


def door_round(campaign, head, tree, **given):
    values = {
        "actor": head,
        "campaign": campaign,
        "territory": tree.atyrau_city.territory,
        "held_on": dt.date(2020, 12, 6),
        "households": 120,
        "people": 260,
        "volunteers": 8,
        **given,
    }
    return actions.record_round(**values)


def test_a_meeting_and_a_round_are_recorded_with_their_events(campaign, head, tree):
    held = meeting(campaign, head, tree)
    went = door_round(campaign, head, tree)
    assert (held.kind, went.kind) == ("meeting", "round")
    assert list(held.speakers.all()) == [tree.members["atyrau"]]
    # People reached by a round may be more than its households: one household, many voters.
    assert went.people > went.households
    assert Activity.objects.filter(campaign=campaign).count() == 2
    actions_logged = set(Event.objects.values_list("action", flat=True))
    assert {
        "outreach.campaign_opened",
        "outreach.meeting_recorded",
        "outreach.round_recorded",
    } <= actions_logged


@pytest.mark.parametrize("day", [START - dt.timedelta(days=1), END + dt.timedelta(days=1)])
def test_dates_outside_the_campaign_are_refused(campaign, head, tree, day):
    with pytest.raises(ValidationError) as refused:
        meeting(campaign, head, tree, held_on=day)
    assert codes(refused.value) == {"held_on": ["outside_period"]}
    with pytest.raises(ValidationError) as refused:
        door_round(campaign, head, tree, held_on=day)
    assert codes(refused.value) == {"held_on": ["outside_period"]}
    assert not Activity.objects.exists()


def test_the_campaigns_first_and_last_days_are_inside(campaign, head, tree):
    meeting(campaign, head, tree, held_on=START)
    door_round(campaign, head, tree, held_on=END)
    assert Activity.objects.count() == 2


def test_a_territory_outside_the_branch_is_refused(campaign, head, tree):
    elsewhere = tree.rudny.territory  # Kostanay's
    with pytest.raises(ValidationError) as refused:
        door_round(campaign, head, tree, territory=elsewhere)
    assert codes(refused.value) == {"territory": ["outside_territory"]}
    with pytest.raises(ValidationError) as refused:
        actions.set_plan(
            actor=head, campaign=campaign, territory=elsewhere, meetings=1, households=1, people=1
        )
    assert codes(refused.value) == {"territory": ["outside_territory"]}
    assert not Round.objects.exists() and not Plan.objects.exists()


@pytest.mark.parametrize("field", ["households", "people", "volunteers"])
def test_negative_counts_are_refused(campaign, head, tree, field):
    with pytest.raises(ValidationError) as refused:
        door_round(campaign, head, tree, **{field: -1})
    assert codes(refused.value) == {field: ["negative"]}
    assert not Round.objects.exists()


def test_a_speaker_from_outside_the_branch_is_refused(campaign, head, tree):
    stranger = PersonFactory.create()
    with pytest.raises(ValidationError) as refused:
        meeting(campaign, head, tree, speakers=[tree.members["kostanay"], stranger])
    assert codes(refused.value) == {"speakers": ["speaker_outside"]}
    assert not Meeting.objects.exists()


def test_a_campaign_ending_before_it_starts_is_refused_in_the_users_language(tree, head):
    given = {
        "actor": head,
        "branch": tree.atyrau,
        "code": "backwards",
        "kind": "meetings",
        "starts_on": END,
        "ends_on": START,
        "name_kk": "Кездесулер",
        "name_ru": "Встречи",
    }
    with translation.override("ru"):
        with pytest.raises(ValidationError) as refused:
            actions.open_campaign(**given)
        said = refused.value.error_dict["ends_on"][0].messages[0]
        assert said == translation.gettext("A campaign cannot end before it starts.")
    assert codes(refused.value) == {"ends_on": ["period_reversed"]}


def test_a_taken_code_is_refused(campaign, head, tree):
    with pytest.raises(ValidationError) as refused:
        actions.open_campaign(
            actor=head,
            branch=tree.atyrau,
            code="ATYRAU-2021",
            kind="meetings",
            starts_on=START,
            ends_on=END,
            name_kk="Басқа",
            name_ru="Другая",
        )
    assert codes(refused.value) == {"code": ["duplicate_code"]}


def test_setting_a_plan_line_again_changes_it_and_keeps_what_it_was(plan, campaign, head, tree):
    again = actions.set_plan(
        actor=head,
        campaign=campaign,
        territory=tree.atyrau_city.territory,
        meetings=12,
        households=900,
        people=2500,
    )
    assert again.pk == plan.pk and (again.meetings, again.people) == (12, 2500)
    last = Event.objects.filter(action="outreach.plan_set").order_by("pk").last()
    assert last is not None and last.changes["was"] == [10, 1000, 2000]
