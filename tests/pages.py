"""What the two crawls of esep's pages share — the test client's in
tests/test_pages_in_every_language.py and the browser's in tests/browser/test_crawl.py:
which links to follow and how many of each kind, a page's text as a reader meets it, its
element ids, and the English left untranslated on a Kazakh or Russian page.

English left is found with the catalogs themselves: every msgid of locale/<lang>/django.po
whose translation differs from it is English that a page in <lang> should not show. A page's
text is what a reader meets (its text, and the labels, titles and placeholders assistive
technology reads out), less what is marked as another language (`lang="en"`, the language
switch) or as not to be translated (`translate="no"`: usernames, codes, addresses)."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import django
from django.urls import Resolver404, resolve
from django.utils import translation

LANGUAGES = ("kk", "ru", "en")
LOCALE = Path(__file__).resolve().parent.parent / "locale"

# Words of the catalogs that a Kazakh or Russian page shows as they are: names and codes,
# the same in every language.
ALLOWED = {
    "esep",  # the product's name
    "e-mail",  # written so in Kazakh and Russian texts too
    "XLSX",
    "CSV",
    "PDF",
    "SVG",
    "API",
    "Open311",
    "OpenAPI",
    "KATO",
    "HTTP",
}

# Pages that are not pages: files, the other interfaces, Django's admin, leaving.
SKIPPED_VIEWS = {
    "logout",
    "set_language",
    "org:person-export",
    "org:access-export",
    "appeals:export",
    "appeals:receipt",  # the printable receipt: both languages on one sheet
    "appeals:attachment",
    "receptions:export",
    "control:post-export",
    "control:issue-export",
    "control:meeting-export",
    "control:instruction-export",
    "programme:proposal-export",
    "programme:promise-export",
    "programme:road-map-export",
    "programme:measure-export",
    "programme:change-export",
    "programme:observation-document",
    "programme:evidence-document",
    "deputies:correction-export",
    "deputies:correction-evidence",
    "assemblies:campaign-export",
    "assemblies:candidate-documents",
    "programme:road-map-import-template",
    "programme:observations-import-template",
    "programme:observations-export",
    "control:photo",
    "control:report-file",
    "figures:chart",
    "figures:export",
    "figures:public-chart",
    "figures:report-chart",
    "figures:report-pdf",
    "figures:report-xlsx",
    "appeals:import-template",
    "portal:promise-demand-chart",
    "portal:open-data-file",
    "portal:rating-file",
    "portal:poll-ballots-file",
    "portal:assembly-log-file",
    "deputies:body-export",
    "deputies:mandate-export",
    "deputies:inquiry-export",
    "deputies:initiative-export",
    "deputies:voter-report-export",
    "deputies:import-mandates-template",
    "deputies:import-attendance-template",
    "assemblies:conference-export",
    "assemblies:import-delegates-template",
    "ethics:case-export",
    "awards:nomination-export",
    "awards:ceremony-export",
    "awards:certificate",  # a PDF
    "aid:campaign-export",
    "aid:household-export",
    "aid:import-households-template",
    "aid:import-deliveries-template",
    "elections:protocol-import-template",
    "outreach:campaign-export",
    "outreach:plan-export",
    "outreach:meeting-export",
    "outreach:round-export",
    "outreach:campaign-chart",  # an SVG
    "portal:aid-open-data",
    "portal:election-chart",  # an SVG
    "elections:election-export",
    "elections:campaign-export",
    "elections:tenure-export",
}
SKIPPED_NAMESPACES = {"admin", "api", "open311"}
FILE_SUFFIXES = (".csv", ".xlsx", ".pdf", ".svg", ".png", ".jpg", ".txt", ".json", ".xml")


# --- The catalogs -------------------------------------------------------------------------


def _po_entries(path: Path) -> Iterator[tuple[str, list[str], bool]]:
    """(msgid, its translations, fuzzy) of each live entry of a .po file: entries are
    separated by blank lines, as makemessages writes them; the header has an empty msgid."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith('"') and current is not None:
                entry[current] += _unquote(line)
            elif line.startswith("msg"):
                current, _space, rest = line.partition(" ")
                entry[current] = _unquote(rest)
        translations = [value for key, value in entry.items() if key.startswith("msgstr")]
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        for key in ("msgid", "msgid_plural"):
            if entry.get(key):
                yield entry[key], translations, fuzzy


def _unquote(text: str) -> str:
    inner = text.strip()[1:-1]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), inner)


PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[^{}]*\}")
TAG = re.compile(r"<[^>]+>")


def catalogs(language: str) -> list[Path]:
    """esep's catalog and the Django catalogs whose messages esep's pages show (forms,
    dates, logging in, passwords), in `language`."""
    django_dir = Path(django.__file__).parent
    return [
        LOCALE / language / "LC_MESSAGES/django.po",
        django_dir / "conf/locale" / language / "LC_MESSAGES/django.po",
        django_dir / "contrib/auth/locale" / language / "LC_MESSAGES/django.po",
    ]


