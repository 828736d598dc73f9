"""The territories page names each territory's time zone in the reader's language, with its
offset from UTC — not the IANA id (`Asia/Almaty`), a code in no language of the site."""

from __future__ import annotations

import pytest
from django.utils import translation

from esep.frame.templatetags.zones import ZONE_NAMES, zone_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_territories_page_names_zones_in_the_page_language(client, tree, language):
    html = client.get(f"/{language}/org/territories/").content.decode()
    assert "Asia/" not in html
    with translation.override(language):
        assert str(ZONE_NAMES["Asia/Almaty"]) in html
    assert "UTC+05:00" in html


def test_a_zone_is_named_with_its_offset_and_an_unknown_one_by_its_offset_alone():
    with translation.override("en"):
        assert zone_name("Asia/Qostanay") == "Kostanay time, UTC+05:00"
        assert zone_name("Europe/Moscow") == "UTC+03:00"
        assert zone_name("Not/AZone") == ""
