import pytest
from django.core.management import call_command

from esep.appeals.categories import load_categories
from esep.appeals.models import Category

pytestmark = pytest.mark.django_db


def test_default_categories_load_once_with_three_languages(capsys):
    created = load_categories()
    assert created == Category.objects.count() >= 20
    assert load_categories() == 0
    water = Category.objects.get(code="utilities-water")
    assert Category.objects.get_parent(water).code == "utilities"
    for category in Category.objects.all():
        assert category.name_kk and category.name_ru and category.name_en


def test_categories_command_lists_codes(capsys):
    load_categories()
    call_command("categories")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[0] == "agriculture"
    assert any(line.strip().startswith("utilities-water\tСумен") for line in lines)
