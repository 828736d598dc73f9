"""A granted award's certificate as a PDF (fpdf2), in Kazakh or Russian.

The wording is the document's own, written here in its two languages rather than translated
from English: a certificate of honour and the certificate of a badge or a medal say who "is
awarded" (марапатталады / награждается), naming the person in the nominative; a letter of
gratitude says the branch thanks them (алғыс білдіреді / выражает благодарность), naming
them in the dative (`esep.lib.declension`). A Kazakh text names a person "Surname Name
Patronymic" where they have a patronymic (its possessive taking the dative's -на/-не:
"Болатұлына") and, as the party's Kazakh press writes a name without one, "Name Surname"
("Елена Зимовецке"); a Russian one "Surname Name Patronymic" ("Зимовец Елене").

The PDF embeds the frame's TrueType font (`esep.frame.fonts`) so Kazakh letters print as
written; without it there is no certificate, with the same message as `esep check`'s."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from esep.awards.models import Award, Nomination
from esep.frame.fonts import font_files, missing_font
from esep.lib.declension import kazakh_dative, russian_name
from esep.org.models import Person

FAMILY = "esep"
Kind = Award.Kind


@dataclass(frozen=True)
class Wording:
    heading: str
    verb: str  # what the document says of the person ("{award}": the award's name)


WORDING = {
    "kk": {
        Kind.BADGE: Wording("КУӘЛІК", "«{award}» төсбелгісімен марапатталады"),
        Kind.MEDAL: Wording("КУӘЛІК", "«{award}» медалімен марапатталады"),
        Kind.CERTIFICATE_OF_HONOUR: Wording("ҚҰРМЕТ ГРАМОТАСЫ", "марапатталады"),
        Kind.LETTER_OF_GRATITUDE: Wording("АЛҒЫС ХАТ", "алғыс білдіреді"),
    },
    "ru": {
        Kind.BADGE: Wording("УДОСТОВЕРЕНИЕ", "награждается нагрудным знаком «{award}»"),
        Kind.MEDAL: Wording("УДОСТОВЕРЕНИЕ", "награждается медалью «{award}»"),
        Kind.CERTIFICATE_OF_HONOUR: Wording("ПОЧЁТНАЯ ГРАМОТА", "награждается"),
        Kind.LETTER_OF_GRATITUDE: Wording("БЛАГОДАРСТВЕННОЕ ПИСЬМО", "выражает благодарность"),
    },
}
DECISION = {
    "kk": "{body} шешімі, {date} ж. № {number}",
    "ru": "Решение: {body}, № {number} от {date}",
}
REGISTERED = {"kk": "Тіркеу нөмірі: {number}", "ru": "Регистрационный номер: {number}"}


def kazakh_name(person: Person) -> str:
    """How a Kazakh text names the person (see the module's note)."""
    if person.patronymic:
        return person.full_name
    return " ".join(p for p in (person.given_name, person.surname) if p)


def addressed(person: Person, language: str, dative: bool) -> str:
    """The person's name as the certificate writes it: nominative, or dative."""
    if language == "kk":
        name = kazakh_name(person)
        return kazakh_dative(name, patronymic_last=bool(person.patronymic)) if dative else name
    return russian_name(
        person.surname,
        person.given_name,
        person.patronymic,
        sex=person.sex,
        case="dative" if dative else "nominative",
    )


def certificate_text(nomination: Nomination, language: str) -> list[tuple[str, int, str]]:
    """The certificate's lines, each with its size and style ("B" bold, "" regular): the
    granting branch, the heading (a badge's or medal's certificate; the name of a
    certificate of honour or a letter), the wording with the person's name and the grounds;
    last the decision and the certificate's number."""
    award, person = nomination.award, nomination.person
    assert nomination.granting_body is not None and nomination.decided_on is not None
    with translation.override(language):
        award_name = getattr(award, f"name_{language}") or award.name
        branch = nomination.granting_body.branch.name
        body = nomination.granting_body.get_kind_display()
    words = WORDING[language][Kind(award.kind)]
    grounds = (nomination.grounds_ru if language == "ru" else "") or nomination.grounds
    letter = award.kind == Kind.LETTER_OF_GRATITUDE
    named = award.kind in (Kind.BADGE, Kind.MEDAL)  # the wording names the award
    name = (addressed(person, language, dative=letter), 20, "B")
    verb = (words.verb.format(award=award_name), 15, "")
    lines = [(branch, 13, ""), (words.heading if named else award_name.upper(), 26, "B")]
    kazakh = language == "kk"
    # Kazakh puts the verb last; Russian before the name.
    lines += [name, (grounds, 14, ""), verb] if kazakh else [verb, name, (grounds, 14, "")]
    decided = nomination.decided_on.strftime("%d.%m.%Y")
    lines += [
        (
            DECISION[language].format(body=body, number=nomination.decision_number, date=decided),
            10,
            "",
        ),
        (REGISTERED[language].format(number=nomination.certificate_number), 10, ""),
    ]
    return lines


def certificate_pdf(nomination: Nomination, language: str) -> bytes:
    """The certificate of a granted nomination as a PDF in `language` (kk or ru)."""
    if language not in WORDING:
        raise ValueError(f"no certificate in {language!r}")
    if nomination.status != Nomination.Status.GRANTED:
        raise ValueError("only a granted award has a certificate")
    if problem := missing_font():
        raise ImproperlyConfigured(problem)
    lines = certificate_text(nomination, language)
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{lines[1][0]} {nomination.certificate_number}")
    pdf.set_lang(language)
    assert nomination.decided_on is not None
    pdf.set_creation_date(dt.datetime.combine(nomination.decided_on, dt.time(12), dt.UTC))
    for style, path in font_files().items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(25, 22, 25)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, pdf.w - 24, pdf.h - 24)
    for text, size, style in lines[:-2]:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(0, size * 0.55, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(5)
    pdf.set_y(pdf.h - 42)
    for text, size, style in lines[-2:]:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(0, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
