"""The workbook offered on an election's protocol import page, written as every import's
template is (`lib.tables.xlsx_template`): the election's own columns (`imports.layout`) —
the fixed ones it uses, headed in the user's language (a header in any of kk/ru/en is read
back), then one per party list headed by the party's code and one per district's or akim's
candidate headed by their surname and name (of one constituency, when asked) —, the
constituencies' numbers as a drop-down list, and an example row naming only a polling
station."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from esep.elections.imports import REQUIRED, layout
from esep.elections.models import Constituency, Election
from esep.lib.tables import TemplateColumn, xlsx_template


def protocol_template(election: Election, constituency: Constituency | None = None) -> bytes:
    """The template of `election`'s protocol, in the active language; of one constituency's
    rows (its own candidates' columns only) when given — an election with many districts
    has more candidates than a sheet's columns esep reads."""
    plan = layout(election)
    codes = [
        code
        for code in plan.template_codes
        if constituency is None
        or code not in plan.candidates
        or plan.candidates[code].constituency_id == constituency.pk
    ]
    numbers = (
        [str(constituency.number)]
        if constituency is not None
        else [
            str(n)
            for n in election.constituencies.order_by("number").values_list("number", flat=True)
        ]
    )
    prompts = {
        "constituency": _("The constituency's number."),
        "territory": _(
            "The KATO code of the place counted; empty: the constituency's or the election's."
        ),
        "station": _(
            "The polling station's number; empty for a constituency's or a territory's total."
        ),
        "registered_voters": _("Voters on the lists: a whole number."),
        "took_part": _("Voters who took part: not more than those on the lists."),
        "invalid": _("Invalid ballots: a whole number, zero or more."),
        "against_all": _("Ballots marked “against all”."),
    }
    votes = _("Votes: a whole number; empty where this row gives none.")
    return xlsx_template(
        _("Protocol"),
        [
            TemplateColumn(
                header=plan.headers[code],
                choices=numbers if code == "constituency" else (),
                prompt=prompts.get(code, votes),
                required=code in REQUIRED,
                width=22 if code in prompts else 16,
            )
            for code in codes
        ],
        [
            {"constituency": numbers[0] if numbers else "", "station": "1"}.get(code, "")
            for code in codes
        ],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )
