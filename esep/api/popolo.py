"""The deputies as open data in Popolo JSON (popoloproject.com): `GET /api/v1/popolo.json`,
public, no token. One document with each class of records in its list, related by ids:

- `persons`: every deputy of the bodies exported — their name only (full, family, given,
  the patronymic as `additional_name` and `patronymic_name`) and, in `links`, the address
  of their public profile page; never an IIN, a birth date, a gender or contact details;
- `organizations`: the representative bodies (`legislature`), their committees
  (`committee`), the party's factions in them (`faction`: the branch's collegial body of
  kind maslikhat_faction or mazhilis_faction) and the parties (`party`);
- `events`: the bodies' convocations (`legislative period`);
- `memberships`: a mandate (a deputy in a body for a convocation, for a party, in the
  body's area, with `legislative_period_id` as EveryPolitician's files have it), each post
  held (chair, secretary, a committee's chair or member) and each faction post;
- `posts`: the chair and the secretary of every body and the chair of every committee;
- `areas`: the bodies' KATO territories and the territories above them.

Names are in the language of Accept-Language (Kazakh by default), the other languages in
`other_names` (their `note` the language's code). `?body=CODE` exports one body.

The document is read in a handful of queries whatever the number of deputies, only the
columns it shows (a person's encrypted fields are never read). The JSON Schemas it is
checked against are in `schemas/popolo/`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esep.api.errors import NotFoundIn
from esep.api.filtering import unreadable
from esep.api.forms import CODE
from esep.deputies.models import (
    Convocation,
    Mandate,
    MandatePost,
    Party,
    Position,
    RepresentativeBody,
)
from esep.lib.i18n import in_language
from esep.org.models import Body, Post, Territory

LANGUAGES = ("kk", "ru", "en")
FACTIONS = (Body.Kind.MASLIKHAT_FACTION, Body.Kind.MAZHILIS_FACTION)
Record = dict[str, Any]


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _names(record: Any, field: str = "name") -> tuple[str, list[Record]]:
    """The name in the active language, and the names in every language as other names."""
    others = [
        {"name": value, "note": language}
        for language in LANGUAGES
        if (value := getattr(record, f"{field}_{language}", ""))
    ]
    return in_language(record, field), others


def _clean(record: Record) -> Record:
    """Without the properties that have no value (Popolo leaves unknown ones out)."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


