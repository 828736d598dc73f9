import pytest
from django.core.management import CommandError, call_command

from esep.access.models import RoleGrant, User
from esep.audit.models import Event

pytestmark = pytest.mark.django_db


def test_grant_creates_the_user_and_is_idempotent(tree, capsys):
    call_command(
        "grant", "aigul", role="reception_officer", branch="atyrau", password="s3cret-pass"
    )
    call_command("grant", "aigul", role="reception_officer", branch="atyrau")
    out = capsys.readouterr().out
    assert "aigul granted reception_officer on atyrau" in out
    assert "aigul already had reception_officer on atyrau" in out
    user = User.objects.get(username="aigul")
    assert user.check_password("s3cret-pass")
    assert RoleGrant.objects.filter(user=user).count() == 1
    assert set(Event.objects.values_list("action", flat=True)) == {
        "user.created",
        "access.role_granted",
    }


def test_central_admin_can_use_the_admin_site(tree):
    call_command("grant", "boss", role="central_admin", branch="central")
    user = User.objects.get(username="boss")
    assert user.is_staff and user.is_superuser
    assert not user.has_usable_password()


def test_grant_on_an_unknown_branch_is_a_clear_error(tree):
    with pytest.raises(CommandError, match="no branch with code 'nowhere'"):
        call_command("grant", "x", role="analyst", branch="nowhere")
    assert not User.objects.filter(username="x").exists()


def test_grant_refuses_an_unknown_role(tree):
    with pytest.raises(CommandError):
        call_command("grant", "x", role="king", branch="atyrau")


def test_branches_lists_codes_names_and_territories(tree, capsys):
    call_command("branches")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0].strip() for line in lines] == [
        "central",
        "atyrau",
        "atyrau-city",
        "kostanay",
        "kostanay-rudny",
    ]
    assert "230000000" in lines[1]
