"""What the registry's pages read: the records a user sees, what the lists add to their rows
(a body's current convocation and the party's deputies in office, a mandate's posts), a
deputy's attendance in sum, and the lists' columns (one definition for the page and its
export). A deputy is shown by name only: the registry carries the public fields of a
mandate, never personal data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from esep.deputies.models import (
    Attendance,
    Convocation,
    Mandate,
    MandatePost,
    RepresentativeBody,
    Sitting,
)
from esep.lib.tables import Column
from esep.org.models import subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User

M = TypeVar("M", bound=QuerySet)


# ---------------------------------------------------------------- what a user sees


def work_visible_to(records: M, user: User) -> M:
    """A deputy's records of work (inquiries, initiatives, reports to voters) to those who
    see the work of the body's branch, and to the deputy themselves."""
    scope = subtree_q(
        user.scope_paths(Capability.VIEW_WORK), "mandate__convocation__body__branch__path"
    )
    if getattr(user, "person_id", None) is not None:
        scope |= Q(mandate__person_id=user.person_id)
    return records.filter(scope)


def bodies_visible_to(user: User) -> QuerySet[RepresentativeBody]:
    """The bodies the user sees, and those the user sits in."""
    scope = Q(pk__in=RepresentativeBody.objects.visible_to(user).values("pk"))
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        scope |= Q(pk__in=Mandate.objects.filter(person_id=person_id).values("convocation__body"))
    return RepresentativeBody.objects.filter(scope)


def convocations_visible_to(user: User) -> QuerySet[Convocation]:
    """The convocations of the bodies the user sees, and those the user sits in (their
    secretary records the sittings)."""
    scope = Q(body__in=RepresentativeBody.objects.visible_to(user).values("pk"))
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        scope |= Q(pk__in=Mandate.objects.filter(person_id=person_id).values("convocation"))
    return Convocation.objects.filter(scope)


def sittings_visible_to(user: User) -> QuerySet[Sitting]:
    return Sitting.objects.filter(convocation__in=convocations_visible_to(user).values("pk"))


def sees_work(user: User, mandate: Mandate) -> bool:
    """Whether the user sees the deputy's recorded work: their branch's staff, or the
    deputy."""
    own = getattr(user, "person_id", None) == mandate.person_id
    return own or user.can(Capability.VIEW_WORK, mandate.convocation.body.branch.path)


# ---------------------------------------------------------------- what rows add


def in_office_on(mandates: QuerySet[Mandate], day: dt.date) -> QuerySet[Mandate]:
    """Mandates held on the day, within their convocation's term."""
    return mandates.in_office(day).filter(  # type: ignore[attr-defined]
        Q(convocation__ended_on__isnull=True) | Q(convocation__ended_on__gte=day),
        convocation__started_on__lte=day,
    )


def current_convocation(body: RepresentativeBody, today: dt.date) -> Convocation | None:
    """The body's latest convocation that has begun (its first one to come if none has)."""
    convocations = body.convocations.order_by("-number")
    return convocations.filter(started_on__lte=today).first() or convocations.last()