class Export:
    """The Popolo document of the given bodies, built from a few queries; `profile` gives
    a person's public profile page (its absolute address) from their id."""

    def __init__(
        self,
        bodies: QuerySet[RepresentativeBody],
        profile: Callable[[int], str] | None = None,
    ) -> None:
        self.profile = profile
        self.bodies = list(bodies.select_related("territory").order_by("level", "code"))
        self.by_pk = {body.pk: body for body in self.bodies}
        self.persons: dict[int, Record] = {}
        self.sorting: dict[int, tuple[str, str, str, int]] = {}
        self.organizations: dict[str, Record] = {}
        self.memberships: list[Record] = []
        self.posts: dict[str, Record] = {}
        self.events: list[Record] = []

    # ---------------------------------------------------------------- ids

    @staticmethod
    def body_id(body: RepresentativeBody) -> str:
        return f"body/{body.code}"

    @staticmethod
    def area_id(territory: Territory) -> str:
        return f"kato/{territory.kato}"

    @staticmethod
    def person_id(pk: int) -> str:
        return f"person/{pk}"

    # ---------------------------------------------------------------- the document

    def document(self) -> dict[str, list[Record]]:
        chosen = [body.pk for body in self.bodies]
        convocations = self._convocations(chosen)
        parties = {party.pk: party for party in Party.objects.order_by("-is_own", "code")}
        used_parties = self._mandates(chosen, convocations, parties)
        self._posts(chosen)
        own = next((party for party in parties.values() if party.is_own), None)
        if self._factions(chosen, own) and own is not None:
            used_parties.add(own.pk)
        for pk in sorted(used_parties, key=lambda pk: parties[pk].code):
            self._party(parties[pk])
        return {
            "persons": [
                self.persons[pk] for pk in sorted(self.persons, key=self.sorting.__getitem__)
            ],
            "organizations": list(self.organizations.values()),
            "memberships": self.memberships,
            "posts": list(self.posts.values()),
            "areas": self._areas(),
            "events": self.events,
        }

    def _convocations(self, chosen: list[int]) -> dict[int, Convocation]:
        convocations = {
            c.pk: c for c in Convocation.objects.filter(body__in=chosen).order_by("body", "number")
        }
        for body in self.bodies:
            name, others = _names(body)
            self.organizations[self.body_id(body)] = _clean(
                {
                    "id": self.body_id(body),
                    "name": name,
                    "other_names": others,
                    "identifiers": [{"scheme": "esep", "identifier": body.code}],
                    "classification": "legislature",
                    "area_id": self.area_id(body.territory),
                }
            )
            for post in (Position.CHAIR, Position.SECRETARY):
                self._post(body, post)
        for convocation in convocations.values():
            body = self.by_pk[convocation.body_id]
            self.events.append(
                _clean(
                    {
                        "id": self._period_id(body, convocation.number),
                        "name": _("%(body)s, convocation %(number)s")
                        % {"body": body.name, "number": convocation.number},
                        "classification": "legislative period",
                        "organization_id": self.body_id(body),
                        "start_date": _day(convocation.started_on),
                        "end_date": _day(convocation.ended_on),
                    }
                )
            )
        return convocations

    def _period_id(self, body: RepresentativeBody, number: int) -> str:
        return f"convocation/{body.code}/{number}"

    def _person(self, row: Any) -> None:
        pk = row["person_id"]
        if pk in self.persons:
            return
        surname, given, patronymic = (
            row["person__surname"],
            row["person__given_name"],
            row["person__patronymic"],
        )
        full = " ".join(part for part in (surname, given, patronymic) if part)
        self.persons[pk] = _clean(
            {
                "id": self.person_id(pk),
                "name": full,
                "family_name": surname,
                "given_name": given,
                "additional_name": patronymic,
                "patronymic_name": patronymic,
                "sort_name": full,
                "links": (
                    [{"url": self.profile(pk), "note": _("The deputy's public profile")}]
                    if self.profile
                    else []
                ),
            }
        )
        self.sorting[pk] = (surname, given, patronymic, pk)

    def _mandates(
        self,
        chosen: list[int],
        convocations: dict[int, Convocation],
        parties: dict[int, Party],
    ) -> set[int]:
        """A membership of the body for each mandate; the parties they were held for."""
        rows = (
            Mandate.objects.filter(convocation__body__in=chosen)
            .order_by("convocation__body", "convocation__number", "pk")
            .values(
                "pk",
                "person_id",
                "person__surname",
                "person__given_name",
                "person__patronymic",
                "convocation_id",
                "kind",
                "district",
                "party_id",
                "started_on",
                "ended_on",
            )
        )
        kinds = dict(Mandate.Kind.choices)
        used: set[int] = set()
        for row in rows:
            self._person(row)
            convocation = convocations[row["convocation_id"]]
            body = self.by_pk[convocation.body_id]
            label = str(kinds[row["kind"]])
            if row["district"]:
                label = f"{label}: {row['district']}"
            if row["party_id"]:
                used.add(row["party_id"])
            self.memberships.append(
                _clean(
                    {
                        "id": f"mandate/{row['pk']}",
                        "label": capfirst(label),
                        "role": "member",
                        "person_id": self.person_id(row["person_id"]),
                        "organization_id": self.body_id(body),
                        "on_behalf_of_id": (
                            f"party/{parties[row['party_id']].code}" if row["party_id"] else None
                        ),
                        "area_id": self.area_id(body.territory),
                        "legislative_period_id": self._period_id(body, convocation.number),
                        "start_date": _day(row["started_on"]),
                        "end_date": _day(row["ended_on"] or convocation.ended_on),
                    }
                )
            )
        return used

    def _post(self, body: RepresentativeBody, position: str, committee: Any = None) -> str:
        """The post's id, the post recorded once: the body's chair or secretary, or a
        committee's chair (in the committee, an organization of its own)."""
        positions = dict(Position.choices)
        if committee is None:
            post_id = f"post/{body.code}/{position}"
            organization_id = self.body_id(body)
            label = f"{capfirst(positions[position])}, {body.name}"
        else:
            organization_id = self._committee(body, committee)
            post_id = f"post/{organization_id.removeprefix('committee/')}/chair"
            label = f"{capfirst(positions[Position.CHAIR])}, {in_language(committee, 'committee')}"
        self.posts.setdefault(
            post_id,
            {
                "id": post_id,
                "label": label,
                "role": "chair" if committee is not None else str(position),
                "organization_id": organization_id,
                "area_id": self.area_id(body.territory),
            },
        )
        return post_id

    def _committee(self, body: RepresentativeBody, committee: Any) -> str:
        slug = slugify(committee.committee_kk, allow_unicode=True) or "committee"
        committee_id = f"committee/{body.code}/{slug}"
        if committee_id not in self.organizations:
            name, others = _names(committee, "committee")
            self.organizations[committee_id] = _clean(
                {
                    "id": committee_id,
                    "name": name,
                    "other_names": others,
                    "classification": "committee",
                    "parent_id": self.body_id(body),
                    "area_id": self.area_id(body.territory),
                }
            )
        return committee_id

    def _posts(self, chosen: list[int]) -> None:
        """A membership for each post a deputy held: the body's chair or secretary, a
        committee's chair or member."""
        rows = (
            MandatePost.objects.filter(mandate__convocation__body__in=chosen)
            .order_by("mandate__convocation__body", "pk")
            .values(
                "pk",
                "position",
                "committee_kk",
                "committee_ru",
                "committee_en",
                "started_on",
                "ended_on",
                "mandate__person_id",
                "mandate__convocation__body_id",
                "mandate__convocation__number",
            )
        )
        for row in rows:
            body = self.by_pk[row["mandate__convocation__body_id"]]
            committee = SimpleNamespace(
                committee_kk=row["committee_kk"],
                committee_ru=row["committee_ru"],
                committee_en=row["committee_en"],
            )
            position = row["position"]
            if position in (Position.CHAIR, Position.SECRETARY):
                organization_id, post_id = self.body_id(body), self._post(body, position)
            elif position == Position.COMMITTEE_CHAIR:
                post_id = self._post(body, position, committee)
                organization_id = self.posts[post_id]["organization_id"]
            elif committee.committee_kk:
                organization_id, post_id = self._committee(body, committee), None
            else:
                continue  # a member of the body: its mandate says so
            self.memberships.append(
                _clean(
                    {
                        "id": f"mandate-post/{row['pk']}",
                        "role": "chair" if position == Position.COMMITTEE_CHAIR else position,
                        "person_id": self.person_id(row["mandate__person_id"]),
                        "organization_id": organization_id,
                        "post_id": post_id,
                        "area_id": self.area_id(body.territory),
                        "legislative_period_id": self._period_id(
                            body, row["mandate__convocation__number"]
                        ),
                        "start_date": _day(row["started_on"]),
                        "end_date": _day(row["ended_on"]),
                    }
                )
            )

    def _factions(self, chosen: list[int], own: Party | None) -> bool:
        """The party's factions the bodies' mandates give membership of, and every post in
        them that those deputies hold (a member's, and the faction's chair's or secretary's);
        whether there were any."""
        factions = Body.objects.filter(
            kind__in=FACTIONS, posts__mandate__convocation__body__in=chosen
        )
        rows = list(
            Post.objects.filter(body__in=factions, person__mandates__convocation__body__in=chosen)
            .order_by("body", "pk")
            .values(
                "pk",
                "body_id",
                "body__kind",
                "person_id",
                "position",
                "started_on",
                "ended_on",
                "mandate__convocation__body_id",
            )
            .distinct()
        )
        # A faction sits in the body of the mandates that give its membership.
        seat = {
            row["body_id"]: self.by_pk[row["mandate__convocation__body_id"]]
            for row in rows
            if row["mandate__convocation__body_id"] in self.by_pk
        }
        kinds = dict(Body.Kind.choices)
        for row in rows:
            body = seat.get(row["body_id"])
            if body is None or row["person_id"] not in self.persons:
                continue
            faction_id = f"faction/{row['body_id']}"
            if faction_id not in self.organizations:
                party = own.name if own is not None else capfirst(kinds[row["body__kind"]])
                self.organizations[faction_id] = {
                    "id": faction_id,
                    "name": _("Faction of %(party)s — %(body)s")
                    % {"party": party, "body": body.name},
                    "classification": "faction",
                    "parent_id": self.body_id(body),
                    "area_id": self.area_id(body.territory),
                }
            self.memberships.append(
                _clean(
                    {
                        "id": f"faction-post/{row['pk']}",
                        "role": row["position"],
                        "person_id": self.person_id(row["person_id"]),
                        "organization_id": faction_id,
                        "on_behalf_of_id": f"party/{own.code}" if own is not None else None,
                        "area_id": self.area_id(body.territory),
                        "start_date": _day(row["started_on"]),
                        "end_date": _day(row["ended_on"]),
                    }
                )
            )
        return bool(seat)

    def _party(self, party: Party) -> None:
        name, others = _names(party)
        party_id = f"party/{party.code}"
        self.organizations[party_id] = _clean(
            {
                "id": party_id,
                "name": name,
                "other_names": others,
                "identifiers": [{"scheme": "esep", "identifier": party.code}],
                "classification": "party",
            }
        )

    def _areas(self) -> list[Record]:
        """The bodies' territories and every territory above them, each with its KATO."""
        step = Territory.steplen
        paths = {
            body.territory.path[:end]
            for body in self.bodies
            for end in range(step, len(body.territory.path) + 1, step)
        }
        territories = list(Territory.objects.filter(path__in=paths).order_by("path"))
        by_path = {t.path: t for t in territories}
        areas = []
        for territory in territories:
            name, others = _names(territory)
            parent = by_path.get(territory.path[:-step]) if territory.depth > 1 else None
            areas.append(
                _clean(
                    {
                        "id": self.area_id(territory),
                        "name": name,
                        "other_names": others,
                        "identifier": territory.kato,
                        "identifiers": [{"scheme": "KATO", "identifier": territory.kato}],
                        "classification": territory.level,
                        "parent_id": self.area_id(parent) if parent else None,
                    }
                )
            )
        return areas


