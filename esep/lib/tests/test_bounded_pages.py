"""A list counted no further than its limit: exact below it; past it "or more", a page read
with one record beyond it to know whether another follows, any page number reachable."""

import pytest

from esep.lib import listing
from esep.org.models import Territory
from esep.org.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territories(monkeypatch):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 5)
    for n in range(12):
        TerritoryFactory.create(kato=f"9900000{n:02d}")
    return Territory.objects.order_by("kato")


def test_a_list_within_the_limit_is_counted_exactly(territories):
    pages = listing.Bounded(territories[:4], 2)
    assert (pages.exact, pages.count, pages.num_pages) == (True, 4, 2)


def test_past_the_limit_a_page_knows_only_whether_another_follows(territories):
    pages = listing.Bounded(territories, 5)
    assert (pages.exact, pages.count) == (False, 5)
    third = pages.page(3)  # beyond the 5 counted: records 11 and 12
    assert [t.kato for t in third] == ["990000010", "990000011"] and not third.has_next()
    second = pages.page(2)
    assert len(second) == 5 and second.has_next() and second.next_page_number() == 3
    with pytest.raises(listing.EmptyPage):
        pages.page(4)
