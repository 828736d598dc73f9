"""Demo receptions for 2020–2021 in the three detailed regions, the years of the demo's
appeals: office receptions every other week and monthly mobile ones at markets, stations,
enterprises, in villages and online, with every appeal that came by a reception channel
linked to a reception of its kind (so no year shows appeals from mobile receptions beside
no mobile reception held). A few are planned for the coming weeks,
so the public schedule is never empty. Seeded, and a region that already has receptions is
skipped, with the rest of its party work: running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.demo.context import DETAILED_REGIONS, Demo, RegionWork
from esep.org.models import Branch, Person
from esep.receptions import actions as receptions
from esep.receptions.models import Reception

FIRST_DAY, LAST_DAY = dt.date(2020, 1, 6), dt.date(2021, 12, 20)  # Mondays

# Where mobile receptions are held: the kind of place, which the schedule names in the
# reader's language («Рынок: …», "Market: …"), and the place's own name, which reads the same
# in every language — never a description in one language on everyone's schedule.
MOBILE_PLACES = [
    ("market", "«{name}»", ["Көк базар", "Алтын Орда", "Шапағат", "Береке", "Нұр", "Жібек жолы"]),
    ("station", "«{name}»", ["Атырау", "Қостанай", "Тобыл", "Құлсары", "Жетіген", "Арқалық"]),
    ("enterprise", "«{name}»", ["Самұрық", "Тұлпар", "Бәйтерек", "Сұңқар", "Ақжайық", "Каспий"]),
    ("settlement", "{name}", ["Ақжар", "Көктерек", "Жаңаталап", "Бірлік", "Қарабау", "Есіл"]),
    ("online", "https://meet.esep.kz/{code}", ["", "", "", "", "", ""]),
]


def _staff(region: str, role: str) -> User | None:
    return User.objects.filter(grants__branch__code=region, grants__role=role).first()


def _receivers(branch: Branch, rng: random.Random) -> list[Person]:
    holders = list(Person.objects.office_holders([branch.path])[:12])
    return rng.sample(holders, min(2, len(holders))) if holders else []


def _at(branch: Branch, day: dt.date, hour: int) -> tuple[dt.datetime, dt.datetime]:
    return receptions.local_times(branch.territory, day, dt.time(hour), dt.time(hour + 3))


def build_receptions(branch: Branch, officer: User, rng: random.Random) -> int:
    receivers = _receivers(branch, rng)
    if not receivers:
        return 0
    made: list[Reception] = []
    day, n = FIRST_DAY + dt.timedelta(days=2), 0  # Wednesdays
    while day <= LAST_DAY:
        if n % 2 == 0:
            starts, ends = _at(branch, day, 10)
            made.append(
                receptions.plan_reception(
                    actor=officer,
                    branch=branch,
                    territory=branch.territory,
                    kind="office",
                    place_type="office",
                    address=branch.address or branch.name_kk,
                    starts_at=starts,
                    ends_at=ends,
                    receivers=receivers,
                )
            )
        if n % 4 == 1:
            place, venue, names = rng.choice(MOBILE_PLACES)
            name = rng.choice(names)
            starts, ends = _at(branch, day + dt.timedelta(days=1), 9)
            made.append(
                receptions.plan_reception(
                    actor=officer,
                    branch=branch,
                    territory=branch.territory,
                    kind="mobile",
                    place_type=place,
                    address=venue.format(name=name, code=f"{branch.code}-{n}"),
                    starts_at=starts,
                    ends_at=ends,
                    receivers=receivers,
                )
            )
        day += dt.timedelta(days=7)
        n += 1
    # The appeals brought at receptions belong to the nearest reception of their kind.
    by_kind = {
        "reception_office": [r for r in made if r.kind == "office"],
        "mobile_reception": [r for r in made if r.kind == "mobile"],
    }
    for appeal in Appeal.objects.filter(branch=branch, channel__in=by_kind, reception=None):
        nearest = min(
            by_kind[appeal.channel],
            key=lambda r: abs((r.starts_at - appeal.received_at).total_seconds()),
            default=None,
        )
        if nearest is not None:
            Appeal.objects.filter(pk=appeal.pk).update(reception=nearest)
    for reception in made:
        registered = reception.appeals.count()
        if registered == 0 and rng.random() < 0.04:
            receptions.cancel_reception(
                actor=officer, reception=reception, reason="Ауа райы қолайсыз (боран)."
            )
            continue
        extra = rng.randrange(2, 30 if reception.kind == "mobile" else 15)
        receptions.record_held(
            actor=officer, reception=reception, people_received=registered + extra
        )
    # And the coming weeks, for the public schedule.
    today = timezone.localdate()
    for offset in (2, 9):
        place, venue, names = MOBILE_PLACES[offset % 3]
        starts, ends = _at(branch, today + dt.timedelta(days=offset), 10)
        receptions.plan_reception(
            actor=officer,
            branch=branch,
            territory=branch.territory,
            kind="mobile",
            place_type=place,
            address=venue.format(name=rng.choice(names), code=branch.code),
            starts_at=starts,
            ends_at=ends,
            receivers=receivers,
        )
    return len(made) + 2


@transaction.atomic
def build(demo: Demo) -> None:
    for code in DETAILED_REGIONS.values():
        region = Branch.objects.select_related("territory").filter(code=code).first()
        officer, head = _staff(code, "reception_officer"), _staff(code, "branch_head")
        if (
            region is None
            or officer is None
            or Reception.objects.filter(branch__path__startswith=region.path).exists()
        ):
            continue
        rng = random.Random(f"work:{code}")
        for branch in (
            Branch.objects.filter(path__startswith=region.path)
            .exclude(kind=Branch.Kind.PRIMARY)
            .select_related("territory")
            .order_by("path")
        ):
            demo.receptions += build_receptions(branch, officer, rng)
        demo.work[code] = RegionWork(region=region, officer=officer, head=head or officer, rng=rng)
