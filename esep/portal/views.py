from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from esep.figures import public
from esep.figures.registry import get


def home(request: HttpRequest) -> HttpResponse:
    """The home page, with the party's headline figures for a stated year: the last complete
    calendar year with data unless another year with data is chosen, so a submission today
    does not change them. Aggregates only, from the same registry and with the same rules as
    the public figures page each number links to."""
    years = public.years_with_data()
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else public.default_year(years)
    country = public.country()
    context: dict[str, Any] = {"years": [(y, public.year_label(y)) for y in years], "year": year}
    if country is not None and year is not None:
        period = public.year_period(year)
        shown = public.headline(public.PUBLIC_FIGURES, country, period)
        context.update(
            period=period,
            year_label=public.year_label(year),
            complete=public.is_complete(year),
            default=year == public.default_year(years),
            figures=[(get(code), shown[code]) for code in public.PUBLIC_FIGURES],
        )
    return render(request, "portal/home.html", context)
