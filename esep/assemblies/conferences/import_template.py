"""The workbook offered on a conference's import page, written as every import's template is
(`lib.tables.xlsx_template`): the columns the importer reads, headed in the user's language
(a header in any of kk/ru/en is read back), an example row, and the sub-branches with a
quota as a drop-down list. The example leaves the IIN empty: a made-up IIN that passes the
check digit may be someone's."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from esep.assemblies.conferences.imports import DELEGATE_HEADERS, DELEGATES
from esep.assemblies.models import Conference
from esep.lib.tables import TemplateColumn, xlsx_template

WIDTHS = {"iin": 16, "branch": 24, "elected_on": 16, "protocol": 30}


def delegates_template(conference: Conference) -> bytes:
    """The template of a conference's delegates, in the active language."""
    codes = list(conference.quotas.order_by("branch__path").values_list("branch__code", flat=True))
    example = {
        "branch": codes[0] if codes else "",
        "elected_on": conference.held_on.isoformat(),
        "protocol": _("No. 1"),
    }
    prompts = {
        "iin": _("The delegate's IIN: 12 digits. The person must be an active member."),
        "branch": _("The code of the sub-branch whose meeting elected the delegate."),
        "elected_on": _("The day of that meeting, as 2021-12-20, not after the conference."),
        "protocol": _("The number of the meeting's protocol."),
    }
    return xlsx_template(
        _("Delegates"),
        [
            TemplateColumn(
                header=DELEGATE_HEADERS[name],
                choices=codes if name == "branch" else (),
                prompt=prompts.get(name, ""),
                required=name in DELEGATES.required,
                width=WIDTHS.get(name, 16),
            )
            for name in DELEGATES.codes
        ],
        [example.get(name, "") for name in DELEGATES.codes],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )
