import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from esep.audit.models import Event
from esep.org.tests.factories import user_with_role
from esep.receptions import actions
from esep.receptions.models import Reception

pytestmark = pytest.mark.django_db


def plan_weekly(tree, weeks, **changes):
    fields = {
        "actor": user_with_role("reception_officer", tree.atyrau),
        "branch": tree.atyrau,
        "territory": tree.atyrau.territory,
        "kind": "mobile",
        "place_type": "market",
        "address": "Орталық базар",
        "day": dt.date(2026, 11, 25),
        "starts": dt.time(10),
        "ends": dt.time(13),
        "receivers": [tree.members["atyrau"]],
        "weeks": weeks,
    }
    return actions.plan_receptions(**{**fields, **changes})


def test_weekly_receptions_keep_the_local_clock_of_their_territory(tree):
    tree.atyrau.territory.time_zone = "Asia/Atyrau"
    tree.atyrau.territory.save()
    planned = plan_weekly(tree, 3)
    assert [(r.starts_at, r.ends_at) for r in planned] == [
        (
            dt.datetime(2026, 11, 25, 5, tzinfo=dt.UTC) + dt.timedelta(weeks=n),
            dt.datetime(2026, 11, 25, 8, tzinfo=dt.UTC) + dt.timedelta(weeks=n),
        )
        for n in range(3)
    ]
    assert [r.day for r in Reception.objects.order_by("starts_at")] == [
        dt.date(2026, 11, 25),
        dt.date(2026, 12, 2),
        dt.date(2026, 12, 9),
    ]
    assert Event.objects.filter(action="reception.planned").count() == 3


@pytest.mark.parametrize("weeks", [0, 9])
def test_a_plan_takes_one_to_eight_weeks(tree, weeks):
    with pytest.raises(ValidationError) as error:
        plan_weekly(tree, weeks)
    assert "repeat_weeks" in error.value.error_dict
    assert not Reception.objects.exists()
    assert len(plan_weekly(tree, 8)) == 8


def test_a_week_refused_plans_none_of_them(tree, monkeypatch):
    plan_one = actions.plan_reception
    calls = []

    def refuse_the_third(**fields):
        calls.append(fields["starts_at"])
        if len(calls) == 3:
            raise ValidationError("refused")
        return plan_one(**fields)

    monkeypatch.setattr(actions, "plan_reception", refuse_the_third)
    with pytest.raises(ValidationError):
        plan_weekly(tree, 4)
    assert len(calls) == 3
    assert not Reception.objects.exists()
    assert not Event.objects.filter(action="reception.planned").exists()
