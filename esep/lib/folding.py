"""Text folded for search, the same in Python, in SQLite and in PostgreSQL.

A search box matches whatever case a person types, and the spellings a reader takes for one
word: `fold` lowers every letter of Kazakh, Russian and English (ASCII, the Cyrillic of
Kazakhstan's languages), reads ё as е, takes the accents off Latin letters (é → e) and drops
stress marks (за́мок → замок). Kazakh letters stay themselves: Ә folds to ә, never to а;
Қ to қ, never to к; І to і, never to и.

The database does the same from one table: SQLite calls `fold` itself (registered on every
connection by `esep.lib.sqlite`); PostgreSQL runs `translate()` with the table written out,
so the result does not hang on the server's locale (`lower()` on a database made with the C
locale lowers ASCII alone). `Fold(expression)` is the database's side, `folded_contains` a
search condition."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import BooleanField, F, Func, Q, TextField
from django.db.models.lookups import Contains

SQLITE_FUNCTION = "esep_fold"


def _table() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for upper in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        pairs[upper] = upper.lower()
    for code in range(0x0410, 0x0430):  # А…Я → а…я
        pairs[chr(code)] = chr(code + 0x20)
    for code in range(0x0400, 0x0410):  # Ѐ Ё Ђ … Џ (І among them) → ѐ ё ђ … џ
        pairs[chr(code)] = chr(code + 0x50)
    for upper, lower in zip("ӘҒҚҢӨҰҮҺ", "әғқңөұүһ", strict=True):
        pairs[upper] = lower
    for letter in "ЁёЀѐ":  # ё is written е as often as not
        pairs[letter] = "е"
    for plain, accented in {
        "a": "àáâãäåÀÁÂÃÄÅ",
        "c": "çÇ",
        "e": "èéêëÈÉÊË",
        "i": "ìíîïÌÍÎÏ",
        "n": "ñÑ",
        "o": "òóôõöÒÓÔÕÖ",
        "u": "ùúûüÙÚÛÜ",
        "y": "ýÿÝ",
    }.items():
        for letter in accented:
            pairs[letter] = plain
    return pairs


_PAIRS = _table()
# Combining marks dropped: the grave and acute (stress marks) and the diaeresis (an ё or ü
# typed as two characters folds as the one character does).
_DROPPED = "\u0300\u0301\u0308"
_TABLE = str.maketrans({**_PAIRS, **dict.fromkeys(_DROPPED)})
# translate(x, from, to) deletes the characters of `from` past the end of `to`.
SQL_FROM = "".join(_PAIRS) + _DROPPED
SQL_TO = "".join(_PAIRS.values())


def fold(text: str) -> str:
    """`text` as search compares it: lower case, ё as е, no accents or stress marks."""
    return text.translate(_TABLE)


def fold_words(text: str) -> str:
    """`fold`, with any run of spaces read as one: a label, a header or a name compared as
    people mean it."""
    return " ".join(fold(text).split())


def fold_or_none(text: Any) -> str | None:
    """`fold` for the database: NULL stays NULL, any other value is read as text."""
    return None if text is None else fold(str(text))


class Fold(Func):
    """The database's `fold` of an expression (a column's name or an expression)."""

    function = SQLITE_FUNCTION
    arity = 1
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"translate(({sql})::text, %s, %s)", (*params, SQL_FROM, SQL_TO)


def folded_contains(field: str, text: str) -> Q:
    """The records whose `field` contains `text`, compared folded."""
    return Q(Contains(Fold(field), fold(text)))


# --- words: search by the words of a long text, from an index -------------------------------

WORDS_FUNCTION = "esep_words"
_WORD = re.compile(r"\w+")
MAX_WORDS = 8  # words of a search box taken: more narrow nothing a person means to find


def words(text: str) -> list[str]:
    """The folded words of `text`, as the database's word index holds them."""
    return _WORD.findall(fold(text))


def words_or_none(text: Any) -> str | None:
    """`words` for SQLite's index-less side: the words joined by single spaces."""
    return None if text is None else " ".join(words(str(text)))


def word_vector_sql(column: str) -> str:
    """PostgreSQL's word vector of a text column, folded as `fold` folds: the expression a
    GIN index is built on and `HasWords` asks, written once so that the two are the same and
    the planner reads the index (the `simple` configuration: no stemming, Kazakh and Russian
    alike; words are compared by their beginnings, so "жол" finds "жолы")."""
    source = SQL_FROM.replace("'", "''")
    target = SQL_TO.replace("'", "''")
    return f"to_tsvector('simple'::regconfig, translate(({column})::text, '{source}', '{target}'))"


class HasWords(Func):
    """True where the text of `columns` (one, or several read as one joined by spaces) holds
    every one of `found` (folded words) at the start of one of its words. On PostgreSQL a
    full-text match on `word_vector_sql` of the same columns, read from its GIN index; on
    SQLite the same words looked for in `esep_words` of the text."""

    output_field = BooleanField()

    def __init__(
        self,
        columns: list[str],
        found: list[str],
        *,
        by_index: bool = True,
        stored: str | None = None,
    ) -> None:
        if not found:
            raise ValueError("HasWords needs at least one word")
        super().__init__(*(F(column) for column in columns))
        self.found = found[:MAX_WORDS]
        # False: each row checked as it is read (the text written so that the word index
        # cannot serve it), for words so common that the list's own order finds a page of
        # them sooner than the index lists them all. A `stored` column is read as it is
        # either way: its statistics tell the planner how common the words are.
        self.by_index = by_index
        # The name of a column of the same table holding `word_vector_sql` of the one
        # column, kept by PostgreSQL (a generated column Django does not know): read
        # instead of folding each row's text again.
        self.stored = stored

    def _text(self, compiler: Any) -> tuple[str, list[Any]]:
        parts, params = [], []
        for expression in self.source_expressions:
            sql, more = compiler.compile(expression)
            parts.append(sql)
            params += more
        return " || ' ' || ".join(parts), params

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        text, params = self._text(compiler)
        query = " & ".join(f"{word}:*" for word in self.found)
        if self.stored is not None:
            # The stored column as it is, either way: ANALYZE keeps how common each of its
            # words is, so the planner knows a common word's rows for what they are (nearly
            # half the table) and walks the list's order, checking each, rather than the
            # word index; and a count stopped at 10,001 stops early, wherever it reads.
            table, _column = text.rsplit(".", 1)
            vector = f"{table}.{connection.ops.quote_name(self.stored)}"
        elif self.by_index:
            vector = word_vector_sql(text)
        else:
            vector = word_vector_sql(f"({text}) || ''")
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", (*params, query)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        text, params = self._text(compiler)
        spaced = f"(' ' || {WORDS_FUNCTION}({text}))"
        conditions, values = [], []
        for word in self.found:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(f"{spaced} LIKE %s ESCAPE '\\'")
            values += [*params, f"% {escaped}%"]
        return f"({' AND '.join(conditions)})", tuple(values)
