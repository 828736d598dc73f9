"""An acute issue's timeline is written on its territory's clock, as an appeal's is."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_issue_timeline_shows_the_territorys_time(client, tree, officer, issue):
    event = issue.events.get()
    event.at = dt.datetime(2021, 3, 19, 15, 45, tzinfo=dt.UTC)
    type(event).objects.filter(pk=event.pk).update(at=event.at)
    client.force_login(officer)
    with translation.override("en"):
        page = client.get(reverse("control:issue", args=[issue.pk])).content.decode()
    local = event.at.astimezone(zoneinfo.ZoneInfo(tree.atyrau.territory.time_zone))
    assert f"{local:%d.%m.%Y %H:%M}" in page and local.hour != 15
    assert f'datetime="{local.isoformat()}"' in page
