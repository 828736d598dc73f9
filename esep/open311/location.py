"""Where a report is: the territory for a point, an address string or a KATO code.

Territories carry only the rough centre of their seat (esep/org/data/territories.csv), not
their borders: a point goes to the territory whose centre is nearest, among the deepest
territories that have one, and only within MAX_DISTANCE_KM of it."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from esep.org.models import Territory

MAX_DISTANCE_KM = 150
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    kato: str
    path: str
    latitude: float
    longitude: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def places() -> list[Place]:
    """Territories with a centre, ordered by path."""
    rows = (
        Territory.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("path")
        .values_list("kato", "path", "latitude", "longitude")
    )
    return [Place(kato, path, float(lat), float(lon)) for kato, path, lat, lon in rows]


def deepest(ordered: list[Place]) -> list[Place]:
    """Those with no territory below them that has a centre: in path order a node's
    descendants follow it directly, so a node is deepest unless the next one lies under it."""
    inner = {a.path for a, b in itertools.pairwise(ordered) if b.path.startswith(a.path)}
    return [place for place in ordered if place.path not in inner]


def parse_coordinate(text: str, limit: int) -> float:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or abs(value) > limit:
        raise ValidationError(_("lat and long must be decimal degrees (WGS 84)."), code="bad_point")
    return float(value)


def territory_near(latitude: str, longitude: str) -> Territory:
    lat, lon = parse_coordinate(latitude, 90), parse_coordinate(longitude, 180)
    candidates = deepest(places())
    nearest = min(
        candidates,
        key=lambda place: distance_km(lat, lon, place.latitude, place.longitude),
        default=None,
    )
    if (
        nearest is None
        or distance_km(lat, lon, nearest.latitude, nearest.longitude) > MAX_DISTANCE_KM
    ):
        raise ValidationError(
            _(
                "This point lies outside the territories esep serves "
                "(more than %(km)s km from the nearest centre)."
            ),
            params={"km": MAX_DISTANCE_KM},
            code="too_far",
        )
    return Territory.objects.get(kato=nearest.kato)


def served() -> Q:
    """Territories a report can be about: all but the country as a whole."""
    return Q(depth__gt=1)


def territory_by_kato(code: str) -> Territory:
    territory = Territory.objects.filter(served(), kato=code.strip()).first()
    if territory is None:
        raise ValidationError(
            _("No territory has the KATO code %(code)s."),
            params={"code": code.strip()},
            code="unknown_kato",
        )
    return territory


def territory_named(text: str) -> Territory:
    """The territory named so in any language, letter case aside: an exact name first,
    then names containing the text, then names the text contains ("Abay 10, Atyrau").
    Matches that all lie on one line of the tree (a region and its town) give the deepest;
    others are ambiguous. Compared in Python: SQLite folds the case of ASCII letters only."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        raise ValidationError(_("address_string is empty."), code="no_address")
    rows = Territory.objects.filter(served()).values_list(
        "pk", "path", "name_kk", "name_ru", "name_en"
    )
    named = [(pk, path, {n.casefold() for n in names if n}) for pk, path, *names in rows]
    tests = (
        lambda names: wanted in names,
        lambda names: any(wanted in name for name in names),
        lambda names: any(name in wanted for name in names),
    )
    for test in tests:
        found = sorted((path, pk) for pk, path, names in named if test(names))
        if found and all(b[0].startswith(a[0]) for a, b in itertools.pairwise(found)):
            return Territory.objects.get(pk=found[-1][1])
        if found:
            raise ValidationError(
                _("Several territories match “%(text)s”: give address_id (a KATO code) instead."),
                params={"text": text.strip()},
                code="ambiguous_address",
            )
    raise ValidationError(
        _("No territory matches “%(text)s”: give address_id (a KATO code) or lat and long."),
        params={"text": text.strip()},
        code="unknown_address",
    )


def locate(
    *,
    latitude: str = "",
    longitude: str = "",
    address_id: str = "",
    address_string: str = "",
    territory_code: str = "",
) -> Territory:
    """The territory of a report, from the first given of: a point, a KATO code, an
    address, the `territory` attribute (a KATO code from the service definition)."""
    if latitude.strip() or longitude.strip():
        return territory_near(latitude, longitude)
    if address_id.strip():
        return territory_by_kato(address_id)
    if address_string.strip():
        return territory_named(address_string)
    if territory_code.strip():
        return territory_by_kato(territory_code)
    raise ValidationError(
        _("Give the place: lat and long, address_string, address_id or attribute[territory]."),
        code="no_location",
    )
