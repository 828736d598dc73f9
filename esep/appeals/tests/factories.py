from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from esep.appeals import actions
from esep.appeals.models import Category, StateBody
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
