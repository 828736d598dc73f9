"""API keys: issued by the admin site or `esep open311-key`, shown once, kept only hashed."""

import hashlib
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from esep.appeals.models import Appeal
from esep.audit.models import Event
from esep.open311 import actions
from esep.open311.models import Client
from esep.open311.tests.helpers import post

pytestmark = pytest.mark.django_db


def report(key):
    return {
        "api_key": key,
        "service_code": "roads",
        "address_id": "231010000",
        "description": "Шұңқыр",
    }


def test_only_the_hash_and_a_prefix_of_a_key_are_kept(world):
    client = Client.objects.get()
    assert client.key_hash == hashlib.sha256(world.key.encode()).hexdigest()
    assert client.key_prefix == world.key[:8]
    assert world.key not in str(Client.objects.values().get())
    assert len(world.key) >= 43  # 32 random bytes
    assert actions.authenticate(world.key) == client
    assert actions.authenticate(world.key + "x") is None
    assert actions.authenticate("") is None
    assert Event.objects.filter(action="open311.client_created").exists()


def test_a_new_key_replaces_the_old(client, world):
    new = actions.issue_key(actor=None, client=world.client)
    assert post(client, "requests", report(world.key))[0].status_code == 403
    assert post(client, "requests", report(new))[0].status_code == 200
    assert Event.objects.filter(action="open311.key_issued").exists()


def run_command(*args):
    out = StringIO()
    call_command("open311-key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_the_command_creates_a_client_for_the_whole_party_and_prints_the_key_last(client, world):
    lines = run_command("FixMyStreet KZ")
    key = lines[-1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key)
    created = Client.objects.get(name="FixMyStreet KZ")
    assert created.branch == world.tree.central
    data = {**report(key), "address_id": "392410000"}  # Rudny, in the Kostanay tree
    response, body = post(client, "requests", data)
    assert response.status_code == 200, body
    assert Appeal.objects.get().branch == world.tree.rudny


def test_the_command_rekeys_an_existing_client_and_may_move_it(client, world):
    key = run_command("FixMyStreet Atyrau", "--branch", "atyrau-city")[-1]
    assert Client.objects.count() == 1
    assert Client.objects.get().branch == world.tree.atyrau_city
    assert post(client, "requests", report(world.key))[0].status_code == 403
    assert post(client, "requests", report(key))[0].status_code == 200
    # Without --branch the branch stays.
    run_command("FixMyStreet Atyrau")
    assert Client.objects.get().branch == world.tree.atyrau_city


def test_the_command_refuses_an_unknown_branch(world):
    with pytest.raises(CommandError, match="no-such"):
        run_command("Other", "--branch", "no-such")
    assert Client.objects.count() == 1


def test_the_admin_shows_a_new_clients_key_once(admin_client, client, world):
    response = admin_client.post(
        "/en/admin/open311/client/add/",
        {"name": "Civic app", "branch": world.tree.kostanay.pk, "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    created = Client.objects.get(name="Civic app")
    page = response.content.decode()
    (key,) = re.findall(r"api_key of Civic app is ([A-Za-z0-9_-]{43})", page)
    assert created.key_prefix == key[:8]
    assert "shown again" in page
    data = {**report(key), "address_id": "392410000"}
    assert post(client, "requests", data)[0].status_code == 200
    # Shown once: not on the next page, not on the client's own page.
    assert key not in admin_client.get("/en/admin/open311/client/").content.decode()
    change = admin_client.get(f"/en/admin/open311/client/{created.pk}/change/").content.decode()
    assert key not in change and created.key_prefix in change


def test_the_admin_action_issues_new_keys(admin_client, client, world):
    response = admin_client.post(
        "/en/admin/open311/client/",
        {"action": "issue_new_key", "_selected_action": [world.client.pk]},
        follow=True,
    )
    (key,) = re.findall(
        r"api_key of FixMyStreet Atyrau is ([A-Za-z0-9_-]{43})", response.content.decode()
    )
    assert post(client, "requests", report(world.key))[0].status_code == 403
    assert post(client, "requests", report(key))[0].status_code == 200
    assert admin_client.get("/en/admin/open311/submission/").status_code == 200
