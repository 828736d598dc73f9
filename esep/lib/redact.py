"""Personal data struck out of a text that leaves the system: a public description, a log line.

`mask_personal_data(text, names=...)` is the one function every public text goes through
(and the log filter too, without names). It replaces

- IINs, however their twelve digits are grouped (590211369491, 590211 369491,
  5902 1136 9491, 59-02-11-36-94-91), with [IIN];
- phone numbers of Kazakhstan (and of Russia, which shares +7) in any grouping, with or
  without the trunk 8 or +7 (705 902 85 49, 8 7122 27 45 67, +7 (705) 902-85-49), and any
  number written with a leading +, with [PHONE];
- e-mail addresses, also those spelled out to dodge robots (x@mail.kz, x(at)mail.kz,
  x [at] mail dot kz, x собака mail точка kz), with [EMAIL];
- the given names (a person's surname, given name and patronymic) in any Kazakh or Russian
  case (Іргебаевқа, Иргебаевтың, Иргебаеву, Иргебаевым, Иргебаевой), with [NAME].

Numbers that are no one's data stay: years, dates, times, sums (150 000 тенге), house and
flat numbers, appeal numbers (ATYRAU-2021-00042). How a number is told apart:

- digits joined by spaces, dashes, parentheses or a dot are read together as one written
  number (a *run*), so no grouping hides an IIN or a phone;
- a date (15.03.2021, 2021-03-15) is never part of another number, nor is 15.03.21 unless
  its digits begin a valid IIN;
- inside a run, twelve digits that make a valid IIN, and ten or eleven that make a valid
  phone number, are struck out wherever they stand; so are twelve digits written together
  (a BIN too), ten from 7 and eleven from 7 or 8 written together; what is left of the run is
  an IIN if it has twelve digits and a phone if it has ten from 7 or eleven from 7 or 8;
- a run followed by a currency (150 000 тенге) is a sum, and so is one grouped by thousands
  (7 000 000 000) unless its digits make a valid IIN.

Local phone numbers without the city code (27-45-67) and names of other people are left:
nothing tells them from other numbers and words. An applicant's given name that is also a
word (Сәуле, a ray) is struck out as the word too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from esep.lib.iin import InvalidIIN, parse_iin

IIN = "[IIN]"
PHONE = "[PHONE]"
EMAIL = "[EMAIL]"
NAME = "[NAME]"

# --- E-mail addresses ------------------------------------------------------------------------

_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_LOCAL = r"(?<![\w.%+-])[A-Za-z0-9._%+-]*[A-Za-z0-9]"
# "@", or "at" (собака, эт) in brackets or standing alone between spaces.
_AT = rf"(?:@|\s*{_OPEN}\s*(?:at|собака|эт)\s*{_CLOSE}\s*|\s+(?:at|собака)\s+)"
_DOT = rf"(?:\.|\s*{_OPEN}\s*(?:dot|точка|нүкте)\s*{_CLOSE}\s*|\s+(?:dot|точка|нүкте)\s+)"
EMAIL_RE = re.compile(
    # With "@" the domain may be a single word (x@mail); spelled out, it needs a dot.
    rf"{_LOCAL}@{_LABEL}(?:{_DOT}{_LABEL})*|{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})+",
    re.IGNORECASE,
)

# --- Numbers ---------------------------------------------------------------------------------

_SPACE = " \t\u00a0\u2007\u2009\u202f"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
# Digits joined by up to three spaces, dashes or parentheses, or by one dot, are one run.
_JOINERS = re.escape(_SPACE + "()" + _DASHES)
RUN_RE = re.compile(rf"\d+(?:(?:\.|[{_JOINERS}]{{1,3}})\d+)*")
_DIGITS = re.compile(r"\d+")
_CURRENCY = re.compile(
    r"[\s\u00a0]*(?:теңге|тенге|тг\b|₸|kzt\b|руб|сом\b|доллар|usd\b|\$|евро|eur\b)",
    re.IGNORECASE,
)


@dataclass
class _Group:
    start: int
    end: int
    digits: str
    label: str = ""  # what it was found to be part of: IIN, PHONE or "date"
    find: int = 0  # which find, when two lie side by side


def _is_iin(digits: str) -> bool:
    try:
        parse_iin(digits)
    except InvalidIIN:
        return False
    return True


def _is_phone(digits: str) -> bool:
    """Ten digits from 7, or eleven from 7 or 8, that make a number Kazakhstan or Russia
    (which share +7) gives out."""
    if not (len(digits) == 10 and digits[0] == "7") and not (
        len(digits) == 11 and digits[0] in "78"
    ):
        return False
    number = phonenumbers.parse("+7" + digits[-10:])
    return phonenumbers.is_valid_number(number)


def _phone_shaped(digits: str, plus: bool) -> bool:
    if plus:
        return 10 <= len(digits) <= 15
    return (len(digits) == 10 and digits[0] == "7") or (len(digits) == 11 and digits[0] in "78")


def _between(text: str, groups: list[_Group], i: int) -> str:
    """The separator after group i."""
    return text[groups[i].end : groups[i + 1].start]


def _by_thousands(text: str, groups: list[_Group], i: int, j: int) -> bool:
    """1 500 000: the way a sum is written, never a phone."""
    return (
        j > i
        and 1 <= len(groups[i].digits) <= 3
        and all(len(g.digits) == 3 for g in groups[i + 1 : j + 1])
        and all(_between(text, groups, k).strip(_SPACE) == "" for k in range(i, j))
    )


def _is_date(text: str, groups: list[_Group], i: int, century: bool) -> bool:
    """15.03.2021 and 2021-03-15 (a year of this century or the last), or 15.03.21."""
    if i + 2 >= len(groups):
        return False
    a, b, c = (g.digits for g in groups[i : i + 3])
    seps = (_between(text, groups, i), _between(text, groups, i + 1))
    if seps == (".", ".") and len(a) <= 2 and len(b) <= 2 and len(c) == (4 if century else 2):
        return 1 <= int(a) <= 31 and 1 <= int(b) <= 12 and (not century or c[:2] in ("19", "20"))
    if century and seps == ("-", "-") and len(a) == 4 and len(b) == 2 and len(c) == 2:
        return a[:2] in ("19", "20") and 1 <= int(b) <= 12 and 1 <= int(c) <= 31
    return False


def _dates(text: str, groups: list[_Group], century: bool) -> None:
    for i in range(len(groups)):
        if _is_date(text, groups, i, century):
            _label(groups, i, i + 2, "date")


def _windows(groups: list[_Group], length: int) -> Iterable[tuple[int, int, str]]:
    """Runs of consecutive unlabelled groups with `length` digits in all, leftmost first."""
    for i in range(len(groups)):
        digits = ""
        for j in range(i, len(groups)):
            if groups[j].label:
                break
            digits += groups[j].digits
            if len(digits) == length:
                yield i, j, digits
            if len(digits) >= length:
                break


def _label(groups: list[_Group], i: int, j: int, label: str) -> None:
    if any(g.label for g in groups[i : j + 1]):
        return  # an earlier find took part of it
    find = max(g.find for g in groups) + 1
    for group in groups[i : j + 1]:
        group.label, group.find = label, find


def _read_run(text: str, start: int, end: int) -> list[_Group]:
    """The run's digit groups, each labelled with what it is part of (or not)."""
    groups = [_Group(m.start(), m.end(), m.group()) for m in _DIGITS.finditer(text, start, end)]
    if _CURRENCY.match(text, end):
        return groups  # a sum

    # A date is never part of another number (15.03.2021 10.00 is a date and a time).
    _dates(text, groups, century=True)
    # Valid IINs and phones, wherever they stand in the run.
    for i, j, digits in list(_windows(groups, 12)):
        if _is_iin(digits):
            _label(groups, i, j, IIN)
    for length in (11, 10):
        for i, j, digits in list(_windows(groups, length)):
            if not _by_thousands(text, groups, i, j) and _is_phone(digits):
                _label(groups, i, j, PHONE)
    # Twelve, eleven or ten digits written together (8 7012345678 with its trunk 8).
    for i, group in enumerate(groups):
        if len(group.digits) == 12:
            _label(groups, i, i, IIN)
        elif _phone_shaped(group.digits, plus=text[group.start - 1 : group.start] == "+"):
            trunk = i > 0 and len(group.digits) == 10 and groups[i - 1].digits in ("7", "8")
            _label(groups, i - 1 if trunk else i, i, PHONE)
    # Nor is a date written with two digits of its year, unless they made a valid IIN.
    _dates(text, groups, century=False)
    # What is left between them, taken whole.
    i = 0
    while i < len(groups):
        if groups[i].label:
            i += 1
            continue
        j = i
        while j + 1 < len(groups) and not groups[j + 1].label:
            j += 1
        digits = "".join(g.digits for g in groups[i : j + 1])
        plus = text[groups[i].start - 1 : groups[i].start] == "+"
        if not _by_thousands(text, groups, i, j):
            if len(digits) == 12:
                _label(groups, i, j, IIN)
            elif _phone_shaped(digits, plus):
                _label(groups, i, j, PHONE)
        i = j + 1
    return groups


