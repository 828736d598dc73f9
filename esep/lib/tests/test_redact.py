"""Personal data struck out of public text: IINs and phones in any grouping (property
tests), e-mails spelled out, the applicant's names in any case, and the numbers that are no
one's data kept."""

import datetime as dt
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from esep.lib.iin import make_iin
from esep.lib.redact import mask_personal_data

# --- Writing a number the ways people do ---------------------------------------------------

# Between two groups of digits: spaces, dashes, a dot.
SEPARATORS = st.sampled_from([" ", "  ", "-", " - ", ".", "\u00a0", "\u2013", " \u2013 "])


@st.composite
def grouped(draw, digits: str) -> str:
    """The digits cut into groups at random places, the groups joined by separators, one
    group perhaps in parentheses: 5902 1136 9491, 59-02-11-369491, 8 (7122) 27.45.67."""
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    # A group in parentheses; all of them in parentheses is a bracketed number, kept so.
    wrapped = draw(st.none() | st.integers(0, len(groups) - 1)) if len(groups) > 1 else None
    text = ""
    for index, group in enumerate(groups):
        if index:
            around_paren = wrapped in (index, index - 1)
            text += draw(st.sampled_from(["", " ", "-"]) if around_paren else SEPARATORS)
        text += f"({group})" if index == wrapped else group
    return text


def by_thousands(text: str) -> bool:
    """7 059 028 549: how sums are written; esep reads it as a sum (see redact's doc)."""
    groups = text.replace("\u00a0", " ").split(" ")
    return (
        len(groups) > 1
        and all(g.isdigit() for g in groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
    )


DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(?:19|20)\d\d(?!\d)")


def reads_as_a_date(text: str) -> bool:
    """05.03.1935 2345: a date and a number to anyone, and to esep (a date is never part of
    another number, so 15.03.2021 10.00 is not taken for an IIN)."""
    return any(1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12 for m in DATE.finditer(text))


BEFORE = st.sampled_from(
    ["", "ЖСН ", "ИИН: ", "Менің ЖСН-ім ", "тел. ", "Телефон: ", "мой номер ", "(", "«", "№ "]
)
AFTER = st.sampled_from(
    ["", ".", ",", " нөміріне хабарласыңыз.", " екенін растаймын", ")", "»", ";", " – Атырау"]
)
BIRTH_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
IINS = st.builds(make_iin, BIRTH_DATES, st.sampled_from(["male", "female"]), st.integers(0, 9999))
# Mobile operators' and cities' codes: Beeline, Kcell, Tele2, Altel; Atyrau, Astana, Almaty,
# Kostanay, Shymkent, Aktobe.
MOBILE_CODES = ["700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778"]
CODES = st.sampled_from([*MOBILE_CODES, "7122", "7172", "727", "7142", "7252", "7132"])
PHONES = st.builds(
    lambda code, rest: code + rest[: 10 - len(code)], CODES, st.text("0123456789", min_size=7)
)
TRUNKS = st.sampled_from(["", "8", "8 ", "8-", "+7", "+7 ", "+7-", "7 "])


@given(before=BEFORE, iin=IINS, after=AFTER, data=st.data())
def test_an_iin_is_struck_out_however_its_digits_are_grouped(before, iin, after, data):
    written = data.draw(grouped(iin))
    assume(not reads_as_a_date(written))
    assert mask_personal_data(f"{before}{written}{after}") == f"{before}[IIN]{after}"


@given(before=BEFORE, digits=st.text("0123456789", min_size=12, max_size=12), after=AFTER)
def test_twelve_digits_written_together_are_taken_for_an_iin(before, digits, after):
    assert mask_personal_data(f"{before}{digits}{after}") == f"{before}[IIN]{after}"


@given(before=BEFORE, trunk=TRUNKS, number=PHONES, after=AFTER, data=st.data())
def test_a_phone_is_struck_out_however_it_is_grouped(before, trunk, number, after, data):
    written = data.draw(grouped(number))
    assume(not by_thousands(trunk + written))
    text = f"{before}{trunk}{written}{after}"
    assert mask_personal_data(text) == f"{before}[PHONE]{after}"


@given(iin=IINS, number=PHONES, data=st.data())
def test_an_iin_and_a_phone_side_by_side_are_both_struck_out(iin, number, data):
    iin_written, phone_written = data.draw(grouped(iin)), data.draw(grouped(number))
    assume(not reads_as_a_date(iin_written))
    text = f"ЖСН {iin_written} 8 {phone_written}"
    assume(not by_thousands(f"8 {phone_written}"))
    assert mask_personal_data(text) == "ЖСН [IIN] [PHONE]"


# --- Numbers that are no one's data ---------------------------------------------------------


def thousands(n: int, space: str) -> str:
    return f"{n:,}".replace(",", space)


@given(
    st.integers(0, 10**13),
    st.sampled_from([" ", "\u00a0", ""]),
    st.sampled_from([" тенге", " теңге", " тг", "₸", " ₸", " рублей", " долларов"]),
)
def test_sums_are_kept(n, space, currency):
    text = f"Өтемақы {thousands(n, space)}{currency} болды"
    assert mask_personal_data(text) == text


@given(st.integers(1, 999), st.sampled_from([" ", "\u00a0"]))
def test_sums_grouped_by_thousands_are_kept_without_a_currency(millions, space):
    text = f"Жобаның құны {thousands(millions * 10**7, space)} екен"
    assert mask_personal_data(text) == text


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2040, 12, 31)), st.data())
def test_dates_and_years_are_kept(day, data):
    written = data.draw(
        st.sampled_from(
            [f"{day:%d.%m.%Y}", f"{day:%Y-%m-%d}", f"{day:%d.%m.%y}", f"{day.year} жылы"]
        )
    )
    other = data.draw(st.sampled_from([f"{day:%d.%m.%Y}", f"{day.year}", "10:30", ""]))
    text = f"Өтініш {written} {other} тіркелді"
    assert mask_personal_data(text) == text


