"""`esep backup` and `esep restore` give back the same figures, the same audit log to the
microsecond and report hashes that still verify — on SQLite, and on PostgreSQL when the
suite runs there (both commands choose their way by the database's engine)."""

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from esep.appeals.models import AppealEvent
from esep.audit.models import Event, PersonalDataAccess
from esep.figures import reports
from esep.figures.compute import parse_scope
from esep.figures.models import AppealDay, AppealMonth, AppealMonthFacet, PublishedReport
from esep.figures.periods import Period
from esep.figures.registry import registry
from esep.org.tests.factories import user_with_role


def figures(scope: str, breakdown: str | None = None) -> list[dict]:
    out = io.StringIO()
    options = {"breakdown": breakdown} if breakdown else {}
    call_command("figures", scope=scope, period="2021", format="json", stdout=out, **options)
    return json.loads(out.getvalue())


def held() -> dict[str, Any]:
    """What a backup must give back: the figures as `esep figures` prints them, the
    counters they read, every row of the logs with its time, and the reports' hashes."""
    return {
        "figures": [
            figures(scope, breakdown)
            for scope in ("atyrau", "230000000", "central")
            for breakdown in (None, "month", "outcome")
        ],
        "counters": [
            sorted(model.objects.values_list(*(f.attname for f in model._meta.fields)))
            for model in (AppealDay, AppealMonth, AppealMonthFacet)
        ],
        "events": list(Event.objects.order_by("pk").values()),
        "access": list(PersonalDataAccess.objects.order_by("pk").values()),
        "appeal_events": list(AppealEvent.objects.order_by("pk").values()),
        "reports": [
            (r.pk, r.frozen_at, r.published_at, r.sha256, r.intact)
            for r in PublishedReport.objects.order_by("pk")
        ],
    }


@pytest.mark.django_db(transaction=True)
def test_a_restored_database_gives_the_same_figures_audit_log_and_report_hashes(
    world, tree, tmp_path
):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    year = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    report = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=year, codes=sorted(registry())
    )
    reports.publish(actor=analyst, report=report, press_kk="Хабарлама", press_ru="Сообщение")
    PersonalDataAccess.objects.create(
        user=analyst, person=tree.members["atyrau"], fields=["iin", "phone"], page="/kk/people/"
    )
    before = held()
    # The check means something: appeals counted, reports verified, times with microseconds
    # that a millisecond or a second's precision would lose.
    assert before["figures"][0][0]["value"] == 6
    assert [r[-1] for r in before["reports"]] == [True]
    times = [e["at"] for key in ("events", "access", "appeal_events") for e in before[key]]
    assert len(times) > 20 and any(t.microsecond % 1000 for t in times)

    file = tmp_path / "esep.backup"
    out = io.StringIO()
    call_command("backup", str(file), stdout=out)
    assert "backed up" in out.getvalue() and str(file) in out.getvalue()

    # Life goes on after the backup: an appeal counted, a report published, logs written.
    world["appeal"](
        tree.atyrau,
        dt.datetime(2021, 11, 3, 5, tzinfo=dt.UTC),
        channel="letter",
        text="Кейін тіркелген",
    )
    later = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=year, codes=["appeals.received"]
    )
    reports.publish(actor=analyst, report=later, press_kk="Жаңа", press_ru="Новое")
    assert held() != before

    out = io.StringIO()
    call_command("restore", str(file), interactive=False, stdout=out)
    assert "restored" in out.getvalue()

    after = held()
    for key in before:
        assert after[key] == before[key], key
    assert all(report.intact for report in PublishedReport.objects.all())
