"""Importing an open election's protocol from the commission's spreadsheet, read as every
import reads one (`esep.lib.sheets`: XLSX, or CSV in UTF-8 or Windows-1251, comma or
semicolon; headers by code, by esep's header in any language or as commissions write them
in Kazakh and Russian, compared by `fold_words`).

The layout is wide, as commissions publish it: one row per polling station (or per
constituency or territory where the stations are not known) with the fixed columns —
`constituency` (its number, optional), `territory` (a KATO code, optional: the
constituency's or the election's territory by default), `station` (optional),
`registered_voters`, `took_part`, `invalid` and, where the ballot has it, `against_all` —
then one column per party list, headed by the party's code (or its name), and/or one per
candidate, headed by the surname and name as registered (a district's or an akim's
candidate) or by the list's party code and the place on it ("amanat 3"; the place alone
where only one list has it). The columns are the election's own (`layout`): a header esep
does not know, a party with no list in this election, a withdrawn candidate, a column
named twice or a required column missing is a problem of the whole file, named before any
row is read.

Every row is checked first and each problem named with its row and column in the
uploader's language: numbers that are not whole numbers, a place (constituency, territory,
station) given twice, a territory outside the election's, a candidate's votes in another
constituency's row. The rows are then recorded through `actions.record_tally` — one
protocol row per spreadsheet row, which checks that the ballots add up — in one
transaction: all rows or none. A row for a place recorded before replaces it (a corrected
protocol), as when typed in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from esep.deputies.models import Party
from esep.elections import actions, rules
from esep.elections.models import Candidate, Constituency, Election, PartyList, State
from esep.lib.folding import fold_words
from esep.lib.sheets import (
    MAX_COLUMNS,
    Cells,
    Columns,
    ImportFailed,
    Parsed,
    RowError,
    is_empty,
    read_rows,
    read_table,
    unreadable,
)
from esep.org.models import Territory

if TYPE_CHECKING:
    from esep.access.models import User

Progress = Callable[[int, int], None]

FIXED_COLUMNS = [
    "constituency",
    "territory",
    "station",
    "registered_voters",
    "took_part",
    "invalid",
    "against_all",
]
REQUIRED = frozenset({"registered_voters", "took_part", "invalid"})
FIXED_HEADERS: dict[str, StrOrPromise] = {
    "constituency": gettext_lazy("Constituency (number)"),
    "territory": gettext_lazy("Territory (KATO)"),
    "station": gettext_lazy("Polling station"),
    "registered_voters": gettext_lazy("Voters on the lists"),
    "took_part": gettext_lazy("Voters who took part"),
    "invalid": gettext_lazy("Invalid ballots"),
    "against_all": gettext_lazy("Against all"),
}
# Headers as electoral commissions write them in Kazakh and Russian.
FIXED_ALIASES: dict[str, list[str]] = {
    "constituency": [
        "округ",
        "округ №",
        "№ округа",
        "номер округа",
        "избирательный округ",
        "сайлау округі",
        "округ нөмірі",
    ],
    "territory": ["като", "kato", "код като", "като коды", "аумақ", "территория"],
    "station": [
        "участок",
        "№ участка",
        "номер участка",
        "избирательный участок",
        "учаске",
        "учаске №",
        "учаске нөмірі",
        "сайлау учаскесі",
    ],
    "registered_voters": [
        "число избирателей",
        "количество избирателей",
        "избирателей в списках",
        "число избирателей, внесенных в списки",
        "сайлаушылар саны",
        "тізімдегі сайлаушылар саны",
        "тізімге енгізілген сайлаушылар саны",
    ],
    "took_part": [
        "приняли участие",
        "приняли участие в голосовании",
        "число избирателей, принявших участие в голосовании",
        "проголосовали",
        "қатысқандар",
        "дауыс беруге қатысқандар",
        "дауыс беруге қатысқан сайлаушылар саны",
    ],
    "invalid": [
        "недействительные",
        "недействительные бюллетени",
        "число недействительных бюллетеней",
        "жарамсыз",
        "жарамсыз бюллетеньдер",
        "жарамсыз бюллетеньдер саны",
    ],
    "against_all": ["против всех", "барлығына қарсы"],
}
# An action's field → the column it came from.
FIELD_COLUMNS = {name: name for name in FIXED_COLUMNS}

# What a commission's sheet writes in its totals row, which esep adds up itself.
TOTAL_WORDS = frozenset(
    fold_words(word)
    for word in ["итого", "всего", "итого по округу", "барлығы", "жиыны", "total", "totals"]
)
# "amanat 3", "amanat-3", "amanat № 3": a list candidate by the party's code and place.
LIST_PLACE = re.compile(r"^(?P<party>.+?)[\s\-–—]*(?:№\s*)?(?P<place>\d{1,3})$")


@dataclass
class Imported:
    """What an import wrote, by record."""

    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Layout:
    """An election's protocol columns: the fixed ones it uses, one per party list and one
    per standing candidate; and the headers that name something the file may not hold
    here (a party without a list, a withdrawn candidate, a name two candidates share)."""

    election: Election
    columns: Columns
    lists: dict[str, PartyList]
    candidates: dict[str, Candidate]
    template_codes: list[str]
    headers: dict[str, StrOrPromise]
    without_list: dict[str, Party] = field(default_factory=dict)
    withdrawn: dict[str, Candidate] = field(default_factory=dict)
    shared_names: dict[str, list[Candidate]] = field(default_factory=dict)


def candidate_names(candidate: Candidate) -> list[str]:
    """The headers naming a candidate: surname and name, and with the patronymic."""
    person = candidate.person
    short = f"{person.surname} {person.given_name}"
    return [short, person.full_name] if person.patronymic else [short]


def layout(election: Election) -> Layout:
    """The columns a protocol of `election` may have."""
    fixed = [
        code
        for code in FIXED_COLUMNS
        if (code != "constituency" or election.constituencies.exists())
        and (code != "against_all" or election.has_against_all)
    ]
    headers: dict[str, StrOrPromise] = {code: FIXED_HEADERS[code] for code in FIXED_COLUMNS}
    aliases: dict[str, list[str]] = {code: list(FIXED_ALIASES[code]) for code in FIXED_COLUMNS}
    lists: dict[str, PartyList] = {}
    for party_list in election.lists.select_related("party").order_by("registered"):
        party = party_list.party
        code = f"list-{party.code}"
        lists[code] = party_list
        headers[code] = party.code
        # An empty name (a party with no English name) would name an empty header cell.
        names = (party.code, party.name_kk, party.name_ru, party.name_en)
        aliases[code] = [name for name in names if name.strip()]
    candidates: dict[str, Candidate] = {}
    withdrawn: dict[str, Candidate] = {}
    by_name: dict[str, list[Candidate]] = {}
    places: dict[int, list[str]] = {}
    standing = election.candidates.select_related("person", "party_list__party", "constituency")
    for candidate in standing.order_by(
        "party_list__registered", "position", "constituency__number", "person__surname"
    ):
        if candidate.withdrawn_on is not None:
            for name in candidate_names(candidate):
                withdrawn[fold_words(name)] = candidate
            continue
        code = f"candidate-{candidate.pk}"
        candidates[code] = candidate
        if candidate.party_list is not None:
            party_code = candidate.party_list.party.code
            headers[code] = f"{party_code} {candidate.position}"
            aliases[code] = [f"{party_code} {candidate.position}"]
            places.setdefault(candidate.position or 0, []).append(code)
        else:
            headers[code] = candidate_names(candidate)[0]
            aliases[code] = []
            for name in candidate_names(candidate):
                by_name.setdefault(fold_words(name), []).append(candidate)
    # A name two standing candidates share names neither: the file must tell them apart.
    shared = {name: found for name, found in by_name.items() if len(found) > 1}
    for name, found in by_name.items():
        if name not in shared:
            aliases[f"candidate-{found[0].pk}"].append(name)
    for found in shared.values():
        for candidate in found:  # headed by a name of theirs no one else has
            code = f"candidate-{candidate.pk}"
            headers[code] = next(
                (n for n in candidate_names(candidate) if fold_words(n) not in shared),
                candidate.person.full_name,
            )
    for place, codes in places.items():
        if len(codes) == 1:  # the place alone, where only one list has it
            aliases[codes[0]].append(str(place))
    listed = {pl.party_id for pl in lists.values()}
    without_list: dict[str, Party] = {}
    for party in Party.objects.exclude(pk__in=listed):
        for name in (party.code, party.name_kk, party.name_ru, party.name_en):
            if name.strip():
                without_list[fold_words(name)] = party
    codes = [*fixed, *lists, *candidates]
    template_codes = [
        *fixed,
        *lists,
        *(code for code, c in candidates.items() if c.party_list_id is None),
    ]
    return Layout(
        election=election,
        columns=Columns(codes, REQUIRED, aliases, headers),
        lists=lists,
        candidates=candidates,
        template_codes=template_codes,
        headers=headers,
        without_list=without_list,
        withdrawn=withdrawn,
        shared_names=shared,
    )


# ---------------------------------------------------------------- the header


def header_problems(content: bytes, plan: Layout) -> list[RowError]:
    """The file's header checked against the election's columns: each header esep does
    not know, names a party with no list here or a withdrawn candidate, could mean two
    candidates, or names a column again; and a file with no votes column."""
    table = read_table(content, plan.columns)
    header_row, cells = next(
        ((n, row) for n, row in enumerate(table, start=1) if any(not is_empty(c) for c in row)),
        (1, []),
    )
    if not cells:
        return []  # read_rows says the file is empty
    if content[:4] == b"PK\x03\x04" and len(cells) >= MAX_COLUMNS and not is_empty(cells[-1]):
        # A workbook is read to its MAX_COLUMNS-th column: the votes beyond would be lost.
        return [
            RowError(
                header_row,
                "",
                _(
                    "esep reads at most %(max)d columns of a workbook: split the protocol into "
                    "files by constituency, each with its own candidates' columns."
                )
                % {"max": MAX_COLUMNS - 1},
            )
        ]
    names = plan.columns.names()
    problems: list[RowError] = []
    seen: dict[str, str] = {}
    for cell in cells:
        if is_empty(cell):
            continue
        text = str(cell).strip()
        key = fold_words(text)
        code = names.get(key, "")
        if not code:
            problems.append(RowError(header_row, text, unknown_header(plan, key, text)))
        elif code in seen:
            problems.append(
                RowError(
                    header_row,
                    text,
                    _("The column “%(first)s” is already in the file: each column once.")
                    % {"first": seen[code]},
                )
            )
        else:
            seen[code] = text
    if not problems and seen and not set(seen) & (set(plan.lists) | set(plan.candidates)):
        problems.append(
            RowError(
                0,
                "",
                _("The file has no column of votes: one per party list or per candidate."),
            )
        )
    return problems


def unknown_header(plan: Layout, key: str, text: str) -> str:
    """Why a header names no column of this election's protocol."""
    if key in plan.without_list:
        return _(
            "The party “%(party)s” has no list in this election; remove its column or register "
            "its list first."
        ) % {"party": plan.without_list[key].code}
    if key in plan.withdrawn:
        return _("%(name)s withdrew from this election; remove the column.") % {
            "name": plan.withdrawn[key].person.full_name
        }
    if key in plan.shared_names:
        return _(
            "Several candidates are registered as “%(name)s”; head their columns with the "
            "full name, patronymic too."
        ) % {"name": text}
    match = LIST_PLACE.match(text)
    if match and fold_words(match["party"]) in plan.without_list:
        return _(
            "The party “%(party)s” has no list in this election; remove its column or register "
            "its list first."
        ) % {"party": plan.without_list[fold_words(match["party"])].code}
    return _(
        "Unknown column “%(header)s”: neither a column of the protocol nor a list or a "
        "candidate of this election."
    ) % {"header": text}


