from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from esep.appeals.models import Category, StateBody
from esep.org.tests.factories import TerritoryFactory, TreeNodeFactory


class CategoryFactory(TreeNodeFactory):
    class Meta:
        model = Category

    code = factory.Sequence(lambda n: f"topic-{n}")
    name_kk = factory.Sequence(lambda n: f"Тақырып {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class StateBodyFactory(DjangoModelFactory):
    class Meta:
        model = StateBody

    code = factory.Sequence(lambda n: f"body-{n}")
    territory = factory.SubFactory(TerritoryFactory)
    name_kk = factory.Sequence(lambda n: f"Әкімдік {n}")
    name_ru = factory.Sequence(lambda n: f"Акимат {n}")
    name_en = factory.Sequence(lambda n: f"Akimat {n}")
