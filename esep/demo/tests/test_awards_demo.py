"""The demo's awards give seed 003's figures from their records: Kostanay's ceremony of
December 2021 with 18 badges, 19 certificates of honour, the medal of Бек Жүсіпов and four
letters of gratitude; the portal names only who consented; another year's nominations are
refused or pending; a second run adds nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from esep.awards import actions
from esep.awards.certificate import certificate_text
from esep.awards.models import Award, Ceremony, Nomination
from esep.demo import awards as builder
from esep.demo.context import Demo
from esep.figures.compute import Scope, compute, group_labels
from esep.figures.periods import Period
from esep.figures.registry import get
from esep.org.models import Branch

pytestmark = pytest.mark.django_db

DECEMBER_2021 = Period(dt.date(2021, 12, 1), dt.date(2021, 12, 31))


def test_kostanay_granted_42_awards_in_december_2021(demo):
    scope = Scope(Branch.objects.get(code="kostanay"))
    assert compute(["awards.granted"], scope, DECEMBER_2021) == {"awards.granted": 42}
    by_award = compute(["awards.granted"], scope, DECEMBER_2021, breakdown="kind")
    source = get("awards.granted").source
    assert source is not None
    labels = group_labels("kind", list(by_award["awards.granted"]), scope, source)
    with translation.override("kk"):
        named = {labels[k]: n for k, n in by_award["awards.granted"].items()}
    assert sorted(named.values()) == [1, 4, 18, 19]
    assert named["Белсенді қызметі үшін"] == 18, named


def test_the_named_people_hold_their_awards(demo):
    ceremony = Ceremony.objects.get(title=builder.CEREMONY_TITLE)
    granted = ceremony.nominations.filter(status="granted").select_related("person", "award")
    medal = granted.get(award__kind=Award.Kind.MEDAL)
    assert medal.person.full_name == "Жүсіпов Бек"
    letters = {n.person.full_name for n in granted.filter(award__kind="letter_of_gratitude")}
    assert letters == {"Зимовец Елена", "Ысқақов Балғабай", "Луценко Алла", "Төлебаев Қайрат"}
    for nomination in granted.filter(award__kind="letter_of_gratitude"):
        assert nomination.person.iin and nomination.person.sex
    zimovets = granted.get(person__surname="Зимовец")
    assert "Елена Зимовецке" in [text for text, _size, _style in certificate_text(zimovets, "kk")]
    assert "Зимовец Елене" in [text for text, _size, _style in certificate_text(zimovets, "ru")]


def test_the_portal_names_only_who_consented(demo, client):
    ceremony = Ceremony.objects.get(title=builder.CEREMONY_TITLE)
    body = client.get(reverse("portal:ceremony", args=[ceremony.pk])).content.decode()
    granted = ceremony.nominations.filter(status="granted").select_related("person")
    assert granted.filter(consent_to_publish=False).exists()
    assert granted.filter(consent_to_publish=True).exists()
    for nomination in granted:
        assert (nomination.person.full_name in body) == nomination.consent_to_publish
    assert "Төлебаев" not in body and "Зимовец Елена" in body


def test_another_year_has_one_refused_and_one_pending(demo):
    region = Branch.objects.get(code="kostanay")
    later = Nomination.objects.filter(branch=region, ceremony__isnull=True)
    assert sorted(later.values_list("status", flat=True)) == ["nominated", "refused"]
    year = Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert compute(["awards.granted"], Scope(region), year) == {"awards.granted": 0}


def test_a_second_run_adds_nothing(demo):
    before = Nomination.objects.count(), Ceremony.objects.count(), Award.objects.count()
    again = Demo(scale=1)
    builder.build(again)
    assert (Nomination.objects.count(), Ceremony.objects.count(), Award.objects.count()) == before
    assert again.award_nominations == 0 and "awards ceremonies added" in demo
    # Nominating the medal's holder again is refused: one award per person.
    medal = Nomination.objects.get(award__kind="medal", status="granted")
    with pytest.raises(ValidationError) as refused:
        actions.nominate(
            actor=None,
            branch=medal.branch,
            award=medal.award,
            person=medal.person,
            grounds="Тағы да",
        )
    assert refused.value.error_list[0].code == "duplicate"
