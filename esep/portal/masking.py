"""What keeps people's names off the promise tracker and its open data: the names of the
people around the programme's records, to strike out of the texts staff typed (reasons,
quotes, sources) with `lib.redact.mask_personal_data`, and the publisher of a piece of
evidence as the public reads it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.utils.translation import gettext as _

from esep.access.models import User
from esep.lib.redact import mask_personal_data
from esep.org.models import Person
from esep.programme.models import Change, Evidence, Measure, Monitor, Observation


def people_names(road_maps: Iterable[int] | None = None) -> list[str]:
    """The names of the people around the road maps (all of them when None): monitors,
    responsible people, and whoever proposed, approved or recorded — so that a reason or a
    source typed with one of them in it shows [NAME] instead."""
    monitors = Monitor.objects.all()
    responsible = Measure.responsible.through.objects.all()
    if road_maps is not None:
        ids = list(road_maps)
        monitors = monitors.filter(road_map__in=ids)
        responsible = responsible.filter(measure__road_map__in=ids)
    people = Person.objects.filter(
        Q(pk__in=monitors.values("person")) | Q(pk__in=responsible.values("person"))
    )
    users = User.objects.filter(
        Q(pk__in=Change.objects.values("proposed_by"))
        | Q(pk__in=Change.objects.filter(decided_by__isnull=False).values("decided_by"))
        | Q(pk__in=Observation.objects.values("recorded_by"))
    )
    rows = [
        *people.values_list("surname", "given_name", "patronymic"),
        *users.values_list("first_name", "last_name", "person__surname", "person__given_name"),
    ]
    return sorted({part for row in rows for part in row if part})


def masked(text: str, names: Sequence[str]) -> str:
    return mask_personal_data(text or "", names)


def publisher(evidence: Evidence) -> str:
    """Who published the evidence; a citizen's report is published by a person, whose name
    is theirs to keep."""
    if evidence.kind == Evidence.Kind.CITIZEN_REPORT:
        return _("a citizen")
    return evidence.publisher
