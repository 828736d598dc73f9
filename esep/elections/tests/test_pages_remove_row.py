"""A protocol row recorded in error is removed through the election's page while it is open;
the step is not offered once the results are certified."""

from __future__ import annotations

import pytest
from django.urls import reverse

from esep.elections.models import Tally
from esep.elections.tests.factories import seven_on_the_list

pytestmark = pytest.mark.django_db


def test_a_protocol_row_is_removed_through_the_page(client, world):
    client.force_login(world.head)
    row = Tally.objects.get(election=world.election, station="2")
    url = reverse("elections:election-step", args=[world.election.pk, "remove-tally"])
    reply = client.post(url, {"tally": row.pk})
    assert reply.status_code == 302
    assert not Tally.objects.filter(pk=row.pk).exists()
    assert world.election.tallies.count() == 1
    seven_on_the_list(world)
    step = reverse("elections:election-step", args=[world.election.pk, "certify"])
    assert client.post(step, {"confirmed": "on"}).status_code == 302
    page = client.get(world.election.get_absolute_url())
    assert url not in page.content.decode()
