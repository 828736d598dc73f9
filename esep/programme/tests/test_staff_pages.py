"""The programme's staff pages: who sees what (outsiders 404, anonymous visitors to the
login), a monitor recording an observation through the page, four eyes on a proposed change
(the proposer is not offered approval; a head approves it through the page), the lists and
their exports, and the queue of changes awaiting approval."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.access.landing import landing_for
from esep.access.models import User
from esep.org.tests.factories import user_with_role
from esep.programme.models import (
    Change,
    HistoryEntry,
    Measure,
    Observation,
    RoadMap,
    Verdict,
)
from esep.programme.plans import actions
from esep.programme.tests.bulk import many_measures

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "kind": "official_release",
    "title": "Отчёт акимата за 2022 год",
    "url": "https://kostanay.gov.kz/report-2022",
    "publisher": "Акимат Костанайской области",
    "published_on": "2023-02-01",
    "quote": "Водопровод проведён в 40 сёл",
}


def evidence(**extra):
    return [{**EVIDENCE, "published_on": dt.date(2023, 2, 1), "document": None, **extra}]


def step_url(record, name: str) -> str:
    return f"{record.get_absolute_url()}{name}/"


def change_url(change: Change, name: str = "") -> str:
    page = reverse("programme:change", args=[change.pk])
    return f"{page}{name}/" if name else page


def step_names(response) -> list[str]:
    return [step.name for step in response.context["steps"]]


@pytest.fixture
def atyrau_road_map(world, tree):
    road_map = RoadMap.objects.create(
        code="atyrau-2021",
        programme=world.programme,
        branch=tree.atyrau,
        territory=tree.atyrau.territory,
        approved_on=dt.date(2021, 4, 1),
        title_kk="Атырау облысының жол картасы",
        title_ru="Дорожная карта Атырауской области",
    )
    Measure.objects.create(
        road_map=road_map,
        code="A1",
        title_kk="Жол салу",
        title_ru="Построить дороги",
        deadline=dt.date(2023, 12, 31),
        territory=tree.atyrau.territory,
    )
    return road_map


def test_another_branchs_head_gets_404_on_the_road_map_its_measure_and_their_steps(client, world):
    client.force_login(world.atyrau_head)
    for record in (world.road_map, world.measure):
        assert client.get(record.get_absolute_url()).status_code == 404
    assert client.post(step_url(world.measure, "observation"), {}).status_code == 404
    assert client.post(step_url(world.road_map, "monitor"), {}).status_code == 404
    # Nor do they find it in the lists.
    for name in ("programme:road-maps", "programme:measures"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert world.road_map.code.encode() not in page.content


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in (
        reverse("programme:promises"),
        reverse("programme:road-maps"),
        reverse("programme:measures"),
        reverse("programme:changes"),
        reverse("programme:road-map-new"),
        world.programme.get_absolute_url(),
        world.promise.get_absolute_url(),
        world.road_map.get_absolute_url(),
        world.measure.get_absolute_url(),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_a_monitor_lands_on_their_road_map_and_records_an_observation_through_the_page(
    client, world
):
    client.force_login(world.monitor)
    landing = landing_for(world.monitor)
    assert landing.startswith(reverse("programme:road-maps"))
    listing = client.get(landing)
    assert listing.status_code == 200
    assert [r.pk for r in listing.context["rows"]] == [world.road_map.pk]
    # The menu leads them there, though their role gives no capability.
    assert listing.context["nav"]["programme"] == "programme:road-maps"
    assert client.get(world.road_map.get_absolute_url()).status_code == 200
    page = client.get(world.measure.get_absolute_url())
    assert page.status_code == 200
    assert step_names(page) == ["observation", "change"]  # no indicator: not theirs to load
    response = client.post(
        step_url(world.measure, "observation"),
        {
            "indicator": world.indicator.pk,
            "territory": world.road_map.territory.kato,
            "period_start": "2022-01-01",
            "period_end": "2022-12-31",
            "value": "75",
            "kind": "actual",
            "source": "Акимат, отчёт за 2022 год",
            "document": SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    observation = Observation.objects.get()
    assert (observation.value, observation.recorded_by) == (Decimal("75"), world.monitor)
    assert observation.document_name == "report.pdf" and len(observation.document_sha256) == 64
    page = client.get(world.measure.get_absolute_url())
    assert b"report.pdf" in page.content
    document = client.get(
        reverse("programme:observation-document", args=[world.measure.pk, observation.pk])
    )
    assert document.status_code == 200
    # What is the programme office's stays refused: one answer for a step not offered.
    assert client.post(step_url(world.measure, "indicator"), {}).status_code == 403
    assert client.post(step_url(world.road_map, "measure"), {}).status_code == 403
    # The promises of the programme their road map carries out are theirs to read.
    promises = client.get(reverse("programme:promises"))
    assert [p.pk for p in promises.context["rows"]] == [world.promise.pk, world.other_promise.pk]


def test_an_outsider_cannot_download_an_observations_document(client, world):
    observation = actions.record_observation(
        actor=world.monitor,
        indicator=world.indicator,
        territory=world.road_map.territory,
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
        value=Decimal("70"),
        source="Акимат",
        document=SimpleUploadedFile("r.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    client.force_login(world.atyrau_head)
    url = reverse("programme:observation-document", args=[world.measure.pk, observation.pk])
    assert client.get(url).status_code == 404


def test_the_proposer_is_not_offered_approval_and_another_head_approves_it(client, world):
    client.force_login(world.monitor)
    response = client.post(
        step_url(world.measure, "change"),
        {"status": "in_progress", "verdict": "", "reason": "Работы начались", **EVIDENCE},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = Change.objects.get()
    assert (change.measure, change.proposed_by) == (world.measure, world.monitor)
    assert change.evidence.get().url == EVIDENCE["url"]
    page = client.get(change_url(change))
    assert page.status_code == 200 and step_names(page) == []
    assert client.post(change_url(change, "approve"), {}).status_code == 403
    world.measure.refresh_from_db()
    assert world.measure.status == "not_started"

    client.force_login(world.head)
    page = client.get(change_url(change))
    assert step_names(page) == ["approve", "return"]
    assert client.post(change_url(change, "approve"), {"note": "Проверено"}).status_code == 302
    world.measure.refresh_from_db()
    assert world.measure.status == "in_progress"
    assert HistoryEntry.objects.get(measure=world.measure).approved_by == world.head
    assert step_names(client.get(change_url(change))) == []  # decided: nothing more to do


def test_a_change_without_evidence_is_refused_on_the_page(client, world):
    client.force_login(world.monitor)
    data = {"status": "in_progress", "reason": "Работы начались", **EVIDENCE, "url": ""}
    response = client.post(step_url(world.measure, "change"), data)
    assert response.status_code == 400
    assert not Change.objects.exists()


def test_a_head_approves_a_promises_verdict_through_the_page(client, world, tree):
    proposer = user_with_role("branch_head", tree.central, "central-head")
    approver = user_with_role("central_admin", tree.central, "central-admin")
    client.force_login(proposer)
    page = client.get(world.promise.get_absolute_url())
    assert page.status_code == 200 and step_names(page) == ["change"]
    response = client.post(
        step_url(world.promise, "change"),
        {
            "verdict": "broken",
            "broken_reason": "no_majority",
            "reason": "Законопроект отклонён",
            **EVIDENCE,
            "kind": "legal_act",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = Change.objects.get(promise=world.promise)
    assert step_names(client.get(change_url(change))) == []
    assert client.post(change_url(change, "approve"), {}).status_code == 403

    client.force_login(approver)
    assert client.post(change_url(change, "approve"), {}).status_code == 302
    world.promise.refresh_from_db()
    assert (world.promise.verdict, world.promise.broken_reason) == (Verdict.BROKEN, "no_majority")
    page = client.get(world.promise.get_absolute_url())
    assert [entry.new_verdict for entry in page.context["history"]] == [Verdict.BROKEN]


def test_list_pages_and_their_exports_open(client, world, tree):
    client.force_login(user_with_role("central_admin", tree.central, "central-admin"))
    expected = {
        "programme:promises": world.promise.code,
        "programme:road-maps": world.road_map.code,
        "programme:measures": world.measure.code,
    }
    for name, code in expected.items():
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert code in page.content.decode(), name
        export = name.replace("promises", "promise-export").replace("road-maps", "road-map-export")
        export = export.replace("measures", "measure-export")
        for fmt in ("csv", "xlsx"):
            response = client.get(reverse(export, args=[fmt]))
            assert response.status_code == 200, (name, fmt)
        assert code in client.get(reverse(export, args=["csv"])).content.decode("utf-8-sig")
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("programme:change-export", args=[fmt])).status_code == 200
    # Filters narrow them.
    page = client.get(reverse("programme:promises"), {"verdict": "kept"})
    assert list(page.context["rows"]) == []
    page = client.get(reverse("programme:measures"), {"attention": "verdict"})
    assert [m.pk for m in page.context["rows"]] == [world.measure.pk]  # past its deadline


def test_the_queue_of_changes_shows_only_those_the_user_may_decide_or_see(
    client, world, tree, atyrau_road_map
):
    central_head = user_with_role("branch_head", tree.central, "central-head")
    of_kostanay = actions.propose_change(
        actor=world.monitor,
        subject=world.measure,
        status="in_progress",
        reason="Работы начались",
        evidence=evidence(),
    )
    of_atyrau = actions.propose_change(
        actor=world.atyrau_head,
        subject=atyrau_road_map.measures.get(),
        status="stalled",
        reason="Подрядчик ушёл",
        evidence=evidence(),
    )
    of_promise = actions.propose_change(
        actor=central_head,
        subject=world.promise,
        verdict="kept",
        reason="Выполнено",
        evidence=evidence(),
    )

    def queue(user, **filters) -> set[int]:
        client.force_login(user)
        page = client.get(reverse("programme:changes"), {"state": "pending", **filters})
        assert page.status_code == 200
        return {change.pk for change in page.context["rows"]}

    assert queue(world.atyrau_head) == {of_atyrau.pk}
    assert queue(world.atyrau_head, mine="on") == set()  # their own: another decides it
    assert queue(world.head) == {of_kostanay.pk}
    assert queue(world.head, mine="on") == {of_kostanay.pk}
    assert queue(world.monitor) == {of_kostanay.pk}
    assert queue(world.monitor, mine="on") == set()
    admin = user_with_role("central_admin", tree.central, "central-admin")
    assert queue(admin) == {of_kostanay.pk, of_atyrau.pk, of_promise.pk}
    assert queue(central_head, mine="on") == {of_kostanay.pk, of_atyrau.pk}
    # And a change outside their scope is a 404, not a page.
    client.force_login(world.atyrau_head)
    assert client.get(change_url(of_kostanay)).status_code == 404
    assert client.post(change_url(of_kostanay, "approve"), {}).status_code == 404


def test_a_head_loads_a_road_map_and_its_measure_and_assigns_a_monitor(client, world, tree):
    client.force_login(world.head)
    response = client.post(
        reverse("programme:road-map-new"),
        {
            "programme": world.programme.code,
            "code": "kostanay-2022",
            "title_kk": "Жаңа жол картасы",
            "title_ru": "Новая дорожная карта",
            "branch": tree.kostanay.code,
            "territory": tree.kostanay.territory.kato,
            "approved_on": "2022-01-15",
            "promises": [world.other_promise.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    road_map = RoadMap.objects.get(code="kostanay-2022")
    assert list(road_map.promises.all()) == [world.other_promise]
    response = client.post(
        step_url(road_map, "measure"),
        {
            "code": "R1",
            "title_kk": "Жол жөндеу",
            "title_ru": "Ремонт дорог",
            "deadline": "2024-12-31",
            "territory": tree.rudny.territory.kato,
            "promises": [world.other_promise.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    member = tree.members["kostanay-rudny"]
    card = {"person": member.membership.card_number, "since": "2022-02-01"}
    response = client.post(step_url(road_map, "monitor"), card)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert road_map.monitors.get().person == member
    # Once assigned, the same card is refused beside its field, nothing changed.
    response = client.post(step_url(road_map, "monitor"), card)
    assert response.status_code == 400 and road_map.monitors.count() == 1
    # An Atyrau head may not load one for Kostanay: the branch is not among their choices.
    client.force_login(world.atyrau_head)
    response = client.post(
        reverse("programme:road-map-new"),
        {
            "programme": world.programme.code,
            "code": "kostanay-2023",
            "title_kk": "x",
            "title_ru": "x",
            "branch": tree.kostanay.code,
            "territory": tree.kostanay.territory.kato,
            "approved_on": "2023-01-15",
        },
    )
    assert response.status_code == 400
    assert not RoadMap.objects.filter(code="kostanay-2023").exists()


def test_the_admin_shows_the_programme_and_changes_nothing(client, world):
    admin_user = User.objects.create_superuser("root", "root@example.kz", "x-Long-pass-1")
    client.force_login(admin_user)
    for model in ("programme", "promise", "roadmap", "measure", "indicator", "change"):
        assert client.get(reverse(f"admin:programme_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:programme_measure_change", args=[world.measure.pk]))
    assert page.status_code == 200
    assert b'name="title_ru"' not in page.content  # shown, not offered to edit
    assert client.get(reverse("admin:programme_measure_add")).status_code == 403


def test_evidence_uploaded_with_a_change_is_kept_with_its_hash_and_served_only_in_scope(
    client, world
):
    client.force_login(world.monitor)
    pdf = SimpleUploadedFile("act.pdf", b"%PDF-1.4 decree", "application/pdf")
    data = {"status": "in_progress", "reason": "Постановление акимата", **EVIDENCE, "url": ""}
    response = client.post(step_url(world.measure, "change"), {**data, "document": pdf})
    assert response.status_code == 302, response.content.decode()[:2000]
    piece = Change.objects.get().evidence.get()
    assert piece.document_name == "act.pdf" and len(piece.document_sha256) == 64
    url = reverse("programme:evidence-document", args=[piece.change_id, piece.pk])
    client.force_login(world.head)
    page = client.get(change_url(piece.change))
    assert piece.document_sha256 in page.content.decode()
    assert client.get(url).status_code == 200
    client.force_login(world.atyrau_head)
    assert client.get(url).status_code == 404


def _queries(client, address: str, **query) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(address, query).status_code == 200
    return len(captured.captured_queries)


def test_a_road_maps_page_lists_its_measures_a_page_at_a_time_in_as_many_queries(client, world):
    client.force_login(world.head)
    address = world.road_map.get_absolute_url()
    few = _queries(client, address)
    many_measures(world, 120)  # 121 measures in all: three pages of 50
    assert _queries(client, address) == few
    assert _queries(client, address, page=3) == few
    response = client.get(address, {"page": 3})
    page = response.context["page"]
    assert (page.paginator.count, page.number, page.paginator.num_pages) == (121, 3, 3)
    rows = response.context["measures"]
    assert [m.code for m in rows] == [f"Z{n:04d}" for n in range(99, 120)]
    # Progress is put on the page's rows; the road map's own reads all its measures.
    assert {m.progress.attainment for m in rows} == {0.5}
    assert response.context["progress"].attainment == pytest.approx((0.5 * 120 + 0.5) / 121)
    content = response.content.decode()
    assert "page=2" in content and "Z0098" not in content and "Z0099" in content


def test_a_promises_page_lists_its_measures_a_page_at_a_time_in_as_many_queries(client, world):
    client.force_login(world.head)
    address = reverse("programme:promise", args=[world.promise.pk])
    few = _queries(client, address)
    many_measures(world, 60, serving=True)  # with world's own measure: 61, two pages
    assert _queries(client, address) == few
    response = client.get(address, {"page": 2})
    assert response.context["page"].paginator.count == 61
    rows = response.context["measures"]
    assert [m.code for m in rows] == [f"Z{n:04d}" for n in range(49, 60)]
    assert {m.progress.attainment for m in rows} == {0.5}
    # The promise's progress still rolls up every measure serving it.
    assert response.context["progress"].attainment == pytest.approx((0.5 * 60 + 0.5) / 61)


def test_a_promise_page_links_only_the_pending_changes_its_reader_may_open(client, world):
    change = actions.propose_change(
        actor=world.monitor,
        subject=world.promise,
        verdict="partially_kept",
        reason="Водопровод проведён в половину сёл",
        evidence=evidence(),
    )
    link = reverse("programme:change", args=[change.pk]).encode()
    client.force_login(world.monitor)
    assert link in client.get(world.promise.get_absolute_url()).content
    # Atyrau's head reads the national promise, but its pending change is not theirs.
    client.force_login(world.atyrau_head)
    page = client.get(world.promise.get_absolute_url())
    assert page.status_code == 200 and link not in page.content
    assert client.get(link.decode()).status_code == 404
