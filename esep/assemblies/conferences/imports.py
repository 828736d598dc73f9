"""Importing a conference's delegates from a spreadsheet, read as every import reads one
(`esep.lib.sheets`: XLSX, or CSV in UTF-8 or Windows-1251, comma or semicolon; headers by
code, by esep's header in any language or as people write them in Kazakh and Russian).

One row per delegate: the person's IIN (someone esep already knows — an import never makes a
person: an IIN esep does not know is the row's problem), the code of the sub-branch whose
meeting elected them, the day of that meeting and its protocol. Every row is checked first
and each problem named with its row and column in the uploader's language; the delegates are
then added through `actions.add_delegate` (which checks the quota, the membership and that
no one is on the roll twice) in one transaction: all rows or none. An IIN is never written
into a message or a log line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.assemblies import actions, rules
from esep.assemblies.models import Conference
from esep.deputies.registry.imports import read_iin
from esep.lib.checks import FIRST_DAY
from esep.lib.crypto import digest
from esep.lib.sheets import Cells, Columns, Parsed, Vocabulary, read_rows, unreadable
from esep.org.models import Branch, Person

if TYPE_CHECKING:
    from esep.access.models import User

Progress = Callable[[int, int], None]

DELEGATE_COLUMNS = ["iin", "branch", "elected_on", "protocol"]
DELEGATE_HEADERS = {
    "iin": gettext_lazy("IIN"),
    "branch": gettext_lazy("Sending branch's code"),
    "elected_on": gettext_lazy("Elected on"),
    "protocol": gettext_lazy("Meeting's protocol"),
}
# Headers as branches' offices write them in Kazakh and Russian.
DELEGATE_ALIASES = {
    "iin": ["жсн", "иин", "iin"],
    "branch": [
        "филиал",
        "филиал коды",
        "бастауыш ұйым",
        "ұйым",
        "код филиала",
        "первичная организация",
        "организация",
    ],
    "elected_on": ["сайланған күні", "сайланды", "дата избрания", "избран"],
    "protocol": ["хаттама", "жиналыс хаттамасы", "протокол", "протокол собрания"],
}
DELEGATES = Columns(
    DELEGATE_COLUMNS,
    frozenset({"iin", "branch", "elected_on"}),
    DELEGATE_ALIASES,
    DELEGATE_HEADERS,
)
# An action's field → the column it came from.
FIELD_COLUMNS = {
    "person": "iin",
    "branch": "branch",
    "elected_on": "elected_on",
    "protocol": "protocol",
}


@dataclass
class Imported:
    """What an import wrote, by record."""

    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class DelegateRow:
    row: int
    person: Person
    branch: Branch
    elected_on: dt.date
    protocol: str


def sending_branches(conference: Conference) -> Vocabulary:
    """The sub-branches with a quota here, by code or by name."""
    return Vocabulary.of_names(
        Branch.objects.filter(pk__in=conference.quotas.values("branch_id")).order_by("path"),
        "code",
    )


def parse_delegates(content: bytes, conference: Conference) -> tuple[Parsed, list[DelegateRow]]:
    """Every row checked; the rows fit to write and the problems found."""
    parsed = Parsed()
    branches = sending_branches(conference)
    read: list[tuple[int, str, Branch | None, dt.date | None, str, bool]] = []
    seen: dict[str, int] = {}
    for row in read_rows(content, DELEGATES, parsed):
        cells = Cells(row, parsed)
        iin = read_iin(cells)
        branch = cells.coded(
            "branch", branches, _("No sub-branch with a quota at this conference: “%(value)s”.")
        )
        elected_on = cells.day(
            "elected_on", first=FIRST_DAY, last=conference.held_on, required=True
        )
        protocol = cells.text("protocol", max_length=100)
        if iin:
            if iin in seen:
                cells.problem(
                    "iin",
                    _("The same person is already on row %(row)d: one row per delegate.")
                    % {"row": seen[iin]},
                )
            else:
                seen[iin] = row.number
        read.append((row.number, iin, branch, elected_on, protocol, cells.failed))
    people = {
        p.iin_digest: p for p in Person.objects.with_iins([iin for _n, iin, *_rest in read if iin])
    }
    rows: list[DelegateRow] = []
    for number, iin, branch, elected_on, protocol, failed in read:
        person = people.get(digest("iin", iin)) if iin else None
        if iin and person is None:
            # Never made here: a delegate is a member esep already holds.
            parsed.problem(number, "iin", _("esep knows no one with this IIN."))
            continue
        if failed or person is None or branch is None or elected_on is None:
            continue
        rows.append(DelegateRow(number, person, branch, elected_on, protocol))
    return parsed, rows


def import_delegates(
    content: bytes, *, actor: User, conference: Conference, progress: Progress | None = None
) -> Imported:
    """Check every row, then add each delegate through `actions.add_delegate` in one
    transaction: all or none."""
    if not rules.may_run(actor, conference.branch):
        raise unreadable(_("Your role does not allow keeping this conference's roll."))
    if conference.state != Conference.State.CONVENED:
        raise unreadable(_("The roll of this conference is frozen."))
    parsed, rows = parse_delegates(content, conference)
    parsed.raise_if_failed()
    counts = {"delegates": 0}
    if progress:
        progress(0, len(rows))

    def add(row: DelegateRow) -> None:
        actions.add_delegate(
            actor=actor,
            conference=conference,
            person=row.person,
            branch=row.branch,
            elected_on=row.elected_on,
            protocol=row.protocol,
        )
        counts["delegates"] += 1

    parsed.take(rows, add, row_of=lambda row: row.row, columns=FIELD_COLUMNS, progress=progress)
    if progress:
        progress(len(rows), len(rows))
    return Imported(counts)
