"""Fixtures the awards' tests share: the catalogue, the offices of Kostanay and Atyrau, a
ceremony and a nomination of Kostanay's."""

import datetime as dt

import pytest

from esep.awards import actions
from esep.awards.models import Award
from esep.org.models import Body
from esep.org.tests.factories import BodyFactory, user_with_role

DECEMBER = dt.date(2021, 12, 10)


def award(code, kind, names, level="regional"):
    return Award.objects.create(
        code=code, kind=kind, level=level, name_kk=names[0], name_ru=names[1], name_en=names[2]
    )


@pytest.fixture
def catalogue(db):
    return {
        "badge": award(
            "belsendi",
            "badge",
            ("Белсенді қызметі үшін", "За активную деятельность", "For Active Work"),
        ),
        "honour": award(
            "qurmet",
            "certificate_of_honour",
            ("Құрмет грамотасы", "Почётная грамота", "Certificate of Honour"),
        ),
        "medal": award(
            "halyq-alghysy",
            "medal",
            ("Халық алғысы", "Народная благодарность", "People's Gratitude"),
        ),
        "letter": award(
            "alghys-hat",
            "letter_of_gratitude",
            ("Алғыс хат", "Благодарственное письмо", "Letter of Gratitude"),
        ),
        "central": award(
            "central-medal",
            "medal",
            ("Орталық медаль", "Центральная медаль", "Central Medal"),
            "central",
        ),
    }


@pytest.fixture
def kostanay_bureau(tree):
    return BodyFactory.create(branch=tree.kostanay, kind=Body.Kind.BUREAU, seats=5)


@pytest.fixture
def officer(tree):
    return user_with_role("reception_officer", tree.kostanay, "kostanay-officer")


@pytest.fixture
def rudny_officer(tree):
    return user_with_role("reception_officer", tree.rudny, "rudny-officer")


@pytest.fixture
def ceremony(tree, officer):
    return actions.hold_ceremony(
        actor=officer,
        branch=tree.kostanay,
        held_on=dt.date(2021, 12, 15),
        place="Қостанай, облыстық филиал",
        title="Тәуелсіздіктің 30 жылдығына арналған марапаттау рәсімі",
    )


@pytest.fixture
def nomination(tree, officer, catalogue, ceremony):
    return actions.nominate(
        actor=officer,
        branch=tree.kostanay,
        award=catalogue["letter"],
        surname="Зимовец",
        given_name="Елена",
        sex="female",
        grounds="Электоралды кезеңге белсенді қатысқаны үшін",
        grounds_ru="за активное участие в электоральном периоде",
        ceremony=ceremony,
    )
