"""People's names declined where a text needs them in another case: a letter of gratitude is
addressed to someone, in the dative.

Russian, by case, through pytrovich (the Petrovich rules): surname, given name and
patronymic each by its own rules, for the sex given ("male", "female"; unknown: guessed from
the patronymic, the given name and the surname, as Petrovich guesses).

Kazakh, the dative (барыс септік), by these rules on the last word of the name as it is
written (Kazakh declines a phrase at its end):

1. The ending after the possessive of a patronymic — -ұлы, -улы, -қызы, -кызы (and any
   word the caller says is a patronymic ending in -ы or -і) — is -на/-не: Болатұлы →
   Болатұлына, Серікқызы → Серікқызына (the possessive's n-stem, as in "әкесіне").
2. Otherwise it is -қа/-ке after a consonant said without voice: к қ п с т ф х ц ч ш щ, and
   б в г д, which Kazakh devoices at a word's end (Назарбаев → Назарбаевқа, Олег → Олегке);
   -ға/-ге after a vowel, a sonorant (й л м н ң р у) or ж з (Ораз → Оразға).
3. The vowel is chosen by the word's last vowel (vowel harmony): back а о ұ ы у я → а;
   front ә е ө ү і и э ю ё → е. The Russian surname suffix -ов/-ев/-ёв is not counted: the
   vowel before it decides, as Kazakh writes these names (Тоқаев → Тоқаевқа, Төлебаев →
   Төлебаевқа, Жүсіпов → Жүсіповке); a suffix with no vowel before it counts (Лев →
   Левке). A final soft sign makes it front (Игорь → Игорьге); a word with no vowel at all
   takes the back one.

The suffix follows the word's case: a word written in capitals gets a suffix in capitals.
No domain here: callers pass names and a sex, never a person."""

from __future__ import annotations

from functools import cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Case, Gender, NamePart
from pytrovich.maker import PetrovichDeclinationMaker

BACK_VOWELS = frozenset("аоұыуя")
FRONT_VOWELS = frozenset("әеөүіиэюё")
VOICELESS = frozenset("кқпстфхцчшщ")
DEVOICED = frozenset("бвгд")  # voiced in writing, said without voice at a word's end
POSSESSIVE_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы")
SOFT_SIGN = "ь"
RUSSIAN_SURNAME_SUFFIXES = ("ов", "ев", "ёв")  # transparent to vowel harmony (rule 3)

CASES = {
    "genitive": Case.GENITIVE,
    "dative": Case.DATIVE,
    "accusative": Case.ACCUSATIVE,
    "instrumental": Case.INSTRUMENTAL,
    "prepositional": Case.PREPOSITIONAL,
    "nominative": Case.NOMINATIVE,
}
GENDERS = {"male": Gender.MALE, "female": Gender.FEMALE}


# ---------------------------------------------------------------- Kazakh


def is_possessive_patronymic(word: str) -> bool:
    return word.lower().endswith(POSSESSIVE_PATRONYMIC)


def kazakh_dative_suffix(word: str, *, patronymic: bool = False) -> str:
    """The dative suffix the word takes (rules 1–3 above), in lower case."""
    lower = word.lower()
    stem = lower[:-2] if lower.endswith(RUSSIAN_SURNAME_SUFFIXES) else lower
    vowels = [letter for letter in stem if letter in BACK_VOWELS or letter in FRONT_VOWELS]
    if not vowels:  # no vowel before the suffix: the suffix's own counts
        vowels = [letter for letter in lower if letter in BACK_VOWELS or letter in FRONT_VOWELS]
    front = lower.endswith(SOFT_SIGN) or bool(vowels and vowels[-1] in FRONT_VOWELS)
    last = lower.rstrip(SOFT_SIGN)[-1:] if lower.rstrip(SOFT_SIGN) else ""
    if is_possessive_patronymic(lower) or (patronymic and last in ("ы", "і")):
        return "не" if front else "на"
    if last in VOICELESS or last in DEVOICED:
        return "ке" if front else "қа"
    return "ге" if front else "ға"


def kazakh_dative_word(word: str, *, patronymic: bool = False) -> str:
    if not word:
        return word
    suffix = kazakh_dative_suffix(word, patronymic=patronymic)
    return word + (suffix.upper() if word.isupper() and len(word) > 1 else suffix)


def kazakh_dative(name: str, *, patronymic_last: bool = False) -> str:
    """The name (any number of words) in the dative: its last word declined, the others as
    written. `patronymic_last`: the last word is a patronymic (rule 1 for -ы/-і)."""
    words = name.split()
    if not words:
        return ""
    words[-1] = kazakh_dative_word(words[-1], patronymic=patronymic_last)
    return " ".join(words)


# ---------------------------------------------------------------- Russian


@cache
def _maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def _gender(sex: str, surname: str, given_name: str, patronymic: str) -> Gender:
    if sex in GENDERS:
        return GENDERS[sex]
    try:
        return _detector().detect(
            firstname=given_name or None, lastname=surname or None, middlename=patronymic or None
        )
    except ValueError:
        return Gender.ANDROGYNOUS


def _declined(part: NamePart, gender: Gender, case: Case, word: str) -> str:
    # Petrovich declines each half of a double name ("Мамин-Сибиряк") itself.
    return _maker().make(part, gender, case, word) if word else ""


def russian_name(
    surname: str, given_name: str, patronymic: str = "", *, sex: str = "", case: str = "dative"
) -> str:
    """«Surname Given-name Patronymic» in the Russian `case` (a key of CASES)."""
    declension, gender = CASES[case], _gender(sex, surname, given_name, patronymic)
    parts = [
        _declined(NamePart.LASTNAME, gender, declension, surname),
        _declined(NamePart.FIRSTNAME, gender, declension, given_name),
        _declined(NamePart.MIDDLENAME, gender, declension, patronymic),
    ]
    return " ".join(part for part in parts if part)
