"""A small deputies' world the tests build on: the party esep serves and another; Kostanay's
oblast maslikhat (branch kostanay) in its 7th convocation with six of the party's deputies —
one the secretary, one with an esep login as a deputy — and one deputy of the other party;
Atyrau's city maslikhat with one deputy; the methodology's first version (every component,
from January 2021); the Kostanay branch head (the office), an Atyrau head (an outsider).
Records are made directly: the actions under test make the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from esep.deputies.models import (
    Component,
    Convocation,
    Level,
    Mandate,
    MandatePost,
    Method,
    Party,
    Position,
    RepresentativeBody,
    Weight,
)
from esep.org.models import Body, Post
from esep.org.tests.factories import PersonFactory, user_with_role

# (component, weight, standard) of the first version.
WEIGHTS = [
    (Component.RECEPTIONS, Decimal(20), Decimal(2)),
    (Component.APPEALS, Decimal(10), Decimal(4)),
    (Component.APPEALS_ON_TIME, Decimal(15), Decimal(1)),
    (Component.CONTROL_VISITS, Decimal(15), Decimal(1)),
    (Component.INQUIRIES, Decimal(10), Decimal("0.5")),
    (Component.ATTENDANCE, Decimal(15), Decimal("0.9")),
    (Component.INITIATIVES, Decimal(5), Decimal("0.25")),
    (Component.VOTER_REPORTS, Decimal(5), Decimal("0.2")),
    (Component.MEASURES, Decimal(5), Decimal(1)),
]


def mandate_for(convocation: Convocation, party: Party | None, **person: object) -> Mandate:
    deputy = PersonFactory.create(**person)
    mandate = Mandate.objects.create(
        person=deputy,
        convocation=convocation,
        kind=Mandate.Kind.PARTY_LIST,
        party=party,
        started_on=convocation.started_on,
    )
    if party is not None and party.is_own:
        faction, _created = Body.objects.get_or_create(
            branch=convocation.body.branch,
            kind=Body.Kind.MASLIKHAT_FACTION,
            defaults={"seats": convocation.seats},
        )
        mandate.faction_post = Post.objects.create(
            body=faction,
            person=deputy,
            position=Post.Position.MEMBER,
            started_on=mandate.started_on,
        )
        mandate.save(update_fields=["faction_post"])
    return mandate


def build_deputies(tree: SimpleNamespace) -> SimpleNamespace:
    own = Party.objects.create(
        code="amanat",
        is_own=True,
        name_kk="«AMANAT» партиясы",
        name_ru="Партия «AMANAT»",
        name_en="AMANAT party",
    )
    other = Party.objects.create(
        code="ak-zhol", name_kk="«Ақ жол» партиясы", name_ru="Партия «Ак жол»", name_en="Ak Zhol"
    )
    body = RepresentativeBody.objects.create(
        code="kostanay-oblast",
        level=Level.OBLAST,
        territory=tree.kostanay.territory,
        branch=tree.kostanay,
        name_kk="Қостанай облыстық мәслихаты",
        name_ru="Костанайский областной маслихат",
        name_en="Kostanay Oblast Maslikhat",
    )
    convocation = Convocation.objects.create(
        body=body,
        number=7,
        elected_on=dt.date(2021, 1, 10),
        started_on=dt.date(2021, 1, 15),
        seats=30,
    )
    # Six of the party: born 1990 (young in 2021) and earlier; the last a woman.
    births = [
        dt.date(1990, 5, 1),
        dt.date(1975, 3, 2),
        dt.date(1968, 7, 3),
        dt.date(1980, 1, 4),
        dt.date(1988, 9, 5),
        dt.date(1972, 11, 6),
    ]
    mandates = [
        mandate_for(convocation, own, birth_date=born, sex="female" if i == 5 else "male")
        for i, born in enumerate(births)
    ]
    rival = mandate_for(convocation, other, birth_date=dt.date(1966, 1, 1))
    secretary = mandates[1]
    MandatePost.objects.create(
        mandate=secretary, position=Position.SECRETARY, started_on=convocation.started_on
    )
    atyrau_body = RepresentativeBody.objects.create(
        code="atyrau-city",
        level=Level.DISTRICT,
        territory=tree.atyrau_city.territory,
        branch=tree.atyrau_city,
        name_kk="Атырау қалалық мәслихаты",
        name_ru="Атырауский городской маслихат",
        name_en="Atyrau City Maslikhat",
    )
    atyrau_convocation = Convocation.objects.create(
        body=atyrau_body,
        number=7,
        elected_on=dt.date(2021, 1, 10),
        started_on=dt.date(2021, 1, 15),
        seats=25,
    )
    atyrau_mandate = mandate_for(atyrau_convocation, own, birth_date=dt.date(1985, 2, 2))
    deputy = user_with_role("deputy", tree.kostanay, "deputy-kostanay")
    deputy.person = mandates[0].person
    deputy.save(update_fields=["person"])
    secretary_user = user_with_role("deputy", tree.kostanay, "secretary-kostanay")
    secretary_user.person = secretary.person
    secretary_user.save(update_fields=["person"])
    office = user_with_role("branch_head", tree.kostanay, "head-kostanay")
    central = user_with_role("central_admin", tree.central, "central-admin")
    method = Method.objects.create(
        version=1,
        valid_from=dt.date(2021, 1, 1),
        notes_kk="Алғашқы нұсқа",
        notes_ru="Первая версия",
        notes_en="The first version",
        created_by=central,
    )
    Weight.objects.bulk_create(
        Weight(method=method, component=c, weight=w, standard=s) for c, w, s in WEIGHTS
    )
    return SimpleNamespace(
        tree=tree,
        own=own,
        other=other,
        body=body,
        convocation=convocation,
        mandates=mandates,
        mandate=mandates[0],
        rival=rival,
        secretary=secretary,
        secretary_user=secretary_user,
        atyrau_body=atyrau_body,
        atyrau_convocation=atyrau_convocation,
        atyrau_mandate=atyrau_mandate,
        deputy=deputy,
        office=office,
        central=central,
        outsider=user_with_role("branch_head", tree.atyrau, "head-atyrau"),
        method=method,
    )
