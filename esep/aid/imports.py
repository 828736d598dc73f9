"""Importing a campaign's beneficiaries and deliveries from the volunteers' spreadsheets,
read as every import reads one (`esep.lib.sheets`: XLSX, or CSV in UTF-8 or Windows-1251,
comma or semicolon; headers by code, by esep's header in any language or as people write
them in Kazakh and Russian, compared by `fold_words`; dates ISO 8601 or dd.mm.yyyy).

Beneficiaries (`import_households`), one row per family, helped by the branch chosen on
the upload page: the head's IIN, surname, name and patronymic, phone, the address, the KATO
code of the territory (within the branch's), the members, the category (code or words in
kk/ru/en) and, for a family deliberately helped again, the reason. A head esep does not know
yet is recorded from the row.

Deliveries (`import_deliveries`), one row per delivery: the head's IIN (and the household's
number where the campaign helps the same head twice), the day, the kind, the value in tenge,
who delivered it and the confirmation with its reference.

Every row is checked first, each problem named with its row and column in the uploader's
language — duplicates among them: the same head or the same address on two rows of the file,
or already helped in the campaign (named by the earlier household's number or row, never by
IIN); a delivery the campaign's money would not cover. Then the rows are written in chunks
(`CHUNK`) through the app's batch actions inside `Parsed.take`'s one transaction: all rows
or none. What a chunk needs from the database — the people by IIN digest, the campaign's
households by head and by address digest — is read for the whole chunk in one query each,
so a file of 100,000 rows costs a few hundred queries, not hundreds of thousands. An IIN or
an address is never written into a message or a log line."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.aid import actions, rules
from esep.aid.actions import NewDelivery, NewHousehold, address_digest
from esep.aid.models import Campaign, Category, Delivery, Household, Kind
from esep.deputies.registry.imports import read_iin
from esep.lib.crypto import digest
from esep.lib.jobs import Progress
from esep.lib.listing import batched
from esep.lib.sheets import Cells, Columns, Parsed, Vocabulary, read_rows, unreadable
from esep.org.actions import given_person
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User

# Rows written (and looked up) at once.
CHUNK = 1000

# ---------------------------------------------------------------- the beneficiaries' columns

HOUSEHOLD_COLUMNS = [
    "iin",
    "surname",
    "given_name",
    "patronymic",
    "phone",
    "address",
    "territory",
    "members",
    "category",
    "repeat_reason",
]
HOUSEHOLD_HEADERS = {
    "iin": gettext_lazy("Head's IIN"),
    "surname": gettext_lazy("Surname"),
    "given_name": gettext_lazy("Name"),
    "patronymic": gettext_lazy("Patronymic"),
    "phone": gettext_lazy("Phone"),
    "address": gettext_lazy("Address"),
    "territory": gettext_lazy("Territory (KATO)"),
    "members": gettext_lazy("Members"),
    "category": gettext_lazy("Category"),
    "repeat_reason": gettext_lazy("Reason to help again"),
}
HOUSEHOLD_ALIASES = {
    "iin": ["жсн", "иин", "iin", "отбасы басшысының жсн", "иин главы семьи"],
    "surname": ["тегі", "фамилия"],
    "given_name": ["аты", "имя"],
    "patronymic": ["әкесінің аты", "отчество"],
    "phone": ["телефон", "тел", "байланыс телефоны"],
    "address": ["мекенжай", "мекенжайы", "адрес", "адрес проживания"],
    "territory": ["като", "kato", "аумақ", "елді мекен", "территория", "населенный пункт"],
    "members": [
        "отбасы мүшелері",
        "мүшелер саны",
        "отбасы саны",
        "члены семьи",
        "состав семьи",
        "кол-во членов семьи",
    ],
    "category": ["санаты", "санат", "категория"],
    "repeat_reason": ["қайта көмек себебі", "себебі", "причина повторной помощи", "причина"],
}
HOUSEHOLDS = Columns(
    HOUSEHOLD_COLUMNS,
    frozenset({"iin", "surname", "given_name", "address", "territory", "members", "category"}),
    HOUSEHOLD_ALIASES,
    HOUSEHOLD_HEADERS,
)
# The words volunteers write for the categories, besides their labels in kk/ru/en.
CATEGORY_WORDS: dict[str, list[str]] = {
    Category.LARGE_FAMILY: [
        "көп балалы",
        "көпбалалы",
        "көп балалы отбасы",
        "многодетная",
        "многодетные",
    ],
    Category.DISABLED: ["мүгедек", "мүгедектігі бар", "инвалид", "инвалидность", "ЛОВЗ"],
    Category.PENSIONER: ["зейнеткер", "пенсионер"],
    Category.LOST_INCOME: ["табыссыз қалған", "жұмыссыз", "потерявшие доход", "безработный"],
    Category.LOW_INCOME: ["аз қамтылған", "малообеспеченная", "малообеспеченные", "АСП"],
    Category.SINGLE_PARENT: ["толық емес отбасы", "неполная семья", "мать-одиночка"],
    Category.OTHER: ["басқа", "другое", "прочие"],
}
# An action's field → the column it came from: the actions name their fields as the columns.
HOUSEHOLD_FIELDS = {name: name for name in HOUSEHOLD_COLUMNS}

# ---------------------------------------------------------------- the deliveries' columns

DELIVERY_COLUMNS = [
    "iin",
    "household",
    "delivered_on",
    "kind",
    "amount",
    "delivered_by",
    "confirmation",
    "reference",
]
DELIVERY_HEADERS = {
    "iin": gettext_lazy("Head's IIN"),
    "household": gettext_lazy("Household's number"),
    "delivered_on": gettext_lazy("Delivered on"),
    "kind": gettext_lazy("Kind of aid"),
    "amount": gettext_lazy("Value, tenge"),
    "delivered_by": gettext_lazy("Delivered by"),
    "confirmation": gettext_lazy("Confirmation"),
    "reference": gettext_lazy("Confirmation's reference"),
}
DELIVERY_ALIASES = {
    "iin": ["жсн", "иин", "iin", "отбасы басшысының жсн", "иин главы семьи"],
    "household": ["отбасы нөмірі", "нөмірі", "№", "номер семьи", "номер"],
    "delivered_on": ["берілген күні", "күні", "дата выдачи", "дата"],
    "kind": ["көмек түрі", "түрі", "вид помощи", "вид"],
    "amount": ["сомасы", "құны", "сумма", "стоимость", "сумма, тенге"],
    "delivered_by": ["кім берді", "еріктi", "волонтер", "кто выдал"],
    "confirmation": ["растау", "подтверждение"],
    "reference": ["растау нөмірі", "номер подтверждения"],
}
DELIVERIES = Columns(
    DELIVERY_COLUMNS,
    frozenset({"iin", "delivered_on", "kind", "amount"}),
    DELIVERY_ALIASES,
    DELIVERY_HEADERS,
)
KIND_WORDS: dict[str, list[str]] = {
    Kind.FOOD: [
        "азық-түлік",
        "азық түлік себеті",
        "продукты",
        "продуктовый набор",
        "продуктовая корзина",
    ],
    Kind.MONEY: ["ақша", "ақшалай", "деньги", "денежная помощь"],
    Kind.MEDICINES: ["дәрі", "дәрі-дәрмек", "лекарства"],
    Kind.SERVICES: ["қызмет", "қызметтер", "услуга", "услуги"],
}
CONFIRMATION_WORDS: dict[str, list[str]] = {
    Delivery.Confirmation.SIGNATURE: ["қолы", "қол", "подпись"],
    Delivery.Confirmation.PHOTO: ["фото", "сурет"],
    Delivery.Confirmation.SMS: ["смс", "sms", "смс-код", "sms код"],
    Delivery.Confirmation.NONE: ["жоқ", "нет", "-"],
}
DELIVERY_FIELDS = {name: name for name in DELIVERY_COLUMNS}


@dataclass
class Imported:
    """What an import wrote, by record."""

    counts: dict[str, int] = field(default_factory=dict)


class Numbered(Protocol):
    row: int


N = TypeVar("N", bound=Numbered)


def write_in_chunks(
    parsed: Parsed,
    rows: Sequence[N],
    write: Callable[[list[N]], object],
    *,
    columns: Mapping[str, str],
    progress: Progress | None,
) -> None:
    """The checked rows written `CHUNK` at a time through `write` (the app's batch action)
    in `Parsed.take`'s one transaction: all or none, a chunk the action refuses the problem
    of its first row; `progress(rows written, rows)` after each chunk."""
    total = len(rows)
    if progress:
        progress(0, total)
    parsed.take(
        list(batched(rows, CHUNK)),
        write,
        row_of=lambda batch: batch[0].row,
        columns=columns,
        progress=(lambda done, _n: progress(min(done * CHUNK, total), total)) if progress else None,
        every=1,
    )
    if progress:
        progress(total, total)


def whole_tenge(cells: Cells, column: str, *, required: bool = True) -> int | None:
    number = cells.number(column, required=required, places=0, largest=10**13)
    if number is None:
        return None
    if number < 0:
        cells.problem(column, _("The value is a whole number of tenge, zero or more."))
        return None
    return int(number)


# ---------------------------------------------------------------- beneficiaries


@dataclass
class HouseholdRow:
    row: int
    new: NewHousehold
    address_key: str | None


def check_import(actor: User, campaign: Campaign, branch: Branch | None = None) -> None:
    if branch is not None and not rules.may_help(actor, campaign, branch):
        raise unreadable(_("Your role does not allow registering this branch's beneficiaries."))
    if branch is None and not rules.may_manage_somewhere(actor):
        raise unreadable(_("Your role does not allow recording this campaign's deliveries."))
    if branch is not None and not campaign.takes_part(branch.path):
        raise unreadable(_("This branch does not take part in the campaign."))


def parse_households(
    content: bytes, campaign: Campaign, branch: Branch
) -> tuple[Parsed, list[HouseholdRow]]:
    """Every row checked, duplicates among the file's rows and against the campaign's
    households found; the rows fit to write and the problems found."""
    parsed = Parsed()
    categories = Vocabulary.of_choices(Category, CATEGORY_WORDS)
    read: list[tuple[Cells, HouseholdRow | None, str]] = []
    katos: set[str] = set()
    for row in read_rows(content, HOUSEHOLDS, parsed):
        cells = Cells(row, parsed)
        iin = read_iin(cells)
        surname = cells.text("surname", required=True, max_length=100)
        given_name = cells.text("given_name", required=True, max_length=100)
        patronymic = cells.text("patronymic", max_length=100)
        phone = cells.text("phone", max_length=30)
        address = " ".join(cells.text("address", required=True, max_length=255).split())
        kato = cells.text("territory", required=True)
        members = cells.number("members", required=True, places=0, largest=1000)
        category = cells.coded("category", categories, _("No such category: “%(value)s”."))
        reason = cells.text("repeat_reason", max_length=500)
        katos.add(kato)
        given = None
        if iin and surname and given_name:
            try:
                given = given_person(
                    iin=iin,
                    phone=phone,
                    surname=surname,
                    given_name=given_name,
                    patronymic=patronymic,
                )
            except ValidationError as error:  # the phone, mostly
                cells.refused(error, HOUSEHOLD_FIELDS)
        if given is None or members is None or category is None:
            read.append((cells, None, kato))
            continue
        new = NewHousehold(
            given=given,
            address=address,
            territory=Territory(),  # found below, with the others
            members=int(members),
            category=category,
            repeat_reason=reason,
        )
        try:
            actions.check_household(new)
        except ValidationError as error:
            cells.refused(error, HOUSEHOLD_FIELDS)
            read.append((cells, None, kato))
            continue
        read.append((cells, HouseholdRow(row.number, new, address_digest(address)), kato))
    territories = {
        t.kato: t
        for t in Territory.objects.filter(kato__in=katos, path__startswith=branch.territory.path)
    }
    rows: list[HouseholdRow] = []
    seen_heads: dict[str, int] = {}
    seen_addresses: dict[str, int] = {}
    for cells, found, kato in read:
        territory = territories.get(kato)
        if kato and territory is None:
            cells.problem(
                "territory",
                _("No territory with this KATO code in the branch's area: “%(value)s”.")
                % {"value": kato},
            )
        if found is None or territory is None:
            continue
        found.new.territory = territory
        if not found.new.repeat_reason:
            key = digest("iin", found.new.given.iin or "")
            if key in seen_heads:
                cells.problem(
                    "iin",
                    _("The same head of the family is already on row %(row)d.")
                    % {"row": seen_heads[key]},
                )
            else:
                seen_heads[key] = found.row
            if found.address_key in seen_addresses:
                cells.problem(
                    "address",
                    _("The same address is already on row %(row)d.")
                    % {"row": seen_addresses[found.address_key]},
                )
            elif found.address_key:
                seen_addresses[found.address_key] = found.row
        if not cells.failed:
            rows.append(found)
    against_campaign(parsed, campaign, rows)
    parsed.errors.sort(key=lambda error: error.row)
    return parsed, rows


def against_campaign(parsed: Parsed, campaign: Campaign, rows: list[HouseholdRow]) -> None:
    """The rows whose head or address the campaign already helps (without a reason given),
    a chunk at a time: one query for the heads, one for the campaign's households by head,
    one by address."""
    for chunk in batched([r for r in rows if not r.new.repeat_reason], CHUNK):
        people = dict(
            Person.objects.with_iins([r.new.given.iin or "" for r in chunk]).values_list(
                "iin_digest", "pk"
            )
        )
        by_head = dict(
            Household.objects.filter(
                campaign=campaign, repeat_reason="", head_id__in=people.values()
            ).values_list("head_id", "number")
        )
        by_address = dict(
            Household.objects.filter(
                campaign=campaign,
                repeat_reason="",
                address_digest__in=[r.address_key for r in chunk if r.address_key],
            ).values_list("address_digest", "number")
        )
        for r in chunk:
            head = people.get(digest("iin", r.new.given.iin or ""))
            if head in by_head:
                parsed.problem(r.row, "iin", actions.duplicate_head(by_head[head]).messages[0])
            if r.address_key in by_address:
                parsed.problem(
                    r.row,
                    "address",
                    actions.duplicate_address(by_address[r.address_key]).messages[0],
                )


def import_households(
    content: bytes,
    *,
    actor: User,
    campaign: Campaign,
    branch: Branch,
    progress: Progress | None = None,
) -> Imported:
    """Check every row, then register the households a chunk at a time through
    `actions.register_households`, in one transaction: all or none."""
    check_import(actor, campaign, branch)
    parsed, rows = parse_households(content, campaign, branch)
    parsed.raise_if_failed()
    people_before = Person.objects.count()
    write_in_chunks(
        parsed,
        rows,
        lambda batch: actions.register_households(
            actor=actor, campaign=campaign, branch=branch, households=[r.new for r in batch]
        ),
        columns=HOUSEHOLD_FIELDS,
        progress=progress,
    )
    return Imported({"households": len(rows), "people": Person.objects.count() - people_before})


# ---------------------------------------------------------------- deliveries


@dataclass
class DeliveryRow:
    row: int
    iin: str
    number: int | None
    new: NewDelivery | None


def parse_deliveries(content: bytes, campaign: Campaign) -> tuple[Parsed, list[DeliveryRow]]:
    parsed = Parsed()
    kinds = Vocabulary.of_choices(Kind, KIND_WORDS)
    confirmations = Vocabulary.of_choices(Delivery.Confirmation, CONFIRMATION_WORDS)
    read: list[tuple[Cells, DeliveryRow, dict[str, object]]] = []
    for row in read_rows(content, DELIVERIES, parsed):
        cells = Cells(row, parsed)
        iin = read_iin(cells)
        number = cells.number("household", places=0, largest=10**9)
        day = cells.day(
            "delivered_on", first=campaign.starts_on, last=campaign.ends_on, required=True
        )
        kind = cells.coded("kind", kinds, _("No such kind of aid: “%(value)s”."))
        if kind is not None and kind not in campaign.kinds:
            cells.problem("kind", _("The campaign gives no aid of this kind."))
        amount = whole_tenge(cells, "amount")
        delivered_by = cells.text("delivered_by", max_length=255)
        confirmation = cells.coded(
            "confirmation",
            confirmations,
            _("No such confirmation: “%(value)s”."),
            required=False,
        )
        reference = cells.text("reference", max_length=100)
        fields = {
            "delivered_on": day,
            "kind": kind,
            "amount": amount,
            "delivered_by": delivered_by,
            "confirmation": confirmation or Delivery.Confirmation.NONE,
            "reference": reference,
        }
        read.append(
            (cells, DeliveryRow(row.number, iin, int(number) if number else None, None), fields)
        )
    # The campaign's households of these heads: one query per chunk of rows.
    rows: list[DeliveryRow] = []
    for chunk in batched(read, CHUNK):
        people = dict(
            Person.objects.with_iins([r.iin for _c, r, _f in chunk if r.iin]).values_list(
                "iin_digest", "pk"
            )
        )
        households: dict[int, list[Household]] = {}
        for household in Household.objects.filter(
            campaign=campaign, head_id__in=people.values()
        ).order_by("number"):
            households.setdefault(household.head_id, []).append(household)
        for cells, found, fields in chunk:
            if not found.iin:
                continue
            theirs = households.get(people.get(digest("iin", found.iin), 0), [])
            if found.number is not None:
                theirs = [h for h in theirs if h.number == found.number]
            if not theirs:
                cells.problem(
                    "iin" if found.number is None else "household",
                    _("The campaign helps no household with this head.")
                    if found.number is None
                    else _("The campaign's household with this number has another head."),
                )
            elif len(theirs) > 1:
                cells.problem(
                    "household",
                    _("The campaign helps this head in households № %(numbers)s: write the number.")
                    % {"numbers": ", ".join(str(h.number) for h in theirs)},
                )
            if cells.failed:
                continue
            new = NewDelivery(household=theirs[0], **fields)  # type: ignore[arg-type]
            try:
                actions.check_delivery(campaign, new)
            except ValidationError as error:
                cells.refused(error, DELIVERY_FIELDS)
                continue
            found.new = new
            rows.append(found)
    within_balance(parsed, campaign, rows)
    parsed.errors.sort(key=lambda error: error.row)
    return parsed, rows


def within_balance(parsed: Parsed, campaign: Campaign, rows: list[DeliveryRow]) -> None:
    """The first row whose value the campaign's money no longer covers, named with the
    amounts."""
    received, delivered = campaign.received(), campaign.delivered()
    running = 0
    for r in rows:
        assert r.new is not None
        running += r.new.amount
        if delivered + running > received:
            refusal = actions.balance_refusal(campaign, running)
            if refusal is not None:
                parsed.problem(r.row, "amount", refusal.messages[0])
            return


def import_deliveries(
    content: bytes, *, actor: User, campaign: Campaign, progress: Progress | None = None
) -> Imported:
    """Check every row, then record the deliveries a chunk at a time through
    `actions.record_deliveries`, in one transaction: all or none."""
    check_import(actor, campaign)
    parsed, rows = parse_deliveries(content, campaign)
    parsed.raise_if_failed()
    write_in_chunks(
        parsed,
        rows,
        lambda batch: actions.record_deliveries(
            actor=actor, campaign=campaign, deliveries=[r.new for r in batch if r.new]
        ),
        columns=DELIVERY_FIELDS,
        progress=progress,
    )
    return Imported({"deliveries": len(rows)})
