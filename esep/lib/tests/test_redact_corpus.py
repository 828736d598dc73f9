"""Appeal texts as citizens write them (data/appeal_texts.txt): every marked piece of
personal data is struck out, every other word and number comes out as written."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from esep.lib.redact import mask_personal_data

CORPUS = Path(__file__).parent / "data" / "appeal_texts.txt"
MARK = re.compile(r"\{\{(IIN|PHONE|EMAIL|NAME)\|([^}]*)\}\}")


@dataclass
class Text:
    names: tuple[str, ...]
    marked: str

    @property
    def written(self) -> str:
        return MARK.sub(lambda m: m[2], self.marked)

    @property
    def published(self) -> str:
        return MARK.sub(lambda m: f"[{m[1]}]", self.marked)


def read_corpus() -> list[Text]:
    texts: list[Text] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.startswith("=== "):
            head = line.removeprefix("=== ").strip()
            names = () if head == "anonymous" else tuple(n.strip() for n in head.split("|"))
            texts.append(Text(names, ""))
        elif texts:
            texts[-1].marked += ("\n" if texts[-1].marked else "") + line
    for text in texts:
        text.marked = text.marked.strip()
    return texts


TEXTS = read_corpus()


def test_the_corpus_has_forty_texts_in_both_languages_with_every_kind_of_mark():
    assert len(TEXTS) >= 40
    kazakh = [t for t in TEXTS if re.search("[әғқңөұүһі]", t.written)]
    assert len(kazakh) >= 15 and len(TEXTS) - len(kazakh) >= 15
    kinds = {m[1] for t in TEXTS for m in MARK.finditer(t.marked)}
    assert kinds == {"IIN", "PHONE", "EMAIL", "NAME"}


@pytest.mark.parametrize("text", TEXTS, ids=lambda t: t.written[:40])
def test_a_public_text_loses_the_marked_personal_data_and_keeps_everything_else(text):
    assert mask_personal_data(text.written, text.names) == text.published


@pytest.mark.parametrize(
    "form",
    [
        "590211 369491",
        "5902 1136 9491",
        "705 902 85 49",
        "8 7122 27 45 67",
        "irgebaev(at)mail.kz",
        "irgebaev [at] mail dot kz",
        "Іргебаевқа",
        "Иргебаеву",
        "Иргебаевым",
    ],
)
def test_the_forms_found_in_published_descriptions_are_in_the_corpus(form):
    assert any(form in t.written for t in TEXTS)
