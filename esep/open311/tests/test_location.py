"""Territory centres shipped with the KATO data, and finding the territory of a report."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from esep.open311.location import distance_km, locate, territory_named, territory_near
from esep.org.models import Territory
from esep.org.territories import fill_missing_centres, load_territories, read_rows

ROWS = read_rows()
BY_KATO = {row["kato"]: row for row in ROWS}


def test_every_territory_but_the_country_has_a_centre_in_kazakhstan():
    for row in ROWS:
        if row["level"] == "country":
            assert row["latitude"] == row["longitude"] == ""
            continue
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
        assert 40.5 < latitude < 55.5 and 46.5 < longitude < 87.5, row
        parent = BY_KATO[row["parent_kato"]]
        if parent["latitude"]:
            near = distance_km(
                latitude, longitude, float(parent["latitude"]), float(parent["longitude"])
            )
            assert near < 450, row  # a district lies in its region


def test_haversine_distances():
    assert distance_km(51.1667, 71.4333, 51.1667, 71.4333) == 0
    assert 960 < distance_km(43.2389, 76.8897, 51.1667, 71.4333) < 985  # Almaty–Astana
    assert 110 < distance_km(0, 0, 1, 0) < 112  # a degree of latitude


@pytest.fixture
def shipped(db):
    load_territories()


@pytest.mark.parametrize(
    ("point", "kato"),
    [
        (("43.2567", "76.9286"), "751110000"),  # central Almaty: Almaly district
        (("43.2000", "76.9100"), "751410000"),  # Bostandyk
        (("51.13", "71.43"), "710000000"),  # Astana
        (("47.0945", "51.9238"), "231010000"),  # Atyrau: the town, not the region
        (("46.95", "54.00"), "233600000"),  # Kulsary: Zhylyoi district
        (("53.21", "63.62"), "391010000"),  # Kostanay town
        (("52.30", "76.95"), "550000000"),  # Pavlodar: a region with no districts shipped
        (("42.32", "69.59"), "790000000"),  # Shymkent
    ],
)
def test_a_point_goes_to_the_deepest_territory_with_the_nearest_centre(shipped, point, kato):
    assert territory_near(*point).kato == kato


@pytest.mark.parametrize(
    "point",
    [
        ("55.7558", "37.6173"),  # Moscow
        ("43.83", "87.62"),  # Ürümqi
        ("46.0", "60.0"),  # the Aral Sea region, far from every centre shipped
    ],
)
def test_a_point_far_from_every_centre_is_refused(shipped, point):
    with translation.override("en"), pytest.raises(ValidationError, match="150 km"):
        territory_near(*point)


@pytest.mark.parametrize(
    ("text", "kato"),
    [
        ("Алматы қаласы", "750000000"),
        ("almaty", "750000000"),  # exact before partial: not Almaty Region
        ("АЛМАТИНСКАЯ ОБЛАСТЬ", "190000000"),
        ("Медеуский", "751710000"),
        ("ул. Абая 10, город Атырау", "231010000"),
        ("Rudny", "392410000"),
    ],
)
def test_an_address_names_a_territory_in_any_language(shipped, text, kato):
    assert territory_named(text).kato == kato


@pytest.mark.parametrize("text", ["район", "ауданы", "Нарния", "Республика Казахстан"])
def test_an_ambiguous_or_unknown_address_is_refused(shipped, text):
    with pytest.raises(ValidationError):
        territory_named(text)


def test_a_point_comes_before_a_code_and_a_code_before_an_address(shipped):
    point = {"latitude": "51.13", "longitude": "71.43"}
    assert locate(**point, address_id="750000000").kato == "710000000"
    assert locate(address_id="750000000", address_string="Rudny").kato == "750000000"
    assert locate(address_string="Rudny", territory_code="750000000").kato == "392410000"
    assert locate(territory_code="750000000").kato == "750000000"


@pytest.mark.django_db
def test_loading_fills_centres_of_territories_loaded_before_them_and_keeps_hand_set_ones():
    load_territories()
    assert Territory.objects.get(kato="710000000").latitude == Decimal("51.166700")
    Territory.objects.update(latitude=None, longitude=None)
    Territory.objects.filter(kato="750000000").update(latitude="43.25", longitude="76.95")
    created, updated = load_territories()
    assert created == 0 and updated == len(ROWS) - 2  # all but the country and Almaty
    assert Territory.objects.get(kato="710000000").longitude == Decimal("71.433300")
    assert Territory.objects.get(kato="750000000").latitude == Decimal("43.25")
    assert load_territories() == (0, 0)


@pytest.mark.django_db
def test_the_data_migrations_filling_gives_empty_territories_their_centre():
    load_territories()
    Territory.objects.filter(kato__startswith="39").update(latitude=None, longitude=None)
    Territory.objects.filter(kato="392410000").update(latitude="1", longitude="2")
    filled = fill_missing_centres()
    assert filled == sum(1 for row in ROWS if row["kato"].startswith("39")) - 1
    assert Territory.objects.get(kato="391010000").latitude == Decimal("53.214400")
    assert Territory.objects.get(kato="392410000").latitude == Decimal("1")
    assert fill_missing_centres() == 0
