"""The workbook offered on the import page: the columns the importer reads, headed in the
user's language, one example row that imports as it is, and the values each coded column
takes as a drop-down list of their labels in the user's language.

Excel caps a list written inline at 255 characters, and a label may hold a comma, so every
list refers to a column of a hidden sheet instead."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from esep.appeals.imports import COLUMNS, HEADERS, REQUIRED, Vocabulary, vocabularies
from esep.lib.dates import zone_of
from esep.org.models import Branch

LISTS_SHEET = "lists"
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
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "".join(c for c in _("Appeals") if c not in "[]:*?/\\")[:31]
    sheet.append([str(HEADERS[name]) for name in COLUMNS])
    example = example_row(known)
    sheet.append([example.get(name, "") for name in COLUMNS])
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    last_row = settings.IMPORT_MAX_ROWS + 1
    texts = prompts()
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 18)
        # Typed numbers stay text: an IIN or a phone keeps its leading zero.
        sheet.column_dimensions[letter].number_format = "@"
        cells = f"{letter}2:{letter}{last_row}"
        if name in LISTED:
            position = LISTED.index(name) + 1
            column = get_column_letter(position)
            lists.cell(row=1, column=position, value=name)
            labels = [entry.label for entry in known[name].entries]
            for row, label in enumerate(labels, start=2):
                lists.cell(row=row, column=position, value=label).data_type = "s"
            source = (
                f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${max(len(labels), 1) + 1}"
            )
            rule = DataValidation(
                type="list",
                formula1=source,
                allow_blank=name not in REQUIRED,
                showErrorMessage=True,
                errorStyle="warning",
                error=_("Choose a value from the list, or write its code."),
                showInputMessage=name in texts,
                prompt=texts.get(name),
            )
        elif name in texts:
            rule = DataValidation(showInputMessage=True, prompt=texts[name], allow_blank=True)
        else:
            continue
        rule.add(cells)
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
