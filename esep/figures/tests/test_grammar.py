import pytest

from esep.figures import grammar

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("n", "ablative", "possessive"),
    [
        (0, "0-ден", "0-і"),
        (1, "1-ден", "1-і"),
        (2, "2-ден", "2-сі"),
        (3, "3-тен", "3-і"),
        (4, "4-тен", "4-і"),
        (5, "5-тен", "5-і"),
        (6, "6-дан", "6-сы"),
        (7, "7-ден", "7-сі"),
        (8, "8-ден", "8-і"),
        (9, "9-дан", "9-ы"),
        (10, "10-нан", "10-ы"),
        (11, "11-ден", "11-і"),
        (12, "12-ден", "12-сі"),
        (13, "13-тен", "13-і"),
        (14, "14-тен", "14-і"),
        (40, "40-тан", "40-ы"),
        (80, "80-нен", "80-і"),
        (400, "400-ден", "400-і"),
        (1600, f"1{NBSP}600-ден", f"1{NBSP}600-і"),
        (13007, f"13{NBSP}007-ден", f"13{NBSP}007-сі"),
        (103000, f"103{NBSP}000-нан", f"103{NBSP}000-ы"),
        (2_000_000, f"2{NBSP}000{NBSP}000-нан", f"2{NBSP}000{NBSP}000-ы"),
    ],
)
def test_kazakh_endings_follow_the_spoken_number(n, ablative, possessive):
    assert grammar.kk(n, "abl") == ablative
    assert grammar.kk(n, "poss") == possessive


def test_kazakh_other_cases():
    assert grammar.kk(10, "dat") == "10-ға"
    assert grammar.kk(3, "dat") == "3-ке"
    assert grammar.kk(40, "loc") == "40-та"
    assert grammar.kk(9, "gen") == "9-дың"
    assert grammar.kk(6, "acc") == "6-ны"


APPEAL = ("обращение", "обращения", "обращений")


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (0, "обращений"),
        (1, "обращение"),
        (2, "обращения"),
        (3, "обращения"),
        (4, "обращения"),
        (5, "обращений"),
        (6, "обращений"),
        (7, "обращений"),
        (8, "обращений"),
        (9, "обращений"),
        (11, "обращений"),
        (12, "обращений"),
        (13, "обращений"),
        (14, "обращений"),
        (21, "обращение"),
        (22, "обращения"),
        (111, "обращений"),
        (1001, "обращение"),
        (13007, "обращений"),
        (1_000_000, "обращений"),
    ],
)
def test_russian_plural_forms(n, form):
    assert grammar.ru_form(n, APPEAL) == form


def test_numbers_as_the_languages_write_them():
    assert grammar.group(13007, "kk") == f"13{NBSP}007"
    assert grammar.group(13007, "en") == "13,007"
    assert grammar.percent(57.5, "ru") == "57,5%"
    assert grammar.percent(57.5, "en") == "57.5%"
    assert grammar.percent(67.0, "kk") == "67%"
    assert grammar.decimal(71.09, "ru", 2) == "71,09"
    assert grammar.money(265_000_000, "kk") == "265 млн теңге"
    assert grammar.money(265_000_000, "ru") == "265 млн тенге"
    assert grammar.ru(1300, ("человек", "человека", "человек")) == f"1{NBSP}300{NBSP}человек"


def test_round_figures_with_more_than():
    people = ("человек", "человека", "человек")
    assert grammar.kk_more_than(103_456) == "103 мыңнан астам"
    assert grammar.ru_more_than(103_456, people) == "более 103 тысяч человек"
    assert grammar.ru_more_than(4_560, ("вопрос", "вопроса", "вопросов")) == (
        "более 4,5 тысячи вопросов"
    )
    assert grammar.kk_more_than(4_560) == "4,5 мыңнан астам"
    assert grammar.ru_more_than(21_400, people) == "более 21 тысячи человек"
    assert grammar.ru_more_than(421, people) == "более 421 человека"
    assert grammar.kk_more_than(420) == "420-дан астам"
    assert grammar.kk_more_than(2_300_000) == "2,3 миллионнан астам"
    assert grammar.ru_more_than(2_300_000, people) == "более 2,3 миллиона человек"


def test_press_filters_in_each_language():
    from django.utils import translation

    from esep.figures.templatetags import press

    with translation.override("kk"):
        assert press.money(265_000_000) == "265 млн теңге"
        assert press.case(1600, "abl") == f"1{NBSP}600-ден"
        assert press.share_kk(67) == "67 пайызы"
        assert press.pct("") == "—"  # a figure the report does not hold
    with translation.override("ru"):
        assert press.money(265_000_000) == "265 млн тенге"
        assert press.plural(13007, "обращение,обращения,обращений") == f"13{NBSP}007{NBSP}обращений"
        assert press.more_ru(103_456, "человек,человека,человек") == "более 103 тысяч человек"
        assert press.pct(57.5) == "57,5%"
