"""The party's own democracy as figures (`conferences.*`, `bodies.*`, `primaries.*`,
`factions.*`): the report-election conferences held, their delegates and how many took part,
the seats of the party's bodies they elected; the primaries' registered candidates, who took
part in their vote, and the lists they made — renewed against the previous convocation and
how young; and how far the factions were renewed.

Conferences and primaries are placed by their branch (and its territory), seen with VIEW_ORG
over the branch subtree as their pages are; the factions' mandates as the deputies' are (the
representative body's branch, VIEW_WORK). The registry (`registry.py`) imports this module
and reads these figures from `figures()` when it is first built; this module binds only the
registry module and reads its classes when `figures()` runs, so the two import each other
safely. They are computed, broken down and drilled into as every other figure.

Birth dates are encrypted: whether a candidate on a list was young is worked out in Python
over the list's places (`esep.assemblies.actions.list_entries`, the list rules' own reading),
never in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.actions import list_entries
from esep.assemblies.models import (
    Campaign,
    Candidate,
    Conference,
    Delegate,
    Option,
    Participation,
    Place,
    Poll,
)
from esep.deputies.models import Convocation, Mandate
from esep.figures import registry
from esep.org.roles import Capability

# The figures in the order they are listed (the registry keeps this order).
ASSEMBLIES = [
    "conferences.held",
    "conferences.delegates",
    "conferences.delegates_present",
    "conferences.quorum_share",
    "bodies.elected_seats",
    "primaries.candidates",
    "primaries.participants",
    "primaries.places",
    "primaries.places_young",
    "primaries.young_share",
    "primaries.places_compared",
    "primaries.places_new",
    "primaries.list_renewal_share",
    "factions.mandates_compared",
    "factions.mandates_new",
    "factions.renewal_share",
]
# What the drill-down joins to show each source's records.
RELATED = {
    "conferences": ("branch",),
    "delegates": ("person", "branch", "conference"),
    "elected": ("person", "poll__item__conference"),
    "candidates": ("person", "campaign", "nominated_by"),
    "participations": ("person", "poll__campaign"),
    "places": ("candidate__person", "campaign"),
}


def _seen_in(field_name: str) -> Any:
    """The records of the branches whose organisation the user sees (VIEW_ORG over the
    branch subtree), as the conferences' and primaries' own pages show them."""
    return lambda user: user.scope_q(Capability.VIEW_ORG, field_name, joined=True)


def _conferences() -> registry.Source:
    return registry.Source(
        name="conferences",
        records=lambda: Conference.objects.all(),
        visible=lambda user: Conference.objects.visible_to(user),
        date="held_on",
        branch="branch",
        seen_by=Capability.VIEW_ORG,
        territory="branch__territory",
    )


def _delegates() -> registry.Source:
    """Delegates on the roll of closed conferences, placed by their conference; by channel:
    how they registered (in the hall, online, not at all)."""
    closed = Q(conference__state=Conference.State.CLOSED)
    return registry.Source(
        name="delegates",
        records=lambda: Delegate.objects.filter(closed),
        visible=lambda user: Delegate.objects.filter(closed, _seen_in("conference__branch")(user)),
        date="conference__held_on",
        branch="conference__branch",
        seen_by=Capability.VIEW_ORG,
        territory="conference__branch__territory",
        fields={"channel": "attendance"},
    )


_CONFERENCE = "poll__item__conference"


def _elected() -> registry.Source:
    """Candidates elected to a party body: the options that passed in certified elections of
    a body at a conference, placed by the conference; by type: the body elected."""
    elected = Q(
        poll__item__isnull=False,
        poll__kind=Poll.Kind.ELECTION,
        poll__state=Poll.State.CERTIFIED,
        passed=True,
    ) & ~Q(poll__body_kind="")
    return registry.Source(
        name="elected",
        records=lambda: Option.objects.filter(elected),
        visible=lambda user: Option.objects.filter(
            elected, _seen_in(f"{_CONFERENCE}__branch")(user)
        ),
        date=f"{_CONFERENCE}__held_on",
        branch=f"{_CONFERENCE}__branch",
        seen_by=Capability.VIEW_ORG,
        territory=f"{_CONFERENCE}__branch__territory",
        fields={"kind": "poll__body_kind"},
    )


def _of_campaigns(name: str, model: Any, prefix: str, where: Q | None = None) -> registry.Source:
    """A record of primaries (`prefix`: the path to its campaign), placed by the campaign's
    branch and the day of its vote."""
    where = where if where is not None else Q()
    return registry.Source(
        name=name,
        records=lambda: model.objects.filter(where),
        visible=lambda user: model.objects.filter(where, _seen_in(f"{prefix}__branch")(user)),
        date=f"{prefix}__vote_on",
        branch=f"{prefix}__branch",
        seen_by=Capability.VIEW_ORG,
        territory=f"{prefix}__branch__territory",
    )


def _young(records: QuerySet, scope: Any, period: Any, today: dt.date) -> Q:
    """The places whose candidate was under ESEP_YOUNG_AGE on the day of the primaries' vote:
    read as the list rules read them (`list_entries`), a list at a time, in Python."""
    by_campaign: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, campaign, person in records.values_list("pk", "campaign", "candidate__person"):
        by_campaign[campaign].append((pk, person))
    young = []
    for campaign in Campaign.objects.filter(pk__in=list(by_campaign)):
        places = by_campaign[campaign.pk]
        entries = list_entries(campaign, [person for _pk, person in places])
        young += [pk for (pk, _person), entry in zip(places, entries, strict=True) if entry.young]
    return Q(pk__in=sorted(young))


def _new_on_the_list(today: dt.date) -> Q:
    """Of the places of lists that renew a convocation, those whose candidate held no mandate
    of the own party in it."""
    held = Mandate.objects.of_own_party().filter(
        convocation=OuterRef("campaign__previous"), person=OuterRef("candidate__person")
    )
    return Q(campaign__previous__isnull=False) & ~Q(Exists(held))


def _previous(prefix: str = "") -> dict[str, Any]:
    """The convocation before the mandate's own (its number less one) of the same body."""
    return {
        f"{prefix}body": OuterRef("convocation__body"),
        f"{prefix}number": OuterRef("convocation__number") - 1,
    }


