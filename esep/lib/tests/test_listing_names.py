"""An export's file name says which list it is and how it was filtered, never what was
typed in a search box."""

from urllib.parse import urlencode

import django_filters
import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import QueryDict
from django.utils import timezone

from esep.lib.listing import file_stem
from esep.lib.tables import download


class Filters(django_filters.FilterSet):
    q = django_filters.CharFilter(method="nothing")
    status = django_filters.ChoiceFilter(choices=[("open", "open"), ("closed", "closed")])
    since = django_filters.DateFilter(method="nothing")
    mine = django_filters.BooleanFilter(
        widget=django_filters.widgets.forms.CheckboxInput, method="nothing"
    )
    sort = django_filters.ChoiceFilter(choices=[("a", "a")], method="nothing")

    class Meta:
        model = ContentType  # any model: the form is all that is read
        fields: list[str] = []

    def nothing(self, records, name, value):
        return records


def stem(query: str) -> str:
    return file_stem("appeals", Filters(QueryDict(query) if query else None).form)


def test_the_stem_names_the_filters_given():
    assert stem("") == "appeals"
    assert stem("status=open") == "appeals_status-open"
    assert stem("status=closed&since=2021-01-01") == "appeals_status-closed_since-2021-01-01"
    assert stem("mine=on&sort=a") == "appeals_mine"
    assert stem("q=x&since=2021-01-01") == "appeals_search_since-2021-01-01"
    assert stem("status=nonsense") == "appeals"  # a refused filter filters nothing


@pytest.mark.parametrize("typed", ["910101300123", "Ахметов", "+7 701 555 00 11"])
def test_words_typed_in_a_search_box_stay_out_of_the_name(typed):
    assert stem(urlencode({"q": typed})) == "appeals_search"


def test_the_file_is_named_by_the_stem_and_the_day():
    response = download("csv", stem("status=open"), "Appeals", ["a"], [["1"]])
    day = f"{timezone.localdate():%Y%m%d}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="appeals_status-open-{day}.csv"'
    )
