"""The public promise tracker: its pages open to anyone in kk, ru and en; the verdict counts
are those of the records; the filters narrow them; only approved changes are shown, with
their evidence and corrections; the appeals of a promise's topics stand beside it; and no
page or open-data file carries anyone's personal data."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from esep.appeals import actions as appeal_actions
from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import PersonFactory, user_with_role
from esep.programme.plans import actions
from esep.programme.tests.bulk import many_measures
from esep.programme.tests.factories import build_programme

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")
FILES = ("promises", "measures", "indicators", "observations", "history")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def evidence(**extra):
    return [
        {
            "kind": "statistics",
            "title": "Бюро статистики: сумен қамту",
            "url": "https://stat.gov.kz/water-2022",
            "publisher": "Бюро национальной статистики",
            "published_on": dt.date(2023, 2, 1),
            "quote": "Доля сёл с водой — 80 %",
            **extra,
        }
    ]


@pytest.fixture
def world(tree):
    world = build_programme(tree)
    monitor_person = tree.members["kostanay"]
    world.measure.responsible.add(monitor_person)
    head_person = PersonFactory.create(surname="Жұмабеков", given_name="Серікбол")
    world.head.person = head_person
    world.head.first_name, world.head.last_name = "Серікбол", "Жұмабеков"
    world.head.save()
    central = user_with_role("central_admin", tree.central, "central-admin")
    # The monitor measures 80 % in 2022 — and types their own name and phone into the source.
    actions.record_observation(
        actor=world.monitor,
        indicator=world.indicator,
        territory=tree.kostanay.territory,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        value=Decimal("80"),
        source=f"Акимат, {monitor_person.surname} {monitor_person.given_name}, "
        f"{monitor_person.phone}",
    )
    # The measure is in progress (proposed by the monitor, approved by the branch head).
    change = actions.propose_change(
        actor=world.monitor,
        subject=world.measure,
        status="in_progress",
        reason=f"Работы начаты; ответственный {monitor_person.surname}, ИИН {monitor_person.iin}",
        evidence=evidence(
            url="",
            document=SimpleUploadedFile(
                f"{monitor_person.surname}_справка.pdf", b"%PDF-1.4 report", "application/pdf"
            ),
        ),
    )
    world.measure_entry = actions.approve_change(actor=world.head, change=change)
    # The promise: partially kept, then corrected to kept; then broken proposed, not approved.
    change = actions.propose_change(
        actor=world.monitor,
        subject=world.promise,
        verdict="partially_kept",
        reason="Вода проведена в 80 % сёл",
        evidence=evidence(),
    )
    world.first = actions.approve_change(actor=central, change=change)
    change = actions.propose_change(
        actor=world.monitor,
        subject=world.promise,
        verdict="kept",
        reason="Исправление: по уточнённым данным вода есть во всех сёлах",
        evidence=evidence(quote="Все сёла обеспечены"),
        corrects=world.first,
    )
    world.correction = actions.approve_change(actor=central, change=change)
    world.pending = actions.propose_change(
        actor=world.monitor,
        subject=world.promise,
        verdict="broken",
        broken_reason="no_majority",
        reason="Pending reason that must not show",
        evidence=evidence(),
    )
    world.monitor_person, world.head_person, world.central = monitor_person, head_person, central
    return world


def test_the_tracker_opens_to_anyone_in_every_language(client, world):
    for language in LANGUAGES:
        pages = [
            url("portal:promises", language=language),
            url("portal:promise", world.promise.pk, language=language),
            url("portal:promise", world.other_promise.pk, language=language),
            url("portal:road-map", world.road_map.pk, language=language),
            url("portal:open-data", language=language),
        ]
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert f'lang="{language}"' in response.content.decode()
    with translation.override("ru"):
        page = client.get(url("portal:promise", world.promise.pk, language="ru"))
        assert "Чистая питьевая вода в каждое село" in page.content.decode()
    assert client.get(url("portal:promise", 999999)).status_code == 404
    assert client.get(url("portal:road-map", 999999)).status_code == 404


def test_the_counts_are_the_records_by_programme(client, world):
    response = client.get(url("portal:promises"))
    (counted,) = response.context["counts"]
    assert counted.programme == world.programme and counted.total == 2
    by_verdict = {line.verdict: (line.count, line.share) for line in counted.verdicts}
    assert by_verdict == {
        "kept": (1, 50.0),
        "partially_kept": (0, 0.0),
        "broken": (0, 0.0),
        "not_rated": (1, 50.0),
        "not_assessable": (0, 0.0),
    }
    rows = {promise.pk: (promise.verdict, p) for promise, p in response.context["rows"]}
    assert rows[world.promise.pk][0] == "kept"
    # 80 % from 60 towards 100 is half the way: attainment 0.5.
    assert rows[world.promise.pk][1].attainment == pytest.approx(0.5)


def test_filters_narrow_the_promises_and_their_counts(client, world, tree):
    other_topic = CategoryFactory.create()
    world.other_promise.topics.add(other_topic)

    def shown(**query):
        response = client.get(url("portal:promises"), query)
        assert response.status_code == 200, query
        return {promise.pk for promise, _p in response.context["rows"]}

    both = {world.promise.pk, world.other_promise.pk}
    assert shown() == both
    assert shown(topic=world.topic.code) == {world.promise.pk}
    assert shown(topic=other_topic.code) == {world.other_promise.pk}
    # Kostanay: the promise its road map and measure carry out there; Atyrau: none.
    assert shown(region="390000000") == {world.promise.pk}
    assert shown(region="230000000") == set()
    assert shown(body=world.measure.state_body.code) == {world.promise.pk}
    assert shown(verdict="kept") == {world.promise.pk}
    assert shown(programme=world.programme.code) == both
    response = client.get(url("portal:promises"), {"topic": world.topic.code})
    assert response.context["counts"][0].total == 1
    assert client.get(url("portal:promises"), {"region": "no-such"}).status_code == 400


def test_a_change_awaiting_approval_is_not_the_verdict(client, world):
    page = client.get(url("portal:promise", world.promise.pk)).content.decode()
    assert "Pending reason that must not show" not in page
    assert "No majority" not in page and "no majority" not in page
    world.promise.refresh_from_db()
    assert world.promise.verdict == "kept"
    assert "1 proposed change awaits a second person" in page
    rows = client.get(url("portal:promises"), {"verdict": "broken"}).context["rows"]
    assert rows == []


def test_the_history_shows_approved_changes_their_evidence_and_corrections(client, world):
    response = client.get(url("portal:promise", world.promise.pk))
    entries = [item.entry for item in response.context["history"]]
    assert entries == [world.measure_entry, world.first, world.correction]
    page = response.content.decode()
    assert f'id="entry-{world.correction.pk}"' in page
    assert f'href="#entry-{world.first.pk}"' in page  # the correction names what it corrects
    assert f'href="#entry-{world.correction.pk}"' in page  # and the corrected entry its fix
    assert "Все сёла обеспечены" in page and "https://stat.gov.kz/water-2022" in page
    digest = world.measure_entry.change.evidence.get().document_sha256
    assert len(digest) == 64 and digest in page


def test_the_road_map_flags_measures_past_their_deadline_below_target(client, world):
    world.measure.status = "not_started"
    response = client.get(url("portal:road-map", world.road_map.pk))
    # The deadline (end of 2023) is past and 80 of 100 is below target; the verdict is
    # not rated yet.
    assert timezone.localdate() > world.measure.deadline
    assert response.context["flagged"] == 1
    assert [flag for _m, _p, flag in response.context["rows"]] == [True]
    only = client.get(url("portal:road-map", world.road_map.pk), {"flagged": "1"})
    assert len(only.context["rows"]) == 1


def test_appeals_of_the_promises_topics_stand_beside_it(client, world, tree):
    officer = user_with_role("reception_officer", tree.central, "central-officer")
    other_topic = CategoryFactory.create()
    for category, day in ((world.topic, 3), (world.topic, 4), (other_topic, 5)):
        appeal_actions.register_appeal(
            actor=officer,
            channel="reception_office",
            kind="complaint",
            category=category,
            territory=tree.kostanay.territory,
            branch=tree.kostanay,
            submitter=PersonFactory.create(),
            text="Суы жоқ",
            language="kk",
            received_at=dt.datetime(2021, 3, day, 5, tzinfo=dt.UTC),
        )
    response = client.get(url("portal:promise", world.promise.pk))
    years = {label: cell.value for label, cell in response.context["demand"].years}
    assert years["2021"] == 2 and years["2020"] == 0
    quarters = dict(response.context["demand"].quarters)
    assert quarters["2021, quarter 1"].value == 2
    assert response.context["drill"] == ""  # anonymous: no way to the appeals
    chart = client.get(url("portal:promise-demand-chart", world.promise.pk))
    assert chart["Content-Type"] == "image/svg+xml" and b"<script" not in chart.content
    # Staff who see figures are led to the appeals behind the numbers.
    client.force_login(user_with_role("analyst", tree.central, "central-analyst"))
    drill = client.get(url("portal:promise", world.promise.pk)).context["drill"]
    assert f"topic={world.topic.code}" in drill
    records = client.get(drill)
    assert records.status_code == 200 and records.context["page"].paginator.count == 2


def test_open_data_parses_and_has_headers(client, world):
    for name in FILES:
        response = client.get(url("portal:open-data-file", name, "json"))
        assert response.status_code == 200
        rows = json.loads(b"".join(response.streaming_content))
        assert isinstance(rows, list) and rows, name
        response = client.get(url("portal:open-data-file", name, "csv"))
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, *body = list(csv.reader(io.StringIO(text)))
        assert header[0] == "id" and body and all(len(row) == len(header) for row in body)
    promises = json.loads(
        b"".join(client.get(url("portal:open-data-file", "promises", "json")).streaming_content)
    )
    assert {p["code"]: p["verdict"] for p in promises} == {"1.1": "kept", "1.2": "not_rated"}
    history = json.loads(
        b"".join(client.get(url("portal:open-data-file", "history", "json")).streaming_content)
    )
    assert [h["corrects"] for h in history] == [None, None, world.first.pk]
    assert client.get("/en/promises/open-data/people.csv").status_code == 404


def test_no_personal_data_on_any_tracker_page_or_file(client, world):
    monitor, head = world.monitor_person, world.head_person
    secrets = [
        monitor.surname,
        monitor.given_name,
        monitor.iin,
        monitor.phone,
        monitor.phone[2:],  # without +7
        monitor.email,
        head.surname,
        head.given_name,
        world.monitor.username,
        world.head.username,
        world.central.username,
        "_справка.pdf",  # an uploaded file's name
    ]
    outputs = {}
    for language in LANGUAGES:
        for page in (
            url("portal:promises", language=language),
            url("portal:promise", world.promise.pk, language=language),
            url("portal:road-map", world.road_map.pk, language=language),
            url("portal:open-data", language=language),
        ):
            outputs[page] = client.get(page).content.decode()
    for name in FILES:
        for fmt in ("csv", "json"):
            response = client.get(url("portal:open-data-file", name, fmt))
            outputs[f"{name}.{fmt}"] = b"".join(response.streaming_content).decode("utf-8-sig")
    # What was typed into the texts is there, masked.
    assert "[NAME]" in outputs["observations.csv"] and "[PHONE]" in outputs["observations.csv"]
    assert "[IIN]" in outputs["history.json"]
    leaks = [
        (where, secret)
        for where, text in outputs.items()
        for secret in secrets
        if secret and secret in text
    ]
    assert leaks == []


def test_the_pages_read_as_many_queries_for_many_records_as_for_few(client, world, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from esep.programme.models import Promise

    def queries(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured.captured_queries)

    index, road_map = url("portal:promises"), url("portal:road-map", world.road_map.pk)
    before = queries(index), queries(road_map)
    for n in range(10):
        promise = Promise.objects.create(
            section=world.section,
            code=f"2.{n}",
            text_kk="Уәде",
            text_ru="Обещание",
            territory=tree.kostanay.territory,
            due_on=dt.date(2025, 12, 31),
        )
        promise.topics.add(world.topic)
        measure = actions.add_measure(
            actor=world.head,
            road_map=world.road_map,
            code=f"M2.{n}",
            title_kk="Шара",
            title_ru="Мера",
            deadline=dt.date(2024, 12, 31),
            territory=tree.kostanay.territory,
            promises=[promise],
        )
        actions.add_indicator(
            actor=world.head,
            measure=measure,
            code=f"I{n}",
            title_kk="Көрсеткіш",
            title_ru="Показатель",
            unit="шт.",
            direction="increase",
            baseline=Decimal(0),
            baseline_on=dt.date(2021, 1, 1),
            target=Decimal(10),
            target_on=dt.date(2024, 12, 31),
        )
    assert (queries(index), queries(road_map)) == before


def test_the_road_map_pages_its_measures_and_lists_only_the_flagged_across_pages(client, world):
    # World's own measure is flagged (past its deadline at 80 of 100); of these, those due
    # at the end of 2023 are past it below target, those due in 2099 are not.
    many_measures(world, 130, prefix="P")
    many_measures(world, 120, prefix="F", deadline=dt.date(2099, 12, 31))
    address = url("portal:road-map", world.road_map.pk)
    response = client.get(address, {"page": 2})
    assert response.context["total"] == 251 and response.context["flagged"] == 131
    rows = response.context["rows"]
    # By code: F0000–F0119, M1, P0000–P0129; the second page from F0100 to P0078.
    assert [m.code for m, _p, _f in rows][19:22] == ["F0119", "M1", "P0000"]
    assert [flag for _m, _p, flag in rows] == [False] * 20 + [True] * 80
    assert {p.attainment for _m, p, _f in rows} == {0.5}
    only = client.get(address, {"flagged": "1", "page": 2})
    rows = only.context["rows"]
    assert [m.code for m, _p, _f in rows] == [f"P{n:04d}" for n in range(99, 130)]
    assert all(flag for _m, _p, flag in rows)
    content = only.content.decode()
    assert "flagged=1&amp;page=1" in content  # the pager keeps the switch


def test_a_promise_pages_its_measures_in_as_many_queries(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url("portal:promise", world.promise.pk), query)
        assert response.status_code == 200
        return len(captured.captured_queries), response

    few, _ = queries()
    many_measures(world, 60, serving=True)  # with world's own measure: 61, two pages
    assert queries()[0] == few
    count, response = queries(page=2)
    assert count == few
    (road_map,) = response.context["road_maps"]
    assert [view.measure.code for view in road_map.measures] == [f"Z{n:04d}" for n in range(49, 60)]
    assert response.context["page"].paginator.count == 61
