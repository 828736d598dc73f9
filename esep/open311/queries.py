"""What Open311 publishes: services (the appeal categories), service requests (appeals)
and their updates (the public steps of their timelines).

Published of an appeal: its number, status and outcome, topic, place (territory, KATO
code, the territory's centre), dates, the body dealing with it — and, only for appeals
that came through Open311, the text with IINs, phones, e-mails and the applicant's names
struck out (`esep.lib.redact`). Never: who submitted it, contacts, other channels' texts,
notes, staff, the answer."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals import timeline
from esep.appeals.lifecycle import OPEN_STATUSES
from esep.appeals.models import Appeal, AppealEvent, Category, Channel, Forwarding, Kind
from esep.lib.redact import mask_personal_data
from esep.open311.location import places, served
from esep.org.models import Territory, subtree_q

# --- Services ------------------------------------------------------------------------------


def services() -> list[dict[str, Any]]:
    """One service per category, grouped under its top-level topic."""
    categories = list(Category.objects.order_by("path"))
    tops = {c.path: c for c in categories if c.depth == 1}
    result = []
    for category in categories:
        top = tops.get(category.path[: Category.steplen], category)
        names = dict.fromkeys(
            n for n in (category.name_kk, category.name_ru, category.name_en) if n
        )
        result.append(
            {
                "service_code": category.code,
                "service_name": category.name,
                "description": category.name
                if top is category
                else f"{top.name} › {category.name}",
                "metadata": True,
                "type": "realtime",
                "keywords": ", ".join(names),
                "group": top.name,
            }
        )
    return result


TRUE_FALSE = ("true", "false")


def service_definition(category: Category) -> dict[str, Any]:
    territories = Territory.objects.filter(served()).order_by("path")
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": "kind",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": "",
                "order": 1,
                "description": _("Type of the appeal"),
                "values": [{"key": key, "name": str(label)} for key, label in Kind.choices],
            },
            {
                "variable": True,
                "code": "territory",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _("A KATO code"),
                "order": 2,
                "description": _(
                    "Where the problem is, when the report gives no lat and long, "
                    "address_string or address_id."
                ),
                "values": [{"key": t.kato, "name": t.name} for t in territories],
            },
            {
                "variable": True,
                "code": "reports_crime",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 3,
                "description": _(
                    "Does the appeal report a crime or a threat to security? Anonymous appeals "
                    "(sent without a phone number) are not considered unless they do."
                ),
                "values": [
                    {"key": "true", "name": _("yes")},
                    {"key": "false", "name": _("no")},
                ],
            },
            {
                "variable": True,
                "code": "email_updates",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 4,
                "description": _(
                    "Has the applicant agreed to receive the receipt and news of each step of "
                    "the appeal by e-mail? Send true only with their consent, with email and "
                    "phone; each message has a link to stop them."
                ),
                "values": [
                    {"key": "true", "name": _("yes")},
                    {"key": "false", "name": _("no")},
                ],
            },
        ],
    }


# --- Service requests ----------------------------------------------------------------------


def filtered_appeals(
    *,
    numbers: list[str],
    categories: list[Category],
    window: tuple[dt.datetime, dt.datetime] | None,
    statuses: list[str],
) -> QuerySet[Appeal]:
    """Appeals by number (which overrides everything else), or by topic with its subtopics,
    time received and open/closed; newest first."""
    appeals = Appeal.objects.order_by("-received_at", "-pk")
    if numbers:
        return appeals.filter(number__in=numbers)
    if categories:
        appeals = appeals.filter(subtree_q([c.path for c in categories], "category__path"))
    if window is not None:
        appeals = appeals.filter(received_at__gte=window[0], received_at__lte=window[1])
    if set(statuses) == {"open"}:
        appeals = appeals.filter(status__in=OPEN_STATUSES)
    elif set(statuses) == {"closed"}:
        appeals = appeals.exclude(status__in=OPEN_STATUSES)
    return appeals


def for_publication(appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """What the rows need, in three queries whatever their number."""
    last_step = AppealEvent.objects.filter(appeal=OuterRef("pk")).order_by("-at", "-pk")
    return (
        appeals.select_related("category", "territory", "branch", "submitter")
        .annotate(updated_at=Subquery(last_step.values("at")[:1]))
        .prefetch_related(
            Prefetch(
                "forwardings",
                queryset=Forwarding.objects.select_related("state_body").order_by("sent_on", "pk"),
                to_attr="forwarding_list",
            )
        )
    )


def w3c(moment: dt.datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    return timezone.localtime(moment, zoneinfo.ZoneInfo(zone)).isoformat(timespec="seconds")


def end_of_day(day: dt.date, zone: str) -> str:
    moment = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zoneinfo.ZoneInfo(zone))
    return moment.isoformat(timespec="seconds")


def publishable_text(appeal: Appeal) -> str:
    """Only a text sent through Open311 is published (its sender knew the report would be
    public, as on FixMyStreet), with personal data struck out: IINs, phones and e-mails in
    any form, and the applicant's own names in any case: as given with the appeal and as
    their record holds them (a patronymic the form did not ask for)."""
    if appeal.channel != Channel.OPEN311:
        return ""
    names = [appeal.applicant_surname, appeal.applicant_given_name, appeal.applicant_patronymic]
    if (person := appeal.submitter) is not None:
        names += [person.surname, person.given_name, person.patronymic]
    return mask_personal_data(appeal.text, names)


def centre_lookup() -> dict[str, tuple[float, float]]:
    return {place.path: (place.latitude, place.longitude) for place in places()}


def centre_of(
    territory: Territory, centres: dict[str, tuple[float, float]]
) -> tuple[float | None, float | None]:
    """The territory's centre, or that of the nearest territory above it that has one."""
    for end in range(len(territory.path), 0, -Territory.steplen):
        if (found := centres.get(territory.path[:end])) is not None:
            return found
    return None, None


