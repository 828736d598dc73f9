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
    assert grammar.money(265_000_000, "kk") == "265 миллион теңге"
    assert grammar.money(1_500_000_000, "kk") == "1,5 миллиард теңге"
    assert grammar.money(265_000_000, "en") == "265 million tenge"
    assert grammar.money(4_500, "en") == "4,500 tenge"
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
        assert press.money(265_000_000) == "265 миллион теңге"
        assert press.case(1600, "abl") == f"1{NBSP}600-ден"
        assert press.share_kk(67) == "67 пайызы"
        assert press.pct("") == "—"  # a figure the report does not hold
    with translation.override("ru"):
        assert press.money(265_000_000) == "265 млн тенге"
        assert press.plural(13007, "обращение,обращения,обращений") == f"13{NBSP}007{NBSP}обращений"
        assert press.more_ru(103_456, "человек,человека,человек") == "более 103 тысяч человек"
        assert press.pct(57.5) == "57,5%"


# Every word a number read aloud in Kazakh can end with, and each case ending it takes, as
# Kazakh writes them (a number in figures takes the ending of the word it is read with):
# genitive, accusative, dative, locative, ablative, instrumental, possessive (3rd person).
KAZAKH_ENDINGS = {
    "нөл": ("дің", "ді", "ге", "де", "ден", "мен", "і"),
    "бір": ("дің", "ді", "ге", "де", "ден", "мен", "і"),
    "екі": ("нің", "ні", "ге", "де", "ден", "мен", "сі"),
    "үш": ("тің", "ті", "ке", "те", "тен", "пен", "і"),
    "төрт": ("тің", "ті", "ке", "те", "тен", "пен", "і"),
    "бес": ("тің", "ті", "ке", "те", "тен", "пен", "і"),
    "алты": ("ның", "ны", "ға", "да", "дан", "мен", "сы"),
    "жеті": ("нің", "ні", "ге", "де", "ден", "мен", "сі"),
    "сегіз": ("дің", "ді", "ге", "де", "ден", "бен", "і"),
    "тоғыз": ("дың", "ды", "ға", "да", "дан", "бен", "ы"),
    "он": ("ның", "ды", "ға", "да", "нан", "мен", "ы"),
    "жиырма": ("ның", "ны", "ға", "да", "дан", "мен", "сы"),
    "отыз": ("дың", "ды", "ға", "да", "дан", "бен", "ы"),
    "қырық": ("тың", "ты", "қа", "та", "тан", "пен", "ы"),
    "елу": ("дің", "ді", "ге", "де", "ден", "мен", "і"),  # as су: суы, суды, судың
    "алпыс": ("тың", "ты", "қа", "та", "тан", "пен", "ы"),
    "жетпіс": ("тің", "ті", "ке", "те", "тен", "пен", "і"),
    "сексен": ("нің", "ді", "ге", "де", "нен", "мен", "і"),
    "тоқсан": ("ның", "ды", "ға", "да", "нан", "мен", "ы"),
    "жүз": ("дің", "ді", "ге", "де", "ден", "бен", "і"),
    "мың": ("ның", "ды", "ға", "да", "нан", "мен", "ы"),
    "миллион": ("ның", "ды", "ға", "да", "нан", "мен", "ы"),
    "миллиард": ("тың", "ты", "қа", "та", "тан", "пен", "ы"),
    "триллион": ("ның", "ды", "ға", "да", "нан", "мен", "ы"),
}
CASES = ("gen", "acc", "dat", "loc", "abl", "ins", "poss")
# Numbers read with each last word: alone, and after hundreds, thousands and millions.
READ_WITH = {
    "нөл": [0],
    "бір": [1, 21, 101, 1_001, 2_000_001],
    "екі": [2, 32, 1_002],
    "үш": [3, 43, 303],
    "төрт": [4, 54, 1_004],
    "бес": [5, 65, 10_005],
    "алты": [6, 76, 106],
    "жеті": [7, 87, 13_007],
    "сегіз": [8, 98, 1_008],
    "тоғыз": [9, 19, 999],
    "он": [10, 110, 1_010],
    "жиырма": [20, 120, 2_020],
    "отыз": [30, 130, 1_030],
    "қырық": [40, 140, 3_040],
    "елу": [50, 150, 1_050, 250_050],
    "алпыс": [60, 160, 1_060],
    "жетпіс": [70, 170, 1_070],
    "сексен": [80, 180, 1_080],
    "тоқсан": [90, 190, 1_090],
    "жүз": [100, 1_600, 20_300],
    "мың": [1_000, 103_000, 2_001_000],
    "миллион": [1_000_000, 2_000_000, 1_001_000_000],
    "миллиард": [1_000_000_000, 7_000_000_000],
    "триллион": [1_000_000_000_000],
}


