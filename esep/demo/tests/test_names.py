"""The demo's branch names and reception venues read right in each language: a Russian
branch name is a Russian phrase («Филиал по Костанайской области», not «Филиал:
Костанайская область»), and a venue is the place's own name, which the schedule gives after
the kind of place in the reader's language — no Kazakh description on the ru and en pages."""

from __future__ import annotations

import csv
import re

import pytest

from esep.demo.org import office_address, region_names, russian_dative
from esep.demo.receptions import MOBILE_PLACES
from esep.org.models import Territory
from esep.org.territories import DATA

KAZAKH_WORD = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{2,}")


@pytest.mark.parametrize(
    ("name", "dative"),
    [
        ("Костанайская область", "Костанайской области"),
        ("Восточно-Казахстанская область", "Восточно-Казахстанской области"),
        ("Область Абай", "области Абай"),
        ("город Астана", "городу Астана"),
        ("Сарыкольский район", "Сарыкольскому району"),
        ("Район Беимбета Майлина", "району Беимбета Майлина"),
    ],
)
def test_russian_territory_names_take_the_dative_after_po(name, dative):
    assert russian_dative(name) == dative


def test_every_territorial_branch_has_a_russian_name_that_is_a_phrase():
    with open(DATA, encoding="utf-8") as rows:
        territories = [row for row in csv.DictReader(rows) if row["level"] != "country"]
    for row in territories:
        territory = Territory(
            name_kk=row["name_kk"], name_ru=row["name_ru"], name_en=row["name_en"]
        )
        kk, ru, en = region_names(territory)
        assert ru.startswith("Филиал по ") and ":" not in ru, ru
        assert not re.search(r"(ая|ий) (область|район)|\b(область|город|район)\b", ru), ru
        assert kk.endswith(" филиалы") and en.endswith(" branch")


def test_venues_and_office_addresses_carry_no_description_in_one_language():
    for _place, venue, names in MOBILE_PLACES:
        assert not KAZAKH_WORD.search(venue.format(name="", code="x")), venue
        assert len(names) == 6  # the demo's seeded draws stay as they were
    territory = Territory(name_kk="Қостанай облысы", name_ru="Костанайская область")
    assert "Қостанай облысы" not in office_address(territory, "kostanay")