@cache
def english(language: str) -> re.Pattern[str]:
    """One pattern finding, as a whole phrase, the English of any message of the catalogs
    that reads differently in `language` — or is not translated at all, and so shows in
    English."""
    phrases = set()
    for path in catalogs(language):
        for msgid, translations, fuzzy in _po_entries(path):
            if not fuzzy and msgid in translations:
                continue
            text = " ".join(TAG.sub(" ", msgid).split())
            literal = PLACEHOLDER.sub(" ", text)
            if text in ALLOWED or not re.search(r"[A-Za-z]{2}", literal):
                continue
            phrases.add(text)
    alternatives = []
    for text in sorted(phrases, key=len, reverse=True):
        parts = [
            r"\s+".join(re.escape(word) for word in part.split())
            for part in PLACEHOLDER.split(text)
        ]
        alternatives.append(r".{1,80}?".join(part for part in parts if part))
    return re.compile(r"(?<![A-Za-z])(?:" + "|".join(alternatives) + r")(?![A-Za-z])")


# Not language: addresses, e-mail addresses, and identifiers (a username, a file's column).
NOT_LANGUAGE = re.compile(
    r"https?://\S+|\S+@\S+|(?<!\w)/[\w./?=&%-]*|\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b"
    # a command of esep named on a page (`esep verify-log`)
    r"|\besep [a-z][a-z-]*"
)
ZONE = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/\w+")


@cache
def figure_codes() -> re.Pattern[str]:
    from esep.figures.registry import registry

    codes = sorted(registry(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, codes)) + r")(?![\w.])")


def english_left(language: str, text: str) -> list[str]:
    """What of a page's text in `language` a reader of it would not read: the catalogs'
    English, and the codes that stand for words (a figure's code, a time zone's id)."""
    if language == "en":
        return []
    codes = figure_codes().findall(text) + ZONE.findall(text)
    text = NOT_LANGUAGE.sub(" ", text)
    return sorted({*codes, *(match[0] for match in english(language).finditer(text))})


# --- A page's text and ids ----------------------------------------------------------------

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
UNREAD = {"script", "style", "template", "noscript", "svg"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


@dataclass
class Reading:
    language: str
    texts: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = Reading(language="")
        self.stack: list[tuple[str, bool]] = []  # (tag, read)

    def _read(self) -> bool:
        return not self.stack or self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.reading.language = values.get("lang", "")
        read = self._read() and tag not in UNREAD
        if values.get("translate") == "no":
            read = False
        if tag != "html" and "lang" in values and values["lang"] != self.reading.language:
            read = False
        if tag == "input" and values.get("type") == "hidden":
            read = False
        if "id" in values:
            self.reading.ids.append(values["id"])
        if tag == "a" and values.get("href"):
            self.reading.links.append(values["href"])
        if read:
            self.reading.texts += [values[name] for name in READ_ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in ("submit", "button") and "value" in values:
                self.reading.texts.append(values["value"])
        if tag not in VOID:
            self.stack.append((tag, read))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._read():
            self.reading.texts.append(data)


def read(html: str) -> Reading:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.reading


def duplicate_ids(reading: Reading) -> list[str]:
    return sorted(name for name, count in Counter(reading.ids).items() if count > 1)


# --- Which links to follow ------------------------------------------------------------------


def kind(url: str) -> tuple[str, str] | None:
    """(language, view name) of a same-site page worth reading; None for files, the other
    interfaces, the admin and leaving. Two links of one kind are one page to a layout."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.path.endswith(FILE_SUFFIXES):
        return None
    language = parts.path.strip("/").split("/", 1)[0]
    if language not in LANGUAGES:
        return None
    try:
        with translation.override(language):
            match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in SKIPPED_VIEWS or set(match.namespaces) & SKIPPED_NAMESPACES:
        return None
    return language, match.view_name


class Frontier:
    """Breadth first over the links found, in the languages of the seeds, at most
    `per_kind` pages of each kind (language, view) — and, if `queries`, one more with a query
    string (a list's filters or next page)."""

    def __init__(self, seeds: Iterable[str], per_kind: int, queries: bool = True) -> None:
        self.per_kind = per_kind
        self.queries = queries
        self.seen: set[str] = set()
        self.taken: Counter[tuple[str, str, bool]] = Counter()
        self.queue: deque[str] = deque()
        self.found_on: dict[str, str] = {}  # address → the page whose link led to it
        self.languages: set[str] = set()
        for seed in seeds:
            if what := kind(seed):
                self.languages.add(what[0])
        self.add(seeds)

    def add(self, links: Iterable[str], base: str = "/") -> None:
        for link in links:
            parts = urlsplit(urljoin(base, link))
            if parts.netloc or parts.scheme:
                continue
            address = parts.path + (f"?{parts.query}" if parts.query else "")
            what = kind(address)
            if what is None or what[0] not in self.languages or address in self.seen:
                continue
            key = (*what, bool(parts.query))
            limit = (1 if self.queries else 0) if parts.query else self.per_kind
            if self.taken[key] >= limit:
                continue
            self.seen.add(address)
            self.found_on[address] = base
            self.taken[key] += 1
            self.queue.append(address)

    def __iter__(self) -> Iterator[str]:
        while self.queue:
            yield self.queue.popleft()