# ---------------------------------------------------------------- the rows


@dataclass
class ProtocolRow:
    row: int
    constituency: Constituency | None
    territory: Territory | None
    station: str
    registered_voters: int
    took_part: int
    invalid: int
    against_all: int
    lists: dict[PartyList, int]
    candidates: dict[Candidate, int]


def whole(cells: Cells, column: str, *, required: bool = False) -> int | None:
    """A whole number, zero or more."""
    number = cells.number(column, required=required)
    if number is None:
        return None
    if number < 0 or number != number.to_integral_value():
        cells.problem(
            column,
            _("Give a whole number, zero or more: “%(value)s”.")
            % {"value": str(cells.row.cells.get(column)).strip()},
        )
        return None
    return int(number)


def within(territory: Territory, area: Territory) -> bool:
    return territory.path.startswith(area.path)


def parse_protocol(content: bytes, plan: Layout) -> tuple[Parsed, list[ProtocolRow]]:
    """Every row checked; the rows fit to record and the problems found."""
    parsed = Parsed()
    election = plan.election
    problems = header_problems(content, plan)
    if problems:
        for problem in problems:
            parsed.problem(problem.row, problem.column, problem.message)
        return parsed, []
    numbered = {c.number: c for c in election.constituencies.select_related("territory")}
    read: list[tuple[Cells, dict[str, Any]]] = []
    for row in read_rows(content, plan.columns, parsed):
        cells = Cells(row, parsed)
        values: dict[str, Any] = {
            "constituency": None,
            "kato": cells.text("territory", max_length=9),
            "station": cells.text("station", max_length=20),
            "registered_voters": whole(cells, "registered_voters", required=True),
            "took_part": whole(cells, "took_part", required=True),
            "invalid": whole(cells, "invalid", required=True),
            "against_all": whole(cells, "against_all") or 0,
        }
        if fold_words(values["station"]) in TOTAL_WORDS:
            cells.problem(
                "station",
                _("A totals row: remove it, esep adds the rows up itself."),
            )
        number = whole(cells, "constituency") if cells.given("constituency") else None
        if number is not None:
            values["constituency"] = numbered.get(number)
            if values["constituency"] is None:
                cells.problem(
                    "constituency",
                    _("This election has no constituency № %(number)d.") % {"number": number},
                )
        values["lists"] = {
            party_list: votes
            for code, party_list in plan.lists.items()
            if cells.given(code) and (votes := whole(cells, code)) is not None
        }
        values["candidates"] = {}
        for code, candidate in plan.candidates.items():
            if not cells.given(code) or (votes := whole(cells, code)) is None:
                continue
            stands_in = candidate.constituency
            if stands_in is not None and values["constituency"] != stands_in:
                if votes:
                    cells.problem(
                        code,
                        _(
                            "This candidate stands in constituency № %(number)d: give their "
                            "votes on that constituency's rows (the row's constituency column)."
                        )
                        % {"number": stands_in.number},
                    )
                continue
            values["candidates"][candidate] = votes
        if not cells.failed and not values["lists"] and not values["candidates"]:
            cells.problem("", _("The row gives no votes for any list or candidate."))
        read.append((cells, values))
    katos = {values["kato"] for _cells, values in read if values["kato"]}
    territories = {t.kato: t for t in Territory.objects.filter(kato__in=katos)}
    rows: list[ProtocolRow] = []
    places: dict[tuple[int | None, int, str], int] = {}
    for cells, values in read:
        constituency = values["constituency"]
        area = constituency.territory if constituency else election.territory
        territory = None
        if values["kato"]:
            territory = territories.get(values["kato"])
            if territory is None:
                cells.problem(
                    "territory",
                    _("No territory with the KATO code “%(value)s”.") % {"value": values["kato"]},
                )
            elif not within(territory, area):
                cells.problem(
                    "territory",
                    _("%(territory)s is outside %(area)s, where this row is counted.")
                    % {"territory": territory, "area": area},
                )
        if cells.failed:
            continue
        place = territory or area
        key = (constituency.pk if constituency else None, place.pk, values["station"])
        if key in places:
            cells.problem(
                "station" if values["station"] else "territory",
                _("The same place is already on row %(row)d: one protocol row per place.")
                % {"row": places[key]},
            )
            continue
        places[key] = cells.row.number
        rows.append(
            ProtocolRow(
                row=cells.row.number,
                constituency=constituency,
                territory=territory,
                station=values["station"],
                registered_voters=values["registered_voters"],
                took_part=values["took_part"],
                invalid=values["invalid"],
                against_all=values["against_all"],
                lists=values["lists"],
                candidates=values["candidates"],
            )
        )
    return parsed, rows


