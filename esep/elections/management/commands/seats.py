"""`esep seats --mandates N --threshold PCT FILE.csv`: the party-list seats by Kazakhstan's
rule (`elections.seats.allocate`, the pure function the pages and the API call) for the
votes in a CSV file — columns `party` and `votes`, a header required; UTF-8 (with or without
BOM) or Windows-1251, comma or semicolon, as every esep import reads it (`lib.sheets`).
Prints JSON mapping each party to its seats, in the file's order. Bad input is a
CommandError in the language asked for, naming the row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.elections.seat_refusals import message
from esep.elections.seats import Entry, Refused, Tie, allocate
from esep.lib.jobs import command_file
from esep.lib.sheets import (
    Cells,
    Columns,
    ImportFailed,
    Parsed,
    failure_lines,
    read_number,
    read_rows,
)

COLUMNS = Columns(
    codes=("party", "votes"),
    required=frozenset({"party", "votes"}),
    aliases={
        "party": ("партия", "партия атауы", "party name"),
        "votes": ("голоса", "дауыстар", "дауыс саны", "число голосов"),
    },
    headers={"party": gettext_lazy("Party"), "votes": gettext_lazy("Votes")},
)


def read_votes(content: bytes) -> list[Entry]:
    """The file's lists, registered in the file's order; ImportFailed naming each bad row."""
    parsed = Parsed()
    entries: list[Entry] = []
    first_row: dict[str, int] = {}
    for row in read_rows(content, COLUMNS, parsed):
        cells = Cells(row, parsed)
        party = cells.text("party", required=True, max_length=200)
        votes = _votes(cells)
        if party and party in first_row:
            cells.problem(
                "party",
                _("The party “%(party)s” is given twice (first in row %(row)d).")
                % {"party": party, "row": first_row[party]},
            )
        if party:
            first_row.setdefault(party, row.number)
        if cells.failed or votes is None:
            continue
        entries.append(Entry(party, votes, len(entries) + 1))
    if not parsed.failed and not entries:
        parsed.problem(2, "", _("The file has no party's votes under its header."))
    parsed.raise_if_failed()
    return entries


def _votes(cells: Cells) -> int | None:
    """The row's votes: a whole number, zero or more (as a spreadsheet may write it:
    1 234, 1234.0)."""
    if not cells.given("votes"):
        cells.problem("votes", _("The cell is empty."))
        return None
    value = cells.row.cells["votes"]
    try:
        number = read_number(value)
    except ValueError:
        number = None
    if number is None or number != number.to_integral_value() or abs(number) >= 10**12:
        cells.problem(
            "votes",
            _("Not a whole number of votes: “%(value)s”.") % {"value": str(value).strip()},
        )
        return None
    if number < 0:
        cells.problem("votes", message(Refused("negative")))
        return None
    return int(number)


def _whole(value: str, name: str, code: str) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CommandError(f"--{name}: {message(Refused(code))}") from None
    return number


class Command(BaseCommand):
    help = (
        "The party-list seats by Kazakhstan's rule for the votes in a CSV file (columns "
        "party and votes, a header required): prints JSON mapping each party to its seats."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE.csv")
        parser.add_argument("--mandates", required=True, help="the mandates shared among the lists")
        parser.add_argument(
            "--threshold", required=True, help="the threshold, percent (e.g. 7 or 5.5)"
        )
        parser.add_argument(
            "--tie",
            choices=[t.value for t in Tie],
            default=Tie.EARLIER_REGISTRATION.value,
            help="who takes a mandate on equal remainders (default: %(default)s, the law's "
            "rule: the list registered earlier — here, the one earlier in the file)",
        )
        parser.add_argument(
            "--base",
            help="what the threshold's percentage is of (default: the votes in the file), "
            "e.g. the votes with those against all",
        )
        parser.add_argument(
            "--runner-up",
            action="store_true",
            help="admit the runner-up list when only one passes (the law of 2009–2021)",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the messages (default: %(default)s)",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        mandates: str,
        threshold: str,
        tie: str,
        base: str | None,
        runner_up: bool,
        language: str,
        **options: Any,
    ) -> None:
        with translation.override(language):
            count = _whole(mandates, "mandates", "mandates")
            base_votes = _whole(base, "base", "base") if base is not None else None
            content = command_file(file)
            try:
                entries = read_votes(content)
            except ImportFailed as failure:
                lines, _summary = failure_lines(failure)
                raise CommandError("\n".join(lines)) from None
            try:
                result = allocate(
                    entries,
                    count,
                    threshold.strip().replace(",", "."),
                    base=base_votes,
                    tie=tie,
                    runner_up=runner_up,
                )
            except Refused as refused:
                raise CommandError(message(refused)) from None
            self.stdout.write(json.dumps(result.seats, ensure_ascii=False))
