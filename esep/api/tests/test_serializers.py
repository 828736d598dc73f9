"""The API's serializers of models: their fields built from the model once per class."""

import datetime as dt
import importlib
import pkgutil

import pytest
from rest_framework import serializers

import esep
from esep.api import serializers as s
from esep.appeals.tests.factories import CategoryFactory, register
from esep.org.models import Territory
from esep.org.tests.factories import PersonFactory


def _every_subclass(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _every_subclass(sub)
    return found


def test_every_serializer_of_a_model_in_esep_builds_its_fields_once():
    for module in pkgutil.walk_packages(esep.__path__, "esep."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    ours = {
        cls
        for cls in _every_subclass(serializers.ModelSerializer)
        if cls.__module__.startswith("esep.")
    }
    assert len(ours) > 30
    assert not {c.__qualname__ for c in ours if not issubclass(c, s.ModelSerializer)}


@pytest.mark.django_db
def test_fields_are_built_once_per_class_and_each_serializer_has_its_own(tree, monkeypatch):
    place = {
        "territory": Territory.objects.get(kato="230000000"),
        "branch": tree.atyrau,
        "category": CategoryFactory.create(),
    }
    at = dt.datetime(2026, 11, 2, 5, 0, tzinfo=dt.UTC)
    appeal = register(place, at, PersonFactory.create())
    context = {"steps": [], "applicant_contacts": {appeal.pk: None}}
    built: list[str] = []
    build = serializers.ModelSerializer.build_field

    def counted(self, name, *args):
        built.append(f"{type(self).__name__}.{name}")
        return build(self, name, *args)

    monkeypatch.setattr(serializers.ModelSerializer, "build_field", counted)
    for cls in (s.AppealSerializer, s.AppealDetailSerializer, s.EventSerializer):
        monkeypatch.delattr(cls, "_built_fields", raising=False)
    # The inbox's serializer first: the detail, its subclass, still builds its own (its text).
    listed = s.AppealSerializer(appeal).data
    first = s.AppealDetailSerializer(appeal, context=context)
    shown = first.data
    once = len(built)
    assert "AppealDetailSerializer.text" in built and "text" not in listed
    second = s.AppealDetailSerializer(appeal, context=context)
    assert second.data == shown and second.data["number"] == appeal.number
    assert len(built) == once
    # Copies: each field bound to the serializer that holds it.
    assert second.fields["number"] is not first.fields["number"]
    assert second.fields["number"].parent is second and first.fields["number"].parent is first
    assert s.AppealSerializer(appeal).data == listed
