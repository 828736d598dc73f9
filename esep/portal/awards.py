"""The public list of the party's awards: the ceremonies at which awards were granted, and
each ceremony's awards — per award the number granted, and the names of only those of the
awarded who consented to have them published ("and N more" for the others).

Nothing else about anyone: a person is read with their name's columns alone
(`rating.NAME_FIELDS`), and only for the nominations granted with consent, so no IIN, birth
date, phone, address, nominating grounds or certificate number is even loaded, and no name
given without consent can reach the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from esep.awards.models import Award, Ceremony, Nomination
from esep.lib.listing import paged
from esep.portal.rating import NAME_FIELDS

GRANTED = Q(nominations__status=Nomination.Status.GRANTED)


def _ceremonies():
    """The ceremonies at which at least one award was granted."""
    return (
        Ceremony.objects.annotate(granted=Count("nominations", filter=GRANTED))
        .filter(granted__gt=0)
        .select_related("branch")
        .only(
            "id",
            "title",
            "held_on",
            "place",
            "branch__name_kk",
            "branch__name_ru",
            "branch__name_en",
        )
    )


def ceremonies(request: HttpRequest) -> HttpResponse:
    page = paged(_ceremonies().order_by("-held_on", "-pk"), request)
    return render(request, "portal/awards.html", {"page": page})


@dataclass(frozen=True)
class Granted:
    award: Award
    count: int
    names: list[str]  # of those who consented to publication

    @property
    def more(self) -> int:
        return self.count - len(self.names)


def ceremony(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_object_or_404(_ceremonies(), pk=pk)
    granted = Nomination.objects.filter(ceremony=held, status=Nomination.Status.GRANTED)
    counts = dict(granted.values_list("award").annotate(n=Count("pk")).order_by())
    named: dict[int, list[str]] = {}
    consented = (
        granted.filter(consent_to_publish=True)
        .values_list("award_id", *(f"person__{name}" for name in NAME_FIELDS))
        .order_by("person__surname", "person__given_name", "pk")
    )
    for award_id, *names in consented:
        named.setdefault(award_id, []).append(" ".join(n for n in names if n))
    awards = [
        Granted(award, counts[award.pk], named.get(award.pk, []))
        for award in Award.objects.filter(pk__in=counts).order_by("kind", "code")
    ]
    return render(request, "portal/awards_ceremony.html", {"ceremony": held, "awards": awards})