def service_notice(appeal: Appeal) -> str:
    if not appeal.is_considered:
        return _(
            "An anonymous appeal is not considered unless it reports a crime or a threat to "
            "security."
        )
    if appeal.status in OPEN_STATUSES:
        return _("To be answered by %(date)s.") % {"date": appeal.due_on.strftime("%d.%m.%Y")}
    return ""


def request_rows(appeals: Iterable[Appeal]) -> list[dict[str, Any]]:
    centres = centre_lookup()
    rows = []
    for appeal in appeals:
        zone = appeal.territory.time_zone
        is_open = appeal.status in OPEN_STATUSES
        forwardings = getattr(appeal, "forwarding_list", [])
        latitude, longitude = centre_of(appeal.territory, centres)
        rows.append(
            {
                "service_request_id": appeal.number,
                "status": "open" if is_open else "closed",
                "status_notes": ""
                if is_open or not appeal.outcome
                else appeal.get_outcome_display(),
                "service_name": appeal.category.name,
                "service_code": appeal.category.code,
                "description": publishable_text(appeal),
                "agency_responsible": forwardings[-1].state_body.name
                if forwardings
                else appeal.branch.name,
                "service_notice": service_notice(appeal),
                "requested_datetime": w3c(appeal.received_at, zone),
                "updated_datetime": w3c(getattr(appeal, "updated_at", None), zone),
                "expected_datetime": end_of_day(appeal.due_on, zone),
                "address": appeal.territory.name,
                "address_id": appeal.territory.kato,
                "zipcode": "",
                "lat": latitude,
                "long": longitude,
                "media_url": "",
            }
        )
    return rows


# --- Service request updates (FixMyStreet's extension) -------------------------------------

# esep's public steps as FixMyStreet's extended statuses ("Open311 FMS — proposed
# differences to Open311": OPEN, ACTION_SCHEDULED, IN_PROGRESS, INVESTIGATING,
# INTERNAL_REFERRAL, NOT_COUNCILS_RESPONSIBILITY, FIXED, NO_FURTHER_ACTION, CLOSED). The
# key is esep's own code, published as external_status_code: the step's action, and for an
# answer its outcome; a forwarding that hands the appeal itself over (outside the branch's
# competence) is not the branch's responsibility, one that only asks a body is a referral.
# A reopened appeal is back in work (the applicant disputed the answer).
FMS_STATUSES: dict[str, str] = {
    "registered": "OPEN",
    "imported": "OPEN",
    "assign": "ACTION_SCHEDULED",
    "start": "IN_PROGRESS",
    "forwarded": "INTERNAL_REFERRAL",
    "forwarded:outside_competence": "NOT_COUNCILS_RESPONSIBILITY",
    "extended": "INVESTIGATING",
    "answer:resolved_positively": "FIXED",
    "answer:resolved_partially": "FIXED",
    "answer:explained": "CLOSED",
    "answer:refused": "NO_FURTHER_ACTION",
    "answer:forwarded": "NOT_COUNCILS_RESPONSIBILITY",
    "answer:left_without_consideration": "NO_FURTHER_ACTION",
    "close": "CLOSED",
    "reopen": "IN_PROGRESS",
    # The body's answer is back with the branch, which now prepares its own.
    "body_answered": "IN_PROGRESS",
}


def public_steps(*, numbers: list[str], window: tuple[dt.datetime, dt.datetime] | None) -> Q:
    query = timeline.public_q()
    if numbers:
        query &= Q(appeal__number__in=numbers)
    if window is not None:
        query &= Q(at__gte=window[0], at__lte=window[1])
    return query


def update_rows(query: Q, offset: int, limit: int) -> list[dict[str, Any]]:
    """The steps, oldest first, as FixMyStreet reads them; two queries."""
    steps = list(
        AppealEvent.objects.filter(query)
        .order_by("at", "pk")
        .values(
            "pk",
            "at",
            "action",
            "data",
            "appeal_id",
            "appeal__number",
            "appeal__territory__time_zone",
        )[offset : offset + limit]
    )
    forwarded = {s["appeal_id"] for s in steps if s["action"] == "forwarded"}
    handed_over = timeline.handovers(forwarded) if forwarded else set()
    rows = []
    for step in steps:
        data = step["data"] or {}
        code = timeline.step_code(
            step["action"], data, timeline.was_handover(step["appeal_id"], data, handed_over)
        )
        rows.append(
            {
                "update_id": str(step["pk"]),
                "service_request_id": step["appeal__number"],
                "status": FMS_STATUSES[code],
                "updated_datetime": w3c(step["at"], step["appeal__territory__time_zone"]),
                "description": timeline.step_label(code),
                "media_url": "",
                "external_status_code": code,
            }
        )
    return rows
