"""Names declined: Kazakh dative by the module's rules, Russian cases through Petrovich."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from esep.lib.declension import (
    BACK_VOWELS,
    FRONT_VOWELS,
    kazakh_dative,
    kazakh_dative_suffix,
    kazakh_dative_word,
    russian_name,
)

KAZAKH_LETTERS = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
SUFFIXES = {"ға", "ге", "қа", "ке", "на", "не"}

# The seed's people (seed 003), and patronymics.
KAZAKH_TABLE = [
    ("Елена Зимовец", "Елена Зимовецке"),
    ("Балғабай Ысқақов", "Балғабай Ысқақовқа"),
    ("Алла Луценко", "Алла Луценкоға"),
    ("Қайрат Төлебаев", "Қайрат Төлебаевқа"),
    ("Бек Жүсіпов", "Бек Жүсіповке"),
    ("Ахметов Серік Болатұлы", "Ахметов Серік Болатұлына"),
    ("Ахметова Айгүл Серікқызы", "Ахметова Айгүл Серікқызына"),
    ("Иванов Пётр Сергеевич", "Иванов Пётр Сергеевичке"),
    ("Петрова Анна Ивановна", "Петрова Анна Ивановнаға"),
    ("Ораз", "Оразға"),
    ("Игорь", "Игорьге"),
    ("Мария", "Марияға"),
    ("Анатолий", "Анатолийге"),
    ("Тоқаев", "Тоқаевқа"),
]

RUSSIAN_TABLE = [
    (("Зимовец", "Елена", "", "female"), "Зимовец Елене"),
    (("Ысқақов", "Балғабай", "", "male"), "Ысқақову Балғабаю"),
    (("Луценко", "Алла", "", "female"), "Луценко Алле"),
    (("Төлебаев", "Қайрат", "", "male"), "Төлебаеву Қайрату"),
    (("Жүсіпов", "Бек", "", "male"), "Жүсіпову Беку"),
    (("Иванов", "Пётр", "Сергеевич", "male"), "Иванову Петру Сергеевичу"),
    (("Петрова", "Анна", "Ивановна", "female"), "Петровой Анне Ивановне"),
    # The sex unknown: the patronymic tells it.
    (("Петрова", "Анна", "Ивановна", ""), "Петровой Анне Ивановне"),
    # A Kazakh patronymic is not declined in Russian.
    (("Ахметов", "Серік", "Болатұлы", "male"), "Ахметову Серіку Болатұлы"),
]


@pytest.mark.parametrize(("name", "dative"), KAZAKH_TABLE)
def test_kazakh_dative_of_real_names(name, dative):
    assert kazakh_dative(name) == dative


@pytest.mark.parametrize(("parts", "dative"), RUSSIAN_TABLE)
def test_russian_dative_of_real_names(parts, dative):
    surname, given_name, patronymic, sex = parts
    assert russian_name(surname, given_name, patronymic, sex=sex) == dative


def test_russian_nominative_leaves_the_name_as_written():
    assert russian_name("Зимовец", "Елена", sex="female", case="nominative") == "Зимовец Елена"


def test_a_patronymic_in_i_takes_ne_when_the_caller_says_so():
    assert kazakh_dative("Серікі", patronymic_last=True) == "Серікіне"
    assert kazakh_dative("Серікі") == "Серікіге"


words = st.text(alphabet=KAZAKH_LETTERS, min_size=1, max_size=15)


@given(words)
def test_the_word_is_kept_and_one_suffix_added(word):
    declined = kazakh_dative_word(word)
    assert declined.startswith(word)
    assert declined[len(word) :] in SUFFIXES


@given(words)
def test_the_suffix_agrees_with_the_last_vowel(word):
    lower = word.lower()
    stem = lower[:-2] if lower.endswith(("ов", "ев", "ёв")) else lower
    vowels = [c for c in stem if c in BACK_VOWELS | FRONT_VOWELS] or [
        c for c in lower if c in BACK_VOWELS | FRONT_VOWELS
    ]
    suffix = kazakh_dative_suffix(word)
    if lower.endswith("ь"):
        assert suffix in {"ге", "ке", "не"}
    elif vowels:
        front = vowels[-1] in FRONT_VOWELS
        assert (suffix in {"ге", "ке", "не"}) == front


@given(words.filter(lambda w: w[-1] in "кқпстфхцчшщ" and not w.endswith(("ов", "ев"))))
def test_a_voiceless_end_takes_qa_or_ke(word):
    assert kazakh_dative_suffix(word) in {"қа", "ке"}


@given(words.filter(lambda w: w[-1] in "аәеөұүыіиоуэюяйлмнңржз"))
def test_a_vowel_or_sonorant_end_takes_ga_or_ge(word):
    if not word.endswith(("ұлы", "улы", "қызы", "кызы")):
        assert kazakh_dative_suffix(word) in {"ға", "ге"}


@given(st.lists(words, min_size=1, max_size=4))
def test_only_the_last_word_of_a_name_is_declined(parts):
    declined = kazakh_dative(" ".join(parts)).split(" ")
    assert declined[:-1] == parts[:-1]
    assert declined[-1] == kazakh_dative_word(parts[-1])


@given(words)
def test_capitals_get_a_suffix_in_capitals(word):
    upper = word.upper()
    if len(upper) > 1 and upper.isupper():
        assert kazakh_dative_word(upper) == upper + kazakh_dative_suffix(word).upper()
