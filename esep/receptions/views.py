"""Pages of receptions: the staff list and a reception's page (declared in `pages.py`), the
page that plans receptions, and the public schedule with its printable week."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from esep.lib.listing import paged
from esep.receptions.forms import ScheduleForm
from esep.receptions.models import Reception
from esep.receptions.pages import PAGE, PLAN, RECEPTIONS
from esep.receptions.queries import public_receivers, week_of
from esep.receptions.queries import schedule as schedule_of

reception_list, export = RECEPTIONS.views
detail, step = PAGE.views


plan = PLAN.view


# ---------------------------------------------------------------- public


def public_schedule(request: HttpRequest) -> HttpResponse:
    """Upcoming receptions, or those already held, for anyone: where, when, who receives."""
    form = ScheduleForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    past = data.get("when") == "past"
    receptions = schedule_of(
        Reception.objects.all(), territory=data.get("territory"), past=past
    ).prefetch_related(public_receivers())
    page = paged(receptions, request)
    return render(
        request,
        "receptions/schedule.html",
        {"form": form, "page": page, "past": past, "week": week_of(timezone.localdate())[0]},
    )


def public_week(request: HttpRequest) -> HttpResponse:
    """One week of the schedule, day by day, laid out for printing."""
    form = ScheduleForm(request.GET or None)
    territory = form.cleaned_data.get("territory") if form.is_valid() else None
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    monday, sunday = week_of(day)
    receptions = (
        Reception.objects.public()
        .filter(day__gte=monday, day__lte=sunday)
        .select_related("territory", "branch")
        .prefetch_related(public_receivers())
        .order_by("starts_at", "pk")
    )
    if territory is not None:
        receptions = receptions.filter(territory__path__startswith=territory.path)
    days: dict[dt.date, list[Reception]] = {monday + dt.timedelta(days=n): [] for n in range(7)}
    for reception in receptions:
        days[reception.day].append(reception)
    return render(
        request,
        "receptions/week.html",
        {
            "form": form,
            "territory": territory,
            "days": sorted(days.items()),
            "monday": monday,
            "sunday": sunday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
        },
    )