def _compared(today: dt.date) -> Q:
    """The own party's mandates in a convocation whose body's previous one is recorded."""
    return Q(Exists(Convocation.objects.filter(**_previous())))


def _new_in_faction(today: dt.date) -> Q:
    held = Mandate.objects.of_own_party().filter(
        person=OuterRef("person"), **_previous("convocation__")
    )
    return _compared(today) & ~Q(Exists(held))


def figures() -> list[registry.Figure]:
    Figure, Unit = registry.Figure, registry.Unit
    conferences, delegates, elected = _conferences(), _delegates(), _elected()
    candidates = _of_campaigns(
        "candidates", Candidate, "campaign", Q(state=Candidate.State.REGISTERED)
    )
    participations = _of_campaigns(
        "participations", Participation, "poll__campaign", Q(poll__campaign__isnull=False)
    )
    places = _of_campaigns("places", Place, "campaign")
    mandates = registry._mandates()  # the deputies' own: the party's mandates
    registered = ~Q(attendance=Delegate.Attendance.ABSENT)
    return [
        Figure(
            "conferences.held",
            _("Conferences held"),
            _("Conferences of the party's branches held in the period and closed."),
            Unit.COUNT,
            conferences,
            lambda today: Q(state=Conference.State.CLOSED),
        ),
        Figure(
            "conferences.delegates",
            _("Conference delegates"),
            _("Delegates on the rolls of the conferences held in the period, added up."),
            Unit.PEOPLE,
            delegates,
        ),
        Figure(
            "conferences.delegates_present",
            _("Delegates present"),
            _(
                "Of the delegates of the conferences held in the period, those registered at "
                "their conference, in the hall or online."
            ),
            Unit.PEOPLE,
            delegates,
            lambda today: registered,
        ),
        Figure(
            "conferences.quorum_share",
            _("Delegates' attendance at conferences"),
            _("Delegates present as a share of the delegates on the conferences' rolls."),
            Unit.PERCENT,
            numerator="conferences.delegates_present",
            denominator="conferences.delegates",
        ),
        Figure(
            "bodies.elected_seats",
            _("Seats of party bodies elected"),
            _(
                "Members elected to the party's bodies (political councils, bureaus, audit "
                "commissions) by certified elections at the conferences held in the period."
            ),
            Unit.PEOPLE,
            elected,
        ),
        Figure(
            "primaries.candidates",
            _("Primaries' candidates"),
            _("Candidates registered in the primaries whose vote was in the period."),
            Unit.PEOPLE,
            candidates,
        ),
        Figure(
            "primaries.participants",
            _("Primaries' participants"),
            _("Members and electors who voted in the primaries whose vote was in the period."),
            Unit.PEOPLE,
            participations,
        ),
        Figure(
            "primaries.places",
            _("Places on the primaries' lists"),
            _("Places on the lists formed by the primaries whose vote was in the period."),
            Unit.PEOPLE,
            places,
        ),
        Figure(
            "primaries.places_young",
            _("Young candidates on the primaries' lists"),
            _(
                "Places on the primaries' lists whose candidate was under the young age (35) on "
                "the day of the vote."
            ),
            Unit.PEOPLE,
            places,
            select=_young,
        ),
        Figure(
            "primaries.young_share",
            _("Share of young candidates on the lists"),
            _("Young candidates as a share of the places on the lists the primaries formed."),
            Unit.PERCENT,
            numerator="primaries.places_young",
            denominator="primaries.places",
        ),
        Figure(
            "primaries.places_compared",
            _("Places on lists that renew a convocation"),
            _(
                "Places on the lists formed by the primaries whose vote was in the period, of "
                "the primaries that name the convocation their list renews."
            ),
            Unit.PEOPLE,
            places,
            lambda today: Q(campaign__previous__isnull=False),
        ),
        Figure(
            "primaries.places_new",
            _("New candidates on the lists"),
            _(
                "Of the places on lists that renew a convocation, those whose candidate held no "
                "mandate of the party in that convocation."
            ),
            Unit.PEOPLE,
            places,
            _new_on_the_list,
        ),
        Figure(
            "primaries.list_renewal_share",
            _("Renewal of the party lists"),
            _(
                "New candidates as a share of the places on the primaries' lists that renew a "
                "convocation."
            ),
            Unit.PERCENT,
            numerator="primaries.places_new",
            denominator="primaries.places_compared",
        ),
        Figure(
            "factions.mandates_compared",
            _("Faction mandates of a new convocation"),
            _(
                "Mandates of the party's deputies that began in the period, in convocations "
                "whose body's previous convocation is recorded."
            ),
            Unit.PEOPLE,
            mandates,
            _compared,
            date="started_on",
        ),
        Figure(
            "factions.mandates_new",
            _("New deputies in the factions"),
            _(
                "Of the party's mandates that began in the period in a convocation whose "
                "previous one is recorded, those of deputies who held no mandate of the party "
                "in that previous convocation."
            ),
            Unit.PEOPLE,
            mandates,
            _new_in_faction,
            date="started_on",
        ),
        Figure(
            "factions.renewal_share",
            _("Renewal of the factions"),
            _(
                "New deputies as a share of the party's mandates that began in the period in a "
                "convocation whose previous one is recorded."
            ),
            Unit.PERCENT,
            numerator="factions.mandates_new",
            denominator="factions.mandates_compared",
        ),
    ]
