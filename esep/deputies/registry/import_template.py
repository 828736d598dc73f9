"""The workbooks offered on a convocation's import pages, written as every import's template
is (`lib.tables.xlsx_template`): the columns the importer reads, headed in the user's
language (a header in any of kk/ru/en is read back), an example row, and the values each
coded column takes as a drop-down list of their labels in the user's language. The example
leaves the IIN empty: a made-up IIN that passes the check digit may be someone's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from esep.deputies.models import Attendance, Convocation, Mandate, Party, Position, Sitting
from esep.deputies.registry.imports import (
    ATTENDANCE,
    ATTENDANCE_HEADERS,
    MANDATE_HEADERS,
    MANDATES,
)
from esep.lib.sheets import Columns, Vocabulary
from esep.lib.tables import TemplateColumn, xlsx_template

WIDTHS = {
    "surname": 20,
    "given_name": 20,
    "patronymic": 20,
    "district": 30,
    "party": 30,
    "end_reason": 30,
    "post": 24,
    "committee_kk": 36,
    "committee_ru": 36,
    "committee_en": 36,
    "mark": 30,
    "reason": 36,
}


def labels(choices: Any) -> list[str]:
    return [entry.label for entry in Vocabulary.of_choices(choices).entries]


def workbook(
    title: str,
    columns: Columns,
    headers: dict[str, Any],
    example: dict[str, Any],
    prompts: dict[str, str],
    listed: dict[str, list[str]],
) -> bytes:
    return xlsx_template(
        title,
        [
            TemplateColumn(
                header=headers[name],
                choices=listed.get(name, ()),
                prompt=prompts.get(name, ""),
                required=name in columns.required,
                width=WIDTHS.get(name, 16),
            )
            for name in columns.codes
        ],
        [example.get(name, "") for name in columns.codes],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )


def iin_prompt() -> str:
    return _("The deputy's IIN: 12 digits.")


def date_prompt(convocation: Convocation) -> str:
    return _("A date as 2021-01-15, within the convocation's term (from %(day)s).") % {
        "day": convocation.started_on.isoformat()
    }


def mandates_template(convocation: Convocation) -> bytes:
    """The template of a convocation's mandates, in the active language."""
    own = Party.objects.own()
    example = {
        "surname": _("Surname"),
        "given_name": _("Name"),
        "kind": str(Mandate.Kind.PARTY_LIST.label),
        "party": own.name if own else "",
        "started_on": convocation.started_on.isoformat(),
        "post": str(Position.MEMBER.label),
        "committee_kk": _("Example committee, in Kazakh"),
        "committee_ru": _("Example committee, in Russian"),
    }
    prompts = {
        "iin": iin_prompt(),
        "kind": _("Party list or single-member district."),
        "district": _("For a district mandate: its electoral district."),
        "party": _("The party's code or name. Empty: self-nominated."),
        "started_on": date_prompt(convocation),
        "ended_on": _("Only if the mandate has ended: the day, and how it ended."),
        "post": _("Optional: the post held from the mandate's start."),
        "committee_kk": _("The committee of a committee chair or member."),
    }
    listed = {
        "kind": labels(Mandate.Kind),
        "party": [party.name for party in Party.objects.all()],
        "end_reason": labels(Mandate.EndReason),
        "post": labels(Position),
    }
    return workbook(_("Mandates"), MANDATES, MANDATE_HEADERS, example, prompts, listed)


def attendance_template(convocation: Convocation) -> bytes:
    """The template of a convocation's sittings and attendance, in the active language."""
    recorded = convocation.sittings.order_by("-number").values_list("number", flat=True).first()
    example = {
        "sitting": (recorded or 0) + 1,
        "held_on": convocation.started_on.isoformat(),
        "sitting_kind": str(Sitting.Kind.REGULAR.label),
        "mark": str(Attendance.Mark.PRESENT.label),
    }
    prompts = {
        "sitting": _("The session's number; one row for each deputy in office that day."),
        "held_on": date_prompt(convocation),
        "sitting_kind": _("Regular or extraordinary. Empty: regular."),
        "iin": iin_prompt(),
        "mark": _("Present, absent for a valid reason, or absent without one."),
        "reason": _("Required for an absence for a valid reason."),
    }
    listed = {"sitting_kind": labels(Sitting.Kind), "mark": labels(Attendance.Mark)}
    return workbook(_("Attendance"), ATTENDANCE, ATTENDANCE_HEADERS, example, prompts, listed)
