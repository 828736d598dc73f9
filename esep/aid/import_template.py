"""The workbooks offered on a campaign's import pages, written as every import's template is
(`lib.tables.xlsx_template`): the columns the importer reads, headed in the user's language
(a header in any of kk/ru/en is read back), an example row, and the coded columns
(category, kind, confirmation) as drop-down lists. The example leaves the IIN empty: a
made-up IIN that passes the check digit may be someone's."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from esep.aid.imports import DELIVERIES, DELIVERY_HEADERS, HOUSEHOLD_HEADERS, HOUSEHOLDS
from esep.aid.models import Campaign, Category, Delivery, Kind
from esep.lib.tables import TemplateColumn, xlsx_template
from esep.org.models import Branch

WIDTHS = {"iin": 16, "address": 36, "territory": 14, "repeat_reason": 30, "delivered_by": 24}


def households_template(branch: Branch) -> bytes:
    """The template of a campaign's beneficiaries helped by `branch` (its territory in the
    example), in the active language."""
    choices = {"category": [str(c.label) for c in Category]}
    example = {
        "surname": _("Omarova"),
        "given_name": _("Gulnar"),
        "phone": "+7 701 123 45 67",
        "address": _("Abay street 5, flat 3"),
        "territory": branch.territory.kato,
        "members": "5",
        "category": str(Category.LARGE_FAMILY.label),
    }
    prompts = {
        "iin": _("The head of the family's IIN: 12 digits."),
        "address": _("Street, house and flat: one family's address once in a campaign."),
        "territory": _("The KATO code of the settlement, within the branch's area."),
        "members": _("How many people live in the family."),
        "repeat_reason": _("Only for a family the campaign already helps and helps again."),
    }
    return xlsx_template(
        _("Beneficiaries"),
        [
            TemplateColumn(
                header=HOUSEHOLD_HEADERS[name],
                choices=choices.get(name, ()),
                prompt=prompts.get(name, ""),
                required=name in HOUSEHOLDS.required,
                width=WIDTHS.get(name, 16),
            )
            for name in HOUSEHOLDS.codes
        ],
        [example.get(name, "") for name in HOUSEHOLDS.codes],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )


def deliveries_template(campaign: Campaign) -> bytes:
    """The template of a campaign's deliveries, in the active language."""
    choices = {
        "kind": [str(k.label) for k in Kind if k.value in campaign.kinds],
        "confirmation": [str(c.label) for c in Delivery.Confirmation],
    }
    example = {
        "delivered_on": campaign.starts_on.isoformat(),
        "kind": choices["kind"][0] if choices["kind"] else "",
        "amount": "15000",
        "delivered_by": _("Volunteer's name"),
        "confirmation": str(Delivery.Confirmation.SIGNATURE.label),
        "reference": "1",
    }
    prompts = {
        "iin": _("The head of the family's IIN: 12 digits."),
        "household": _(
            "Only where the campaign helps the same head twice: the household's number."
        ),
        "delivered_on": _("The day, as 2020-04-15 or 15.04.2020, within the campaign."),
        "amount": _("Whole tenge: the money given or what the goods were worth."),
    }
    return xlsx_template(
        _("Deliveries"),
        [
            TemplateColumn(
                header=DELIVERY_HEADERS[name],
                choices=choices.get(name, ()),
                prompt=prompts.get(name, ""),
                required=name in DELIVERIES.required,
                width=WIDTHS.get(name, 16),
            )
            for name in DELIVERIES.codes
        ],
        [example.get(name, "") for name in DELIVERIES.codes],
        rows=settings.IMPORT_MAX_ROWS,
        off_list=_("Choose a value from the list, or write its code."),
    )
