import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from esep.figures import reports
from esep.figures.compute import parse_scope
from esep.figures.models import PublishedReport
from esep.figures.periods import Period
from esep.org.roles import CAPABILITIES, Capability, Role
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
QUERY = {"scope": "atyrau", "start": "2021-01-01", "end": "2021-12-31"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_dashboard_values_drill_to_the_same_number(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    page = client.get(reverse("figures:dashboard"), QUERY)
    assert page.status_code == 200
    headline = {row.code: (row.value, row.previous) for row, _change in page.context["headline"]}
    assert headline["appeals.received"] == (6, 1)  # 2020: the appeal of 30 December
    # Each value links to its drill-down, in the page's language.
    for language in ("kk", "ru"):
        shown = client.get(f"/{language}" + reverse("figures:dashboard")[3:], QUERY)
        html = shown.content.decode()
        for code in ("appeals.received", "appeals.overdue_now", "receptions.held"):
            assert f'href="/{language}/figures/drill/{code}/?' in html, (language, code)
    drill = client.get(reverse("figures:drill", args=["appeals.received"]), QUERY)
    assert drill.context["page"].paginator.count == 6 == drill.context["value"]
    share = client.get(reverse("figures:drill", args=["appeals.resolved_positively_share"]), QUERY)
    assert [part.code for part, _url in share.context["parts"]] == [
        "appeals.resolved_positively",
        "appeals.received",
    ]
    months = client.get(
        reverse("figures:drill", args=["appeals.received"]), {**QUERY, "group": "month:2021-01"}
    )
    assert months.context["page"].paginator.count == 3  # a4 (4 Jan) and the two mobile ones
    assert {g[0] for g in page.context["sub"]} == {tree.atyrau.path, tree.atyrau_city.path}
    inplace = client.get(
        reverse("figures:dashboard"), {**QUERY, "breakdown": "category"}, HTTP_HX_REQUEST="true"
    )
    assert inplace.templates[0].name == "figures/_dashboard.html"


def test_charts_are_static_svg_and_exports_speak_the_users_language(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    svg = client.get(reverse("figures:chart", args=["trend"]), QUERY)
    assert svg["Content-Type"] == "image/svg+xml" and b"<script" not in svg.content
    csv = client.get("/ru" + reverse("figures:export", args=["csv"])[3:], QUERY)
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Код,Показатель")
    assert "appeals.received" in text
    xlsx = client.get(reverse("figures:export", args=["xlsx"]), {**QUERY, "table": "branch"})
    assert xlsx.content[:2] == b"PK"


def test_figures_are_refused_without_a_reading_role(client, world, tree):
    client.force_login(user_with_role("state_body_contact", tree.atyrau))
    assert client.get(reverse("figures:dashboard"), QUERY).status_code == 403
    assert client.get(reverse("figures:drill", args=["appeals.received"]), QUERY).status_code == 403
    client.logout()
    assert client.get(reverse("figures:dashboard")).status_code == 302


SEES_FIGURES = {
    Role.CENTRAL_ADMIN: True,
    Role.BRANCH_HEAD: True,
    Role.RECEPTION_OFFICER: True,
    Role.ANALYST: True,
    Role.AUDITOR: True,
    Role.DEPUTY: True,
    Role.STATE_BODY_CONTACT: False,
    # A monitor's rights come from their road maps, none from the role.
    Role.MONITOR: False,
}


@pytest.mark.parametrize("role", list(Role))
def test_who_sees_the_dashboard_by_role(client, world, tree, role):
    client.force_login(user_with_role(role, tree.atyrau, f"{role}-reader"))
    status = client.get(reverse("figures:dashboard"), QUERY).status_code
    assert status == (200 if SEES_FIGURES[role] else 403)


def test_the_dashboard_is_given_by_the_role_table_alone(client, world, tree, monkeypatch):
    # Seeing appeals and party work is not enough: the role must hold view_figures.
    without = CAPABILITIES[Role.ANALYST] - {Capability.VIEW_FIGURES}
    monkeypatch.setitem(CAPABILITIES, Role.ANALYST, without)
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    assert client.get(reverse("figures:dashboard"), QUERY).status_code == 403
    assert client.get(reverse("figures:export", args=["csv"]), QUERY).status_code == 403


def test_another_regions_analyst_counts_only_their_own(client, world, tree):
    client.force_login(user_with_role("analyst", tree.kostanay, "kostanay-analyst"))
    page = client.get(reverse("figures:dashboard"), {**QUERY, "scope": "000000000"})
    headline = {row.code: row.value for row, _change in page.context["headline"]}
    assert headline["appeals.received"] == 1
    drill = client.get(
        reverse("figures:drill", args=["appeals.received"]), {**QUERY, "scope": "230000000"}
    )
    assert drill.context["page"].paginator.count == 0  # Atyrau's territory: none of theirs
    # Atyrau's branch is not a scope they may choose at all.
    assert client.get(reverse("figures:drill", args=["appeals.received"]), QUERY).status_code == 400


def test_published_report_stays_as_published(client, world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    client.force_login(analyst)
    response = client.post(reverse("figures:freeze"), QUERY)
    report = PublishedReport.objects.get()
    assert response.url == reverse("figures:report-edit", args=[report.pk])
    draft = client.get(response.url).context["form"].initial
    assert "6 өтініш түсті, оның 2-сі оң шешілді (33,3%)" in draft["press_kk"].replace("\xa0", " ")
    assert "поступило 6 обращений" in draft["press_ru"].replace("\xa0", " ")
    assert client.get(reverse("figures:report", args=[report.pk])).status_code == 404  # a draft
    edited = draft["press_kk"] + "\n\nФилиал жұмысын жалғастырады."
    bad = client.post(response.url, {"press_kk": edited, "press_ru": ""})
    assert bad.status_code == 400
    client.post(response.url, {"press_kk": edited, "press_ru": draft["press_ru"]})
    report.refresh_from_db()
    assert report.published_at is not None and report.sha256 == report.digest()
    assert report.press_kk.endswith("Филиал жұмысын жалғастырады.")
    # A late correction: another appeal of 2021 entered after publication.
    world["appeal"](
        tree.atyrau,
        dt.datetime(2021, 11, 3, 5, tzinfo=dt.UTC),
        channel="letter",
        text="Кеш тіркелген",
    )
    client.logout()
    public = client.get(reverse("figures:report", args=[report.pk]))
    lines = {line["code"]: line for line in public.context["lines"]}
    assert lines["appeals.received"]["value"] == 6
    assert lines["appeals.received"]["now"] == 7 and lines["appeals.received"]["changed"]
    assert not lines["receptions.held"]["changed"]
    assert public.context["intact"]
    report.press_kk = "Өзгертілген"
    with pytest.raises(ValidationError):
        report.save()
    assert client.get(reverse("figures:reports")).context["page"].object_list[0] == report


def test_a_report_holds_the_figures_chosen(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    chosen = ["receptions.people_received", "appeals.received"]
    client.post(reverse("figures:freeze"), {**QUERY, "figure": chosen})
    report = PublishedReport.objects.get()
    assert [f["code"] for f in report.figures] == ["appeals.received", "receptions.people_received"]
    people = report.figure("receptions.people_received")
    received = report.figure("appeals.received")
    assert people is not None and received is not None
    assert people["value"] == 52
    assert received["label"]["ru"] == "Поступило обращений"


def test_a_report_altered_after_publication_is_shown_as_altered(client, world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    period = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    report = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=period, codes=["appeals.received"]
    )
    reports.publish(actor=analyst, report=report, press_kk="Хабарлама", press_ru="Сообщение")
    page, api = reverse("figures:report", args=[report.pk]), f"/api/v1/reports/{report.pk}/"
    assert client.get(page).context["intact"] and APIClient().get(api).json()["intact"]
    # Saving a published report is refused; a write past the model is what the hash is for.
    PublishedReport.objects.filter(pk=report.pk).update(press_ru="Подменённое сообщение")
    assert PublishedReport.objects.get(pk=report.pk).intact is False
    assert not client.get(page).context["intact"]
    assert APIClient().get(api).json()["intact"] is False


def test_a_reports_figures_read_in_the_language_asked_or_in_kazakh(world, tree):
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    period = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    report = reports.freeze(
        actor=analyst, scope=parse_scope("atyrau"), period=period, codes=["appeals.received"]
    )
    [russian] = report.figures_in("ru")
    assert russian["label"] == "Поступило обращений"
    assert (russian["value"], russian["unit"]) == (6, "count")
    assert report.figures_in("de") == report.figures_in("kk")
    reports.publish(actor=analyst, report=report, press_kk="Хабарлама", press_ru="Сообщение")
    listed = APIClient(HTTP_ACCEPT_LANGUAGE="ru").get(f"/api/v1/reports/{report.pk}/").json()
    assert listed["figures"] == [russian]


def test_only_publishers_of_the_branch_freeze(client, world, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau, "atyrau-officer-2"))
    assert client.post(reverse("figures:freeze"), QUERY).status_code == 403
    client.force_login(user_with_role("analyst", tree.kostanay, "kostanay-analyst"))
    assert client.post(reverse("figures:freeze"), QUERY).status_code == 403
    assert not PublishedReport.objects.exists()


def test_names_in_figure_exports_never_run_as_formulas(client, world, tree, capsys):
    # A category's name is typed by an administrator; in every export of figures (the
    # page's CSV and XLSX, the command's CSV) it stays text.
    from django.core.management import call_command
    from openpyxl import load_workbook

    from esep.appeals.models import Category

    formula = "=cmd|' /C calc'!A0"
    Category.objects.filter(code="roads").update(name_kk=formula, name_ru=formula, name_en=formula)
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    query = {**QUERY, "breakdown": "category", "table": "breakdown"}
    text = client.get(reverse("figures:export", args=["csv"]), query).content.decode("utf-8-sig")
    assert "'" + formula in text and "\n" + formula not in text and "," + formula not in text
    xlsx = client.get(reverse("figures:export", args=["xlsx"]), query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cells and {cell.data_type for cell in cells} == {"s"}
    call_command(
        "figures", "--scope", "atyrau", "--period", "2021", "--format", "csv",
        "--breakdown", "category", "--figure", "appeals.received",
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "'" + formula in out and "," + formula not in out