def with_current_convocation(
    bodies: QuerySet[RepresentativeBody], today: dt.date
) -> QuerySet[RepresentativeBody]:
    """Each body with its current convocation's number and seats, and how many deputies of
    the party esep serves hold a mandate in it today."""
    current = Convocation.objects.filter(body=OuterRef("pk"), started_on__lte=today).order_by(
        "-number"
    )
    party = (
        in_office_on(Mandate.objects.of_own_party(), today)
        .filter(convocation__body=OuterRef("pk"))
        .order_by()
        .values("convocation__body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return bodies.annotate(
        current_number=Subquery(current.values("number")[:1]),
        current_seats=Subquery(current.values("seats")[:1]),
        party_in_office=Coalesce(
            Subquery(party, output_field=IntegerField()), Value(0), output_field=IntegerField()
        ),
    )


def current_posts(mandate: Mandate) -> list[MandatePost]:
    """The posts the deputy holds now (from the prefetched `posts`)."""
    return [post for post in mandate.posts.all() if post.ended_on is None]


def posts_text(mandate: Mandate) -> str:
    return "; ".join(str(post) for post in current_posts(mandate))


def faction_text(mandate: Mandate) -> str:
    """The faction the mandate makes its holder a member of, while they are."""
    post = mandate.faction_post
    if post is None:
        return ""
    if post.ended_on is not None:
        return str(_("member until %(day)s") % {"day": post.ended_on.strftime("%d.%m.%Y")})
    return str(post.body.get_kind_display())


def attendance_summary(mandate: Mandate) -> dict[str, Any]:
    """How the deputy attended their convocation's sittings: each mark's count, and the
    share present of those marked."""
    counts = dict(
        Attendance.objects.filter(mandate=mandate)
        .order_by()
        .values_list("mark")
        .annotate(n=Count("pk"))
    )
    marked = sum(counts.values())
    return {
        "marks": [(label, counts.get(mark, 0)) for mark, label in Attendance.Mark.choices],
        "marked": marked,
        "share": round(100 * counts.get(Attendance.Mark.PRESENT, 0) / marked) if marked else None,
    }


def mandate_kind(mandate: Mandate) -> str:
    kind = str(mandate.get_kind_display())
    return f"{kind}, {mandate.district}" if mandate.district else kind


def described(request: Any, mandates: list[Mandate]) -> list[Mandate]:
    """A mandates list's `rows`: each given the texts its row shows (kind and district, the
    faction, the posts held now), from what was read with the page."""
    for mandate in mandates:
        mandate.kind_text = mandate_kind(mandate)  # type: ignore[attr-defined]
        mandate.faction_text = faction_text(mandate)  # type: ignore[attr-defined]
        mandate.posts_text = posts_text(mandate)  # type: ignore[attr-defined]
    return mandates


# ---------------------------------------------------------------- columns

BODY_COLUMNS = [
    Column(_("Code"), lambda b: b.code),
    Column(_("Representative body"), lambda b: b.name),
    Column(_("Level"), lambda b: b.get_level_display()),
    Column(_("Territory"), lambda b: b.territory.name),
    Column(_("Branch"), lambda b: b.branch.name),
    Column(_("Current convocation"), lambda b: b.current_number),
    Column(_("Seats"), lambda b: b.current_seats),
    Column(_("The party's deputies in office"), lambda b: b.party_in_office),
]

MANDATE_COLUMNS = [
    Column(_("Deputy"), lambda m: m.person.full_name),
    Column(_("Representative body"), lambda m: m.convocation.body.name),
    Column(_("Convocation"), lambda m: m.convocation.number),
    Column(_("Mandate"), mandate_kind),
    Column(_("Party"), lambda m: m.party.name if m.party else _("Self-nominated")),
    Column(_("Faction"), faction_text),
    Column(_("Posts"), posts_text),
    Column(_("Mandate start"), lambda m: m.started_on),
    Column(_("Mandate end"), lambda m: m.ended_on),
    Column(_("How it ended"), lambda m: m.get_end_reason_display()),
]


def _deputy_columns() -> list[Column]:
    return [
        Column(_("Deputy"), lambda r: r.mandate.person.full_name),
        Column(_("Representative body"), lambda r: r.mandate.convocation.body.name),
    ]


INQUIRY_COLUMNS = [
    *_deputy_columns(),
    Column(_("State body"), lambda i: i.state_body.name),
    Column(_("Subject"), lambda i: i.subject),
    Column(_("Sent on"), lambda i: i.sent_on),
    Column(_("Answered on"), lambda i: i.answered_on),
]

INITIATIVE_COLUMNS = [
    *_deputy_columns(),
    Column(_("Kind"), lambda i: i.get_kind_display()),
    Column(_("Title"), lambda i: i.title),
    Column(_("Submitted on"), lambda i: i.submitted_on),
    Column(_("Outcome"), lambda i: i.get_outcome_display()),
]

VOTER_REPORT_COLUMNS = [
    *_deputy_columns(),
    Column(_("Held on"), lambda r: r.held_on),
    Column(_("Place"), lambda r: r.place),
    Column(_("People attending"), lambda r: r.people_attending),
]
