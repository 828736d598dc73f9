"""The programme office hears each morning of the changes awaiting its approval and of the
measures past their deadline below target that still have no verdict."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.urls import reverse

from esep.programme.plans import actions
from esep.programme.tasks import reminders, send_programme_reminders

EVIDENCE = {
    "kind": "statistics",
    "title": "Water supply in 2023",
    "url": "https://stat.gov.kz/water-2023",
    "publisher": "Bureau of National Statistics",
    "published_on": dt.date(2024, 3, 1),
}


def test_the_heads_hear_of_changes_to_approve_and_measures_awaiting_a_verdict(world, tree):
    world.head.email = "head@example.kz"
    world.head.save()
    actions.record_observation(
        actor=world.monitor,
        indicator=world.indicator,
        territory=tree.kostanay.territory,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
        value=Decimal("70"),  # 60 → 100 was the target by the end of 2023: a quarter of it
        source="Oblast statistics",
    )
    change = actions.propose_change(
        actor=world.monitor,
        subject=world.measure,
        status="stalled",
        reason="The contractor left in 2023.",
        evidence=[EVIDENCE],
    )
    plan = reminders(dt.date.today())
    links = sorted(link for _since, _what, link in plan[world.head.pk])
    change_link = reverse("programme:change", args=[change.pk])
    assert links == sorted([change_link, world.measure.get_absolute_url()])
    assert world.monitor.pk not in plan  # a monitor decides nothing
    assert world.atyrau_head.pk not in plan  # not their branch
    assert send_programme_reminders.call(reschedule=False) == 1
    assert mail.outbox[0].to == ["head@example.kz"]
    # Once decided and rated, nothing is left to remind of.
    actions.approve_change(actor=world.head, change=change)
    rated = actions.propose_change(
        actor=world.monitor,
        subject=world.measure,
        verdict="broken",
        broken_reason="other",
        reason="The mains were not laid.",
        evidence=[EVIDENCE],
    )
    actions.approve_change(actor=world.head, change=rated)
    assert reminders(dt.date.today()) == {}


def test_the_proposer_is_not_asked_to_approve_their_own_change(world):
    actions.propose_change(
        actor=world.head,
        subject=world.measure,
        status="in_progress",
        reason="Work began.",
        evidence=[EVIDENCE],
    )
    assert world.head.pk not in reminders(dt.date(2021, 6, 1))
