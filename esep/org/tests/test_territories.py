"""The shipped KATO data: every region, the districts the product promises, sound codes."""

import zoneinfo
from collections import Counter

import pytest

from esep.org.models import Territory
from esep.org.territories import load_territories, read_rows

ROWS = read_rows()
BY_KATO = {row["kato"]: row for row in ROWS}


def children_of(kato):
    return [row for row in ROWS if row["parent_kato"] == kato]


def test_codes_are_nine_digits_unique_and_parents_come_first():
    seen = set()
    for row in ROWS:
        assert len(row["kato"]) == 9 and row["kato"].isdigit(), row
        assert row["kato"] not in seen
        assert row["parent_kato"] == "" or row["parent_kato"] in seen, row
        seen.add(row["kato"])


def test_all_seventeen_oblasts_and_three_cities_are_shipped():
    levels = Counter(row["level"] for row in children_of("000000000"))
    assert levels == {"oblast": 17, "city": 3}
    cities = {row["name_en"] for row in children_of("000000000") if row["level"] == "city"}
    assert cities == {"Astana", "Almaty", "Shymkent"}


@pytest.mark.parametrize(
    ("region", "count"), [("Almaty", 8), ("Atyrau Region", 8), ("Kostanay Region", 20)]
)
def test_the_promised_districts_are_shipped(region, count):
    kato = next(row["kato"] for row in ROWS if row["name_en"] == region)
    assert len(children_of(kato)) == count


def test_names_exist_in_three_languages_and_zones_are_real():
    for row in ROWS:
        assert row["name_kk"] and row["name_ru"] and row["name_en"], row
        zoneinfo.ZoneInfo(row["time_zone"])
    assert BY_KATO["000000000"]["level"] == "country"


def test_western_regions_have_their_own_time_zone():
    atyrau = next(row for row in ROWS if row["name_en"] == "Atyrau Region")
    assert atyrau["time_zone"] == "Asia/Atyrau"
    assert {row["time_zone"] for row in children_of(atyrau["kato"])} == {"Asia/Atyrau"}


@pytest.mark.django_db
def test_loading_is_idempotent_and_builds_the_tree():
    assert load_territories() == (len(ROWS), 0)
    assert load_territories() == (0, 0)
    almaty = Territory.objects.get(name_en="Almaty", level="city")
    assert Territory.objects.get_children(almaty).count() == 8
    assert Territory.objects.get(kato="000000000").depth == 1
