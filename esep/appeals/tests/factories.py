from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from esep.appeals import actions
from esep.appeals.models import Category, StateBody
from esep.lib.iin import make_iin
from esep.org.tests.factories import TerritoryFactory, TreeNodeFactory


class CategoryFactory(TreeNodeFactory[Category]):
    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"topic-{n}")
    name_kk = factory.Sequence(lambda n: f"Тақырып {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class StateBodyFactory(DjangoModelFactory[StateBody]):
    class Meta:
        model = StateBody

    code = factory.Sequence(lambda n: f"body-{n}")
    territory = factory.SubFactory(TerritoryFactory)
    name_kk = factory.Sequence(lambda n: f"Әкімдік {n}")
    name_ru = factory.Sequence(lambda n: f"Акимат {n}")
    name_en = factory.Sequence(lambda n: f"Akimat {n}")


def register(place, received_at, submitter=None, text="Ауладағы жол жөнделмеген", **extra):
    """An appeal registered at a reception office of `place` (the `place` fixture: territory,
    branch, category) at `received_at`."""
    return actions.register_appeal(
        actor=None,
        channel="reception_office",
        kind="complaint",
        submitter=submitter,
        given=submitter,  # as if the person's record had been given at intake
        text=text,
        language="kk",
        received_at=received_at,
        **place,
        **extra,
    )


# Import files: the columns esep's importer reads, and a small good file of two rows.
HEADER = "number,received_at,channel,type,category,territory,branch,submitter_iin,submitter_name,submitter_phone,text,status,outcome,answered_at"
IIN = make_iin(dt.date(1975, 5, 5), "female", 17)


def good_csv(delimiter=","):
    rows = [
        HEADER,
        f"AT-2020-1,2020-02-03 10:15,reception_office,complaint,roads,230000000,atyrau,{IIN},Омарова Айгүл Серікқызы,8 701 555 00 11,Жол бұзылған,closed,resolved_positively,2020-02-20",
        "AT-2020-2,04.02.2020,letter,statement,roads,231010000,atyrau-city,,,,Жарық жоқ,,,",
    ]
    return "\n".join(row.replace(",", delimiter) for row in rows)
