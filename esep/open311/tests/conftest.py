"""A small world for Open311: the tree's territories with centres, a few topics, a client
of the Atyrau branch and its key."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from esep.appeals.tests.factories import CategoryFactory
from esep.open311 import actions
from esep.open311.models import Client
from esep.org.models import Territory

CENTRES = {
    "230000000": ("47.116700", "51.883300"),  # Atyrau region: Atyrau
    "231010000": ("47.116700", "51.883300"),  # Atyrau town
    "390000000": ("53.214400", "63.624600"),  # Kostanay region: Kostanay
    "392410000": ("52.966700", "63.116700"),  # Rudny
}


@pytest.fixture
def world(tree):
    for kato, (lat, lon) in CENTRES.items():
        Territory.objects.filter(kato=kato).update(latitude=Decimal(lat), longitude=Decimal(lon))
    Territory.objects.filter(kato="231010000").update(
        name_kk="Атырау қаласы", name_ru="город Атырау", name_en="Atyrau", time_zone="Asia/Atyrau"
    )
    Territory.objects.filter(kato="230000000").update(
        name_kk="Атырау облысы",
        name_ru="Атырауская область",
        name_en="Atyrau Region",
        time_zone="Asia/Atyrau",
    )
    Territory.objects.filter(kato="392410000").update(
        name_kk="Рудный қаласы", name_ru="город Рудный", name_en="Rudny"
    )
    utilities = CategoryFactory.create(
        code="utilities",
        name_kk="Коммуналдық қызметтер",
        name_ru="Коммунальные услуги",
        name_en="Utilities",
    )
    water = CategoryFactory.create(
        parent=utilities,
        code="utilities-water",
        name_kk="Сумен жабдықтау",
        name_ru="Водоснабжение",
        name_en="Water supply",
    )
    roads = CategoryFactory.create(
        code="roads", name_kk="Жолдар", name_ru="Дороги", name_en="Roads"
    )
    client = Client(name="FixMyStreet Atyrau", branch=tree.atyrau)
    key = actions.create_client(actor=None, client=client)
    return SimpleNamespace(
        tree=tree, utilities=utilities, water=water, roads=roads, client=client, key=key
    )
