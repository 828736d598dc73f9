"""The workbook offered on the import page: the columns the importer reads, headed in the
user's language, one example row that imports as it is, and the values each coded column
takes as a drop-down list of their labels in the user's language (written by
`lib.tables.xlsx_template`, as every file esep writes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.imports import COLUMNS, HEADERS, REQUIRED, vocabularies
from esep.lib.dates import zone_of
from esep.lib.sheets import Vocabulary
from esep.lib.tables import TemplateColumn, xlsx_template
from esep.org.models import Branch

# The coded columns, in the order of COLUMNS.
LISTED = ["channel", "type", "category", "territory", "branch", "status", "outcome"]
WIDTHS = {"text": 60, "category": 30, "territory": 30, "branch": 30, "submitter_name": 30}


def prompts() -> dict[str, str]:
    """What a cell of each column takes, shown when it is chosen (at most 255 characters)."""
    date = _(
        "19.03.2021, 19.03.2021 14:30 or 2021-03-19T14:30:00+05:00. A time without an offset "
        "is the local time of the appeal's territory."
    )
    return {
        "number": _("The appeal's registration number, unique in esep."),
        "received_at": date,
        "answered_at": date,
        "submitter_iin": _("12 digits. Leave the applicant's cells empty for an anonymous appeal."),
        "submitter_name": _("Surname, name and patronymic, in one cell."),
        "submitter_phone": _("For example 8 701 123 45 67."),
        "status": _("Empty: the appeal is only registered."),
        "outcome": _("Needed for an answered or closed appeal, with the answer date."),
    }


def example_row(known: dict[str, Vocabulary]) -> dict[str, Any]:
    """One appeal as the importer takes it: the first branch the user may import into, its
    territory, the first topic, received yesterday at ten on the territory's clock."""
    first = {name: (known[name].entries[0] if known[name].entries else None) for name in LISTED}
    branch = first["branch"]
    territory = branch.value.territory if branch else None
    zone = territory.time_zone if territory else settings.TIME_ZONE
    day = timezone.now().astimezone(zone_of(zone)).date() - dt.timedelta(days=1)
    channel, kind, category = first["channel"], first["type"], first["category"]
    return {
        "number": f"{branch.code.upper() if branch else 'A'}-{day.year}-IMPORT-1",
        "received_at": f"{day:%d.%m.%Y} 10:00",
        "channel": channel.label if channel else "",
        "type": kind.label if kind else "",
        "category": category.label if category else "",
        "territory": territory.name if territory else "",
        "branch": branch.label if branch else "",
        "text": _("The road in our yard has not been repaired since spring."),
    }


def template_xlsx(branches: dict[str, Branch]) -> bytes:
    """The import template for a user who may import into `branches`, in the active
    language."""
    known = vocabularies(branches)
    texts = prompts()
    example = example_row(known)
    columns = [
        TemplateColumn(
            header=HEADERS[name],
            choices=[entry.label for entry in known[name].entries] if name in LISTED else (),
            prompt=texts.get(name, ""),
            required=name in REQUIRED,
            width=WIDTHS.get(name, 18),
        )
        for name in COLUMNS
    ]
    return xlsx_template(
        _("Appeals"),
        columns,
        [example.get(name, "") for name in COLUMNS],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )
