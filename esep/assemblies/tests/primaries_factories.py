"""Primaries the page tests build on, over the deputies' small world (`build_deputies`):
Kostanay's primaries for the oblast maslikhat, renewing its 7th convocation (`previous`);
five candidates nominated with consent and documents — two deputies of that convocation
standing again, three newcomers of the Rudny branch (a young man and a young woman born 1995,
a man born 1970); a member of the Kostanay branch not yet nominated (`hopeful`) and one
nominated without consent or documents (`bare`); four members of the Kostanay branch who are
electors only. The Kostanay head runs it (`office`), the Atyrau head is an outsider. The
campaign is opened and the candidates nominated by the actions; `listed` makes a formed list
directly, to put its rules at their edges."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from esep.assemblies import actions
from esep.assemblies.models import Campaign, Candidate, Place
from esep.deputies.tests.factories import build_deputies
from esep.org.models import Person
from esep.org.tests.factories import MembershipFactory, PersonFactory

NOMINATED_ON = dt.date(2020, 8, 20)
CLOSE_ON = dt.date(2020, 9, 1)
VOTE_ON = dt.date(2020, 9, 20)


def document(name: str = "өтініш.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 nomination", content_type="application/pdf")


def build_primaries(tree: SimpleNamespace) -> SimpleNamespace:
    council = build_deputies(tree)
    office = council.office
    returning = [council.mandates[1].person, council.mandates[2].person]
    for person in returning:
        MembershipFactory.create(person=person, branch=tree.kostanay)
    newcomers = [
        MembershipFactory.create(
            branch=tree.rudny, person=PersonFactory.create(birth_date=born, sex=sex)
        ).person
        for born, sex in [
            (dt.date(1995, 2, 1), "male"),
            (dt.date(1995, 3, 1), "female"),
            (dt.date(1970, 4, 1), "male"),
        ]
    ]
    hopeful = MembershipFactory.create(
        branch=tree.kostanay,
        person=PersonFactory.create(surname="Жұмабаева", given_name="Әлия", sex="female"),
    ).person
    bare_person = MembershipFactory.create(
        branch=tree.kostanay, person=PersonFactory.create(surname="Бекенов", given_name="Нұрлан")
    ).person
    electors = [MembershipFactory.create(branch=tree.kostanay).person for _ in range(4)]
    campaign = actions.open_campaign(
        actor=office,
        branch=tree.kostanay,
        code="kostanay-primaries-2020",
        body=council.body,
        previous=council.convocation,
        nominations_close_on=CLOSE_ON,
        vote_on=VOTE_ON,
        places=4,
        name_kk="Облыстық мәслихатқа праймериз",
        name_ru="Праймериз в областной маслихат",
        name_en="Primaries for the oblast maslikhat",
    )
    candidates = [
        actions.nominate_candidate(
            actor=office,
            campaign=campaign,
            person=person,
            nominated_on=NOMINATED_ON,
            nominated_by=tree.kostanay,
            consent_on=NOMINATED_ON,
            documents=document(),
        )
        for person in returning + newcomers
    ]
    bare = actions.nominate_candidate(
        actor=office, campaign=campaign, person=bare_person, nominated_on=NOMINATED_ON
    )
    return SimpleNamespace(
        tree=tree,
        council=council,
        office=office,
        outsider=council.outsider,
        campaign=campaign,
        returning=returning,
        newcomers=newcomers,
        candidates=candidates,
        bare=bare,
        hopeful=hopeful,
        electors=electors,
    )


def listed(tree: SimpleNamespace, council: SimpleNamespace, *, places: int, young: int) -> Campaign:
    """Primaries of the Kostanay branch whose list is formed — `places` candidates, the first
    `young` of them young on the vote's day (born 2000), the rest born 1970, all new — made
    directly: the page computes its rules from it."""
    campaign = Campaign.objects.create(
        code=f"kostanay-list-{places}-{young}",
        branch=tree.kostanay,
        body=council.body,
        previous=council.convocation,
        nominations_close_on=CLOSE_ON,
        vote_on=VOTE_ON,
        places=places,
        state=Campaign.State.LISTED,
        roll_digest="0" * 64,
        name_kk="Тізім",
        name_ru="Список",
    )
    people = Person.objects.bulk_create(
        Person(
            surname=f"Кандидат {n:04d}",
            given_name="Test",
            birth_date=dt.date(2000, 1, 1) if n < young else dt.date(1970, 1, 1),
            sex="male",
        )
        for n in range(places)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(
            campaign=campaign,
            person=person,
            nominated_on=NOMINATED_ON,
            consent_on=NOMINATED_ON,
            state=Candidate.State.REGISTERED,
        )
        for person in people
    )
    Place.objects.bulk_create(
        Place(campaign=campaign, number=n, candidate=candidate, votes=places - n)
        for n, candidate in enumerate(candidates, start=1)
    )
    return campaign