def _spans(text: str, groups: list[_Group]) -> Iterable[tuple[int, int, str]]:
    """The struck-out stretches: the groups of each find, with the + before it and a
    parenthesis that pairs one inside."""
    finds: dict[int, list[_Group]] = {}
    for group in groups:
        if group.label in (IIN, PHONE):
            finds.setdefault(group.find, []).append(group)
    for found in finds.values():
        start, end = found[0].start, found[-1].end
        inside = text[start:end]
        if inside.count(")") > inside.count("(") and text[start - 1 : start] == "(":
            start -= 1  # (705) 902 85 49
        if text[start - 1 : start] == "+":
            start -= 1
        inside = text[start:end]
        if inside.count("(") > inside.count(")") and text[end : end + 1] == ")":
            end += 1  # 8 705 902 85 (49)
        yield start, end, found[0].label


def _numbers(text: str) -> str:
    spans: list[tuple[int, int, str]] = []
    for run in RUN_RE.finditer(text):
        spans.extend(_spans(text, _read_run(text, run.start(), run.end())))
    return _replace(text, spans)


def _replace(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    parts, last = [], 0
    for start, end, replacement in sorted(spans):
        parts += [text[last:start], replacement]
        last = end
    parts.append(text[last:])
    return "".join(parts)


# --- Names -----------------------------------------------------------------------------------

# Kazakh letters read as their Russian neighbours, and Russian spellings of Kazakh names
# read alike (Ләззат, Ляззат; Гүлмира, Гульмира), so a name written either way and its
# endings (-қа, -ка) match.
_FOLD = str.maketrans("әғқңөұүһіёяю", "агкноуухиеау", "ьъ")


def _fold(word: str) -> str:
    # Нұрпейісова is Нурпеисова in Russian.
    return word.lower().translate(_FOLD).replace("йи", "и")


def _kazakh_endings() -> set[str]:
    cases = [
        "",
        *("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
        *("ға", "ге", "қа", "ке", "на", "не", "а", "е"),  # dative
        *("ны", "ні", "ды", "ді", "ты", "ті", "н"),  # accusative
        *("да", "де", "та", "те", "нда", "нде"),  # locative
        *("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
        *("мен", "бен", "пен", "менен", "бенен", "пенен"),  # instrumental
        *("нікі", "дікі", "тікі", "ныкы", "дыкы", "тыкы"),  # "of …"
    ]
    plurals = ("", "лар", "лер", "дар", "дер", "тар", "тер")
    return {plural + case for plural in plurals for case in cases}


# Russian endings of nouns, surnames (-ов, -ова, -ский) and patronymics (-ович, -овна).
_RUSSIAN_ENDINGS = {
    *("а", "я", "у", "ю", "е", "и", "ы", "ь"),
    *("ом", "ем", "ём", "ым", "им", "ой", "ей", "ою", "ею", "ую", "юю", "ью"),
    *("ых", "их", "ыми", "ими", "ам", "ям", "ами", "ями", "ах", "ях"),
    *("ий", "ый", "ая", "яя", "ое", "ого", "его", "ому", "ему"),
}
ENDINGS = frozenset(_fold(e) for e in _kazakh_endings() | _RUSSIAN_ENDINGS)
_WORD = re.compile(r"[^\W\d_]+")
# The endings a declension replaces: Иргебаева → Иргебаев-ой, Жуковский → Жуковск-ому,
# Айгуль → Айгул-ю.
_STEM_ENDINGS = tuple({_fold(e) for e in ("ий", "ый", "ой", "ая", "а", "й", "ы", "и")})


def _stems(name: str) -> set[str]:
    """A name as written and without the ending its declension replaces."""
    folded = _fold(name)
    stems = {folded}
    for ending in _STEM_ENDINGS:
        if folded.endswith(ending):
            stems.add(folded[: -len(ending)])
    return {stem for stem in stems if len(stem) >= 3}


def _name_matcher(names: Iterable[str]) -> tuple[set[str], set[str]]:
    """The stems of long names; short names as written (Ли, Ким, Ан), which only match
    with their capital and letters, so that «ли» and «кім» (who) are kept."""
    stems: set[str] = set()
    short: set[str] = set()
    for name in names:
        for part in _WORD.findall(name or ""):
            if len(part) <= 3:
                short.add(part)
            else:
                stems |= _stems(part)
    return stems, short


def _is_name(word: str, stems: set[str], short: set[str]) -> bool:
    folded = _fold(word)
    if any(folded.startswith(stem) and folded[len(stem) :] in ENDINGS for stem in stems):
        return True
    return any(
        word == part or (len(part) == 3 and word.startswith(part) and _fold(word[3:]) in ENDINGS)
        for part in short
    )


def _names(text: str, names: Iterable[str]) -> str:
    stems, short = _name_matcher(names)
    if not stems and not short:
        return text
    return _WORD.sub(lambda m: NAME if _is_name(m.group(), stems, short) else m.group(), text)


# --- The one function ------------------------------------------------------------------------


def mask_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """The text with IINs, phones, e-mails and the given names (in any case) struck out."""
    text = EMAIL_RE.sub(EMAIL, text)
    text = _numbers(text)
    return _names(text, names)