def test_the_tables_name_every_last_word():
    assert set(READ_WITH) == set(KAZAKH_ENDINGS)
    assert set(CASES) == set(grammar.CASES)


@pytest.mark.parametrize("word", sorted(KAZAKH_ENDINGS))
def test_every_case_ending_of_every_last_word(word):
    for case, ending in zip(CASES, KAZAKH_ENDINGS[word], strict=True):
        assert grammar.suffix(word, case) == ending, (word, case)


@pytest.mark.parametrize("word", sorted(READ_WITH))
def test_a_number_takes_the_endings_of_its_last_spoken_word(word):
    for n in READ_WITH[word]:
        assert grammar.spoken_last_word(n) == word, n
        for case, ending in zip(CASES, KAZAKH_ENDINGS[word], strict=True):
            assert grammar.kk(n, case) == f"{grammar.group(n, 'kk')}-{ending}", (n, case)


def test_fifty_as_the_issue_has_it():
    assert grammar.kk(50, "poss") == "50-і"
    assert grammar.kk(50, "acc") == "50-ді"
    assert grammar.kk(50, "gen") == "50-дің"
    assert grammar.kk(150, "abl") == "150-ден"
    assert grammar.kk(1050, "poss") == f"1{NBSP}050-і"


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "более 1 обращения"),
        (2, "более 2 обращений"),
        (11, "более 11 обращений"),
        (21, "более 21 обращения"),
        (111, "более 111 обращений"),
        (1_000, "более 1 тысячи обращений"),
        (2_500, "более 2,5 тысячи обращений"),
        (5_000, "более 5 тысяч обращений"),
        (11_000, "более 11 тысяч обращений"),
        (21_000, "более 21 тысячи обращений"),
        (1_000_000, "более 1 миллиона обращений"),
        (5_000_000, "более 5 миллионов обращений"),
        (3_000_000_000, "более 3 миллиардов обращений"),
    ],
)
def test_russian_more_than_agrees_with_its_number(n, text):
    assert grammar.ru_more_than(n, APPEAL) == text


def test_the_press_releases_agree_with_their_numbers():
    """ "из них 21 решены" is wrong in Russian: the counted noun agrees with its number; and
    the Kazakh endings follow the number read aloud (оның 50-і)."""
    from django.template import Context
    from django.utils import translation

    from esep.figures.press import DEFAULT_KK, DEFAULT_RU, ENGINE

    values = {
        "appeals_received": 241,
        "appeals_resolved_positively": 21,
        "issues_taken_under_control": 7,
        "issues_resolved": 50,
    }
    with translation.override("ru"):
        ru = ENGINE.from_string(DEFAULT_RU).render(Context(values))
    assert f"поступило 241{NBSP}обращение, из них положительно решено 21{NBSP}обращение" in ru
    values["appeals_resolved_positively"] = 150
    with translation.override("kk"):
        kk = ENGINE.from_string(DEFAULT_KK).render(Context(values))
    assert "оның 150-і оң шешілді" in kk
    assert "оның 50-і шешілді" in kk