def refusal(actor: User, election: Election) -> ImportFailed | None:
    """Why `actor` may not import this election's protocol now, if they may not."""
    if not rules.may_manage(actor, election.branch):
        return unreadable(_("Your role does not allow recording this election's protocol."))
    if election.state != State.OPEN:
        return unreadable(_("The results of this election are certified; it can no longer change."))
    return None


def import_protocol(
    content: bytes, *, actor: User, election: Election, progress: Progress | None = None
) -> Imported:
    """Check every row, then record each as a protocol row through `actions.record_tally`
    in one transaction: all or none."""
    refused = refusal(actor, election)
    if refused is not None:
        raise refused
    parsed, rows = parse_protocol(content, layout(election))
    parsed.raise_if_failed()
    counts = {"rows": 0}
    if progress:
        progress(0, len(rows))

    def record(row: ProtocolRow) -> None:
        actions.record_tally(
            actor=actor,
            election=election,
            territory=row.territory,
            constituency=row.constituency,
            station=row.station,
            registered_voters=row.registered_voters,
            took_part=row.took_part,
            invalid_ballots=row.invalid,
            against_all=row.against_all,
            lists=row.lists,
            candidates=row.candidates,
        )
        counts["rows"] += 1

    parsed.take(rows, record, row_of=lambda row: row.row, columns=FIELD_COLUMNS, progress=progress)
    if progress:
        progress(len(rows), len(rows))
    return Imported(counts)