_LIST = serializers.ListField(child=serializers.DictField())


class PopoloView(APIView):
    """The deputies as Popolo JSON: public, as the public pages are."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="The deputies in Popolo JSON",
        description=(
            "Public, no token: the representative bodies with their convocations "
            "(events, `legislative period`), committees, the party's factions and the "
            "parties (organizations), the deputies (persons: names only), their mandates, "
            "posts and faction posts (memberships), the posts, and the KATO territories "
            "(areas), related by ids, as the Popolo data specification lays them out "
            "(popoloproject.com). Names in the language of Accept-Language."
        ),
        parameters=[
            OpenApiParameter(
                "body",
                {"type": "string", "pattern": CODE, "minLength": 1},
                description="A representative body's code: only that body",
            )
        ],
        responses={
            200: inline_serializer(
                "Popolo",
                {
                    name: _LIST
                    for name in (
                        "persons",
                        "organizations",
                        "memberships",
                        "posts",
                        "areas",
                        "events",
                    )
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        if refused := unreadable(query, ["body"]):
            raise ValidationError(refused)
        bodies = RepresentativeBody.objects.all()
        if code := query.get("body"):
            bodies = bodies.filter(code=code)
            if not bodies.exists():
                raise NotFoundIn({"body": [_("No representative body has this code.")]})
        return Response(Export(bodies, profile=_profiles(request)).document())


def _profiles(request: Request) -> Callable[[int], str]:
    """A deputy's public profile page (the portal's), as an absolute address in the
    language of the request."""

    def profile(pk: int) -> str:
        return request.build_absolute_uri(reverse("portal:deputy", args=[pk]))

    return profile
