"""Numbers as Kazakh and Russian write them: digit groups (13 007), decimal commas (57,5%),
Kazakh case endings chosen by how the number is read aloud (1 600-ден, 10-ы, 103 мыңнан
астам), Russian plural forms (1 обращение, 3 обращения, 13 007 обращений; более 103 тысяч)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, translation

NBSP = "\u00a0"

# ------------------------------------------------------------------ numbers


def group(n: int, language: str) -> str:
    """13007 → 13 007 (kk, ru: a non-breaking space; en: a comma)."""
    text = f"{abs(n):,}".replace(",", "," if language == "en" else NBSP)
    return f"-{text}" if n < 0 else text


def decimal(value: float | Decimal, language: str, places: int = 1) -> str:
    """57.5 → 57,5 (kk, ru) or 57.5 (en); whole numbers lose their ",0"."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{rounded:f}".partition(".")
    text = group(int(whole), language)
    if fraction.strip("0"):
        text += ("." if language == "en" else ",") + fraction.rstrip("0")
    return text


def percent(value: float | None, language: str) -> str:
    return "—" if value is None else decimal(value, language) + "%"


# ------------------------------------------------------------------ Kazakh

_UNITS = ["нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
_BACK, _FRONT = set("аоұыя"), set("әөүіеэ")
# At the end of a word у and и are sounds like й ([w], [j]): they take the endings of
# р л й, not of a vowel (су → суы, суды, судың; елу → елуі, елуді, елудің).
_VOWELS = set("аәеёоөұүыіэя")
_NASAL = set("мнң")
_VOICELESS = set("кқпстфхцчшщбвгд")  # б, в, г, д are devoiced at the end of a word
_VOICED = set("зж")

# case → (after a vowel, after р л й у и, after м н ң, after a voiceless consonant,
# after з ж), each as (back, front)
_SUFFIXES = {
    "gen": (("ның", "нің"), ("дың", "дің"), ("ның", "нің"), ("тың", "тің"), ("дың", "дің")),
    "acc": (("ны", "ні"), ("ды", "ді"), ("ды", "ді"), ("ты", "ті"), ("ды", "ді")),
    "dat": (("ға", "ге"), ("ға", "ге"), ("ға", "ге"), ("қа", "ке"), ("ға", "ге")),
    "loc": (("да", "де"), ("да", "де"), ("да", "де"), ("та", "те"), ("да", "де")),
    "abl": (("дан", "ден"), ("дан", "ден"), ("нан", "нен"), ("тан", "тен"), ("дан", "ден")),
    "ins": (("мен", "мен"), ("мен", "мен"), ("мен", "мен"), ("пен", "пен"), ("бен", "бен")),
    "poss": (("сы", "сі"), ("ы", "і"), ("ы", "і"), ("ы", "і"), ("ы", "і")),
}
CASES = tuple(_SUFFIXES)


def spoken_last_word(n: int) -> str:
    """The last word of the number read aloud in Kazakh, which its ending agrees with:
    13 007 → жеті, 1 600 → жүз, 103 000 → мың, 10 → он, 1 050 → елу."""
    n = abs(n)
    if n == 0:
        return "нөл"
    if n % 10:
        return _UNITS[n % 10]
    if n % 100:
        return _TENS[n % 100 // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "мың"
    if n % 1_000_000_000:
        return "миллион"
    if n % 1_000_000_000_000:
        return "миллиард"
    return "триллион"


def suffix(word: str, case: str) -> str:
    """The ending of `case` for a Kazakh word, by vowel harmony and its last sound."""
    vowels = [c for c in word.lower() if c in _BACK or c in _FRONT]
    front = bool(vowels) and vowels[-1] in _FRONT
    last = word.lower()[-1]
    if last in _VOWELS:
        kind = 0
    elif last in _NASAL:
        kind = 2
    elif last in _VOICELESS:
        kind = 3
    elif last in _VOICED:
        kind = 4
    else:
        kind = 1
    return _SUFFIXES[case][kind][1 if front else 0]


def kk(n: int, case: str | None = None) -> str:
    """A number written in figures with its Kazakh case ending: kk(1600, "abl") →
    "1 600-ден", kk(10, "poss") → "10-ы"."""
    text = group(n, "kk")
    return f"{text}-{suffix(spoken_last_word(n), case)}" if case else text


def month(day: dt.date, language: str) -> str:
    """A month as a label: "2021 ж. наурыз" (kk, the year first and the month in lower case,
    as Kazakh writes it), "Март 2021 г." (ru), "March 2021" (en) — each language's
    YEAR_MONTH_FORMAT (Kazakh's is esep's own, in frame/formats)."""
    with translation.override(language):
        return formats.date_format(day, "YEAR_MONTH_FORMAT")


# ------------------------------------------------------------------ Russian


def ru_form(n: int | Decimal | float, forms: tuple[str, str, str]) -> str:
    """The noun after a number: (one, few, many) — 1 обращение, 3 обращения, 5 обращений;
    a fraction takes the genitive singular, the "few" form: 4,5 тысячи."""
    if isinstance(n, float | Decimal) and Decimal(str(n)) % 1:
        return forms[1]
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def ru(n: int, forms: tuple[str, str, str]) -> str:
    """13 007 обращений."""
    return f"{group(n, 'ru')}{NBSP}{ru_form(n, forms)}"


# ------------------------------------------------------------------ "more than" in round figures

_KK_SCALE = [(1_000_000_000, "млрд"), (1_000_000, "млн"), (1000, "мың")]
_RU_SCALE = [
    (1_000_000_000, ("миллиарда", "миллиардов", "миллиардов")),
    (1_000_000, ("миллиона", "миллионов", "миллионов")),
    (1000, ("тысячи", "тысяч", "тысяч")),
]


def _rounded_down(n: int, unit: int) -> Decimal:
    """103 456 in thousands → 103; 4 560 → 4,5: one decimal below 10 units, none above."""
    value = Decimal(n) / unit
    if value < 10:
        return value.quantize(Decimal("0.1"), rounding="ROUND_DOWN").normalize()
    return value.quantize(Decimal(1), rounding="ROUND_DOWN")


def kk_more_than(n: int) -> str:
    """103 456 → "103 мыңнан астам"; 1 650 → "1,6 мыңнан астам"; 420 → "420-дан астам"."""
    for unit, word in _KK_SCALE:
        if n >= unit:
            amount = _rounded_down(n, unit)
            full = {"млрд": "миллиард", "млн": "миллион", "мың": "мың"}[word]
            return f"{decimal(amount, 'kk')} {full}{suffix(full, 'abl')} астам"
    return f"{kk(n, 'abl')} астам"


def ru_more_than(n: int, forms: tuple[str, str, str]) -> str:
    """103 456 человек → "более 103 тысяч человек"; 4 560 → "более 4,5 тысячи"; 420 →
    "более 421 человека" (after "более" the genitive: 1 — тысячи, 21 — тысячи)."""
    for unit, words in _RU_SCALE:
        if n >= unit:
            amount = _rounded_down(n, unit)
            if amount % 1:
                scale = words[0]
            else:
                scale = words[0] if int(amount) % 10 == 1 and int(amount) % 100 != 11 else words[1]
            return f"более {decimal(amount, 'ru')} {scale} {forms[2]}"
    # After "более" the noun is genitive: singular (the "few" form) after 1, 21…, else plural.
    genitive = forms[1] if n % 10 == 1 and n % 100 != 11 else forms[2]
    return f"более {group(n, 'ru')} {genitive}"


def money(n: int, language: str) -> str:
    """265 000 000 → "265 миллион теңге" (kk, the word in full as the Kazakh press writes it:
    the noun after a number does not change) / "265 млн тенге" (ru, abbreviated, which
    spares the numeral's agreement) / "265 million tenge" (en)."""
    currency, scale = {
        "kk": ("теңге", ((1_000_000_000, "миллиард"), (1_000_000, "миллион"))),
        "en": ("tenge", ((1_000_000_000, "billion"), (1_000_000, "million"))),
    }.get(language, ("тенге", ((1_000_000_000, "млрд"), (1_000_000, "млн"))))
    for unit, word in scale:
        if n >= unit:
            return f"{decimal(Decimal(n) / unit, language)} {word} {currency}"
    return f"{group(n, language)} {currency}"
