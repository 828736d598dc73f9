"""A small conference the tests build on: Atyrau's XXXIII report-election conference on the
shared `tree`, whose one sub-branch (atyrau-city) has ten active members, one delegate quota
per member; five of them elected delegates, each with an esep login of their own (no role);
the agenda — the political council's report and the election of the audit commission; the
Atyrau branch head (the office, who runs it), a second Atyrau head (who certifies what the
office entered) and the Kostanay head (an outsider). Records are made directly; the actions
under test make the rest."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from esep.access.models import User
from esep.assemblies.models import Conference, Delegate, Item, Quota
from esep.org.models import Person
from esep.org.tests.factories import MembershipFactory, PersonFactory, user_with_role

HELD_ON = dt.date(2022, 1, 14)


def login_for(person: Person, username: str) -> User:
    user = User.objects.create(username=username, person=person)
    user.set_unusable_password()
    user.save()
    return user


def build_conference(tree: SimpleNamespace, delegates: int = 5) -> SimpleNamespace:
    city = tree.atyrau_city
    members = [tree.members["atyrau-city"]] + [
        MembershipFactory.create(branch=city).person for _ in range(9)
    ]
    conference = Conference.objects.create(
        code="atyrau-33",
        branch=tree.atyrau,
        number=33,
        kind=Conference.Kind.REPORT_ELECTION,
        held_on=HELD_ON,
        hall="Атырау, облыстық мәслихаттың мәжіліс залы",
        members_per_delegate=1,
        name_kk="XXXIII есеп беру-сайлау конференциясы",
        name_ru="XXXIII отчётно-выборная конференция",
        name_en="33rd report-election conference",
    )
    Quota.objects.create(conference=conference, branch=city, members=10, seats=10)
    seated = [
        Delegate.objects.create(
            conference=conference, person=person, branch=city, elected_on=dt.date(2021, 12, 20)
        )
        for person in members[:delegates]
    ]
    report = Item.objects.create(
        conference=conference,
        number=1,
        kind=Item.Kind.REPORT,
        name_kk="Саяси кеңестің есебі",
        name_ru="Отчёт политического совета",
        speaker="Досмұхамбетов М.",
    )
    election = Item.objects.create(
        conference=conference,
        number=2,
        kind=Item.Kind.ELECTION,
        name_kk="Бақылау-тексеру комиссиясын сайлау",
        name_ru="Выборы контрольно-ревизионной комиссии",
    )
    return SimpleNamespace(
        conference=conference,
        city=city,
        members=members,
        delegates=seated,
        voters=[login_for(d.person, f"delegate-{i}") for i, d in enumerate(seated)],
        report=report,
        election=election,
        office=user_with_role("branch_head", tree.atyrau, "atyrau-office"),
        second=user_with_role("branch_head", tree.atyrau, "atyrau-second"),
        outsider=user_with_role("branch_head", tree.kostanay, "kostanay-office"),
        newcomer=PersonFactory.create(),
    )