@given(
    st.integers(1, 300),
    st.integers(1, 999),
    st.sampled_from(["ATYRAU", "ALMATY", "KOSTANAY-RUDNY", "AST"]),
    st.integers(2015, 2030),
    st.integers(1, 99999),
)
def test_house_flat_and_appeal_numbers_are_kept(house, flat, branch, year, serial):
    text = (
        f"Абай көшесі, {house}-үй, {flat}-пәтер; ул. Сатпаева, д. {house}, кв. {flat}. "
        f"Өтініш № {branch}-{year}-{serial:05d}, {year} жылғы."
    )
    assert mask_personal_data(text) == text


# --- E-mail addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "irgebaev@mail.kz",
        "a.irgebaev-59@mail.kz",
        "irgebaev(at)mail.kz",
        "irgebaev (at) mail (dot) kz",
        "irgebaev [at] mail dot kz",
        "irgebaev[at]mail[dot]kz",
        "irgebaev {at} mail {dot} kz",
        "irgebaev собака mail точка kz",
        "irgebaev at mail dot kz",
        "irgebaev@почта.рф",
    ],
)
def test_an_email_address_is_struck_out_however_it_is_spelled(written):
    assert mask_personal_data(f"Поштам: {written}, жауап күтемін.") == (
        "Поштам: [EMAIL], жауап күтемін."
    )


# --- The applicant's names ------------------------------------------------------------------

NAMES = ("Іргебаев", "Асқар", "Серікұлы")


@pytest.mark.parametrize(
    "word",
    [
        # Kazakh cases of the surname, as written in Kazakh or in Russian letters.
        *("Іргебаев", "Іргебаевқа", "Іргебаевтың", "Іргебаевты", "Іргебаевта"),
        *("Іргебаевтан", "Іргебаевпен", "Іргебаевтар", "Иргебаевка", "ІРГЕБАЕВТЫҢ"),
        # Russian cases, his and his wife's.
        *("Иргебаев", "Иргебаева", "Иргебаеву", "Иргебаевым", "Иргебаеве", "Иргебаевой"),
        *("Иргебаевых", "иргебаеву"),
        # His given name and patronymic.
        *("Асқар", "Асқарға", "Асқардың", "Аскару", "Аскаром", "Серікұлы", "Серікұлына"),
    ],
)
def test_the_applicants_own_names_are_struck_out_in_any_case(word):
    assert mask_personal_data(f"Мен, {word}, жазамын", NAMES) == "Мен, [NAME], жазамын"


@pytest.mark.parametrize(
    ("names", "word"),
    [
        (("Жуковская", "Анна", "Сергеевна"), "Жуковской"),
        (("Жуковская", "Анна", "Сергеевна"), "Сергеевне"),
        (("Жуковская", "Анна", "Сергеевна"), "Анной"),
        (("Оспанов", "Нурлан", "Серикович"), "Сериковичем"),
        (("Әбішева", "Айгүл", ""), "Әбішеваға"),
        (("Әбішева", "Айгүл", ""), "Абишевой"),
        (("Әбішева", "Айгүл", ""), "Айгуль"),
        (("Әбішева", "Айгүл", ""), "Айгүлдің"),
        (("Ли", "Ирина", ""), "Ли"),
    ],
)
def test_feminine_adjectival_and_patronymic_forms_are_struck_out(names, word):
    assert mask_personal_data(f"Өтініш: {word} атынан", names) == "Өтініш: [NAME] атынан"


@pytest.mark.parametrize(
    "text",
    [
        "Иргебаевская улица, дом 5",  # a street named after someone: not the applicant
        "Аскарова келді",  # another family's name that merely begins like his given name
        "Есть ли у вас ответ?",  # «ли» the particle, not Ли the surname
    ],
)
def test_words_that_only_begin_like_a_name_are_kept(text):
    assert mask_personal_data(text, (*NAMES, "Ли")) == text
