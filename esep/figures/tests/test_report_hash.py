"""A published report's hash binds its content, not how a database keeps time: it still
verifies after its times lose precision (dumpdata/loaddata keeps milliseconds, some engines
whole seconds) or come back in another zone, and the hashes published before the scheme
changed still verify."""

import datetime as dt
import hashlib
import importlib
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core import serializers
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from esep.figures import reports
from esep.figures.compute import parse_scope
from esep.figures.models import PublishedReport
from esep.figures.periods import Period
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
FROZEN = dt.datetime(2022, 1, 10, 9, 30, 15, 123456, tzinfo=dt.UTC)


@pytest.fixture
def published(world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    report = reports.freeze(
        actor=analyst,
        scope=parse_scope("atyrau"),
        period=Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        codes=["appeals.received", "appeals.resolved_positively_share"],
    )
    # A frozen time with microseconds, as the clock gives it (a draft may still change).
    PublishedReport.objects.filter(pk=report.pk).update(frozen_at=FROZEN)
    report.refresh_from_db()
    return reports.publish(actor=analyst, report=report, press_kk="Хабарлама", press_ru="Текст")


def test_a_report_verifies_after_a_dumpdata_and_loaddata_round_trip(published):
    assert published.intact and published.frozen_at == FROZEN
    dumped = serializers.serialize("json", PublishedReport.objects.filter(pk=published.pk))
    for row in serializers.deserialize("json", dumped):
        row.save()  # as loaddata does: the row as dumped, over the one there

    loaded = PublishedReport.objects.get(pk=published.pk)
    assert loaded.frozen_at != FROZEN  # the dump kept milliseconds only
    assert loaded.frozen_at == FROZEN.replace(microsecond=123000)
    assert loaded.sha256 == published.sha256
    assert loaded.intact


def test_a_report_verifies_whatever_precision_and_zone_its_time_comes_back_in(published):
    # An engine that keeps whole seconds.
    PublishedReport.objects.filter(pk=published.pk).update(frozen_at=FROZEN.replace(microsecond=0))
    assert PublishedReport.objects.get(pk=published.pk).intact
    # A time read back in another zone is the same moment.
    report = PublishedReport.objects.get(pk=published.pk)
    report.frozen_at = report.frozen_at.astimezone(ZoneInfo("Asia/Almaty"))
    assert report.digest() == published.sha256
    # The hash still binds the time, to the second, and every word.
    later = FROZEN + dt.timedelta(seconds=1)
    PublishedReport.objects.filter(pk=published.pk).update(frozen_at=later)
    assert not PublishedReport.objects.get(pk=published.pk).intact
    PublishedReport.objects.filter(pk=published.pk).update(frozen_at=FROZEN, press_kk="Басқа")
    assert not PublishedReport.objects.get(pk=published.pk).intact


def first_scheme_digest(report: PublishedReport) -> str:
    """The SHA-256 published before scheme 2, written out as that code computed it."""
    content = {
        "title": {"kk": report.title_kk, "ru": report.title_ru, "en": report.title_en},
        "branch": report.branch.code,
        "scope": report.scope,
        "from": report.period_start.isoformat(),
        "to": report.period_end.isoformat(),
        "figures": report.figures,
        "frozen_at": report.frozen_at.isoformat(),
        "author": report.author.get_username(),
        "press": {"kk": report.press_kk, "ru": report.press_ru},
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_reports_published_before_the_scheme_changed_still_verify(published):
    # As the database held it before the migration: the hash published then.
    old = first_scheme_digest(published)
    assert old != published.sha256
    PublishedReport.objects.filter(pk=published.pk).update(sha256=old)
    assert not PublishedReport.objects.get(pk=published.pk).intact  # read as scheme 2

    name = "0004_hash_scheme"
    state = MigrationExecutor(connection).loader.project_state(("figures", name), at_end=True)
    importlib.import_module(f"esep.figures.migrations.{name}").keep_the_first_scheme(
        state.apps, SimpleNamespace(connection=connection)
    )

    kept = PublishedReport.objects.get(pk=published.pk)
    assert kept.hash_scheme == 1 and kept.sha256 == old and kept.intact
    PublishedReport.objects.filter(pk=published.pk).update(press_ru="Подменённый текст")
    assert not PublishedReport.objects.get(pk=published.pk).intact
