"""Published reports: the party's figures of the demo's last year, and one region's, frozen
and published with the press release as drafted, by the demo logins who may publish them
(through `figures.reports`, as the dashboard's "freeze" and "publish" do). A report already
published for a scope and period is left alone: running it again adds nothing."""

from __future__ import annotations

import datetime as dt

from esep.access.models import User
from esep.demo.context import Demo
from esep.figures import press, reports
from esep.figures.compute import parse_scope
from esep.figures.models import PublishedReport
from esep.figures.periods import Period

# (publisher's login, scope, year): the whole party and one region, for the demo's last year.
REPORTS = [("admin", "central", 2021), ("kostanay.analyst", "kostanay", 2021)]


def build(demo: Demo) -> None:
    for username, code, year in REPORTS:
        period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        published = PublishedReport.objects.public().filter(
            scope=code, period_start=period.start, period_end=period.end
        )
        if published.exists():
            continue
        actor = User.objects.get(username=username)
        scope = parse_scope(code)
        assert reports.may_publish(actor, scope), (username, code)
        report = reports.freeze(actor=actor, scope=scope, period=period, codes=press.FIGURES)
        reports.publish(
            actor=actor, report=report, press_kk=report.press_kk, press_ru=report.press_ru
        )
        demo.reports += 1
