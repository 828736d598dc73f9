"""The beneficiaries' and deliveries' imports: read as every import reads a spreadsheet,
all rows or none, each problem on its row and column in the uploader's language,
duplicates found within the file and against the campaign by head and by address, the
campaign's money respected; through the upload page and its job too."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from esep.aid import imports
from esep.aid.models import Delivery, Household, ImportJob
from esep.aid.tests.conftest import new_iin
from esep.audit.models import Event
from esep.lib.sheets import ImportFailed
from esep.org.models import Person

pytestmark = pytest.mark.django_db

HEADER = "ЖСН;Тегі;Аты;Әкесінің аты;Телефон;Мекенжай;КАТО;Отбасы мүшелері;Санаты;Себебі"


def households_csv(rows: list[str]) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def row(
    kato: str, *, iin: str = "", address: str = "", category: str = "көп балалы", reason: str = ""
) -> str:
    return ";".join(
        [
            iin or new_iin(),
            "Омаров",
            "Ерлан",
            "",
            "+7 701 555 12 34",
            address or f"Абай көшесі {new_iin()[-4:]} үй",
            kato,
            "5",
            category,
            reason,
        ]
    )


def test_families_are_imported_with_their_heads(officer, campaign, household, tree):
    kato = tree.atyrau_city.territory.kato
    known = household.head.iin
    content = households_csv(
        [
            row(kato, address="Жібек жолы 1"),
            row(kato, address="Жібек жолы 2", category="pensioner"),
            row(kato, iin=known, address="Абая 5-3", reason="Екінші рет: үйі су астында қалды"),
        ]
    )
    people = Person.objects.count()
    imported = imports.import_households(
        content, actor=officer, campaign=campaign, branch=tree.atyrau_city
    )
    assert imported.counts == {"households": 3, "people": 2}
    assert Person.objects.count() == people + 2
    numbers = list(campaign.households.order_by("number").values_list("number", "category"))
    assert numbers == [
        (1, "large_family"),
        (2, "large_family"),
        (3, "pensioner"),
        (4, "large_family"),
    ]
    assert campaign.households.get(number=4).head == household.head


def test_duplicates_in_the_file_and_in_the_campaign_are_each_rows_problem(
    officer, campaign, household, tree
):
    kato = tree.atyrau_city.territory.kato
    twin = new_iin()
    content = households_csv(
        [
            row(kato, iin=household.head.iin, address="Жаңа 1"),  # row 2: head in the campaign
            row(kato, address="улица Абая, дом 5, квартира 3"),  # row 3: address in the campaign
            row(kato, iin=twin, address="Жаңа 2"),  # row 4
            row(kato, iin=twin, address="Жаңа 3"),  # row 5: head of row 4
            row(kato, address="Жаңа көшесі 2"),  # row 6: address of row 4
            row(kato, address="Жаңа 7", category="жоқ санат"),  # row 7: no such category
        ]
    )
    with pytest.raises(ImportFailed) as failed:
        imports.import_households(
            content, actor=officer, campaign=campaign, branch=tree.atyrau_city
        )
    problems = [(e.row, e.column) for e in failed.value.errors]
    assert problems == [(2, "iin"), (3, "address"), (5, "iin"), (6, "address"), (7, "category")]
    messages = {e.row: e.message for e in failed.value.errors}
    assert f"№ {household.number}" in messages[2] and household.head.iin not in messages[2]
    assert "4" in messages[5]
    assert Household.objects.count() == 1  # all or none


def test_row_errors_are_in_the_uploaders_language(officer, campaign, tree):
    content = households_csv([row(tree.atyrau_city.territory.kato, category="zzz")])
    for language in ["kk", "ru", "en"]:
        with translation.override(language), pytest.raises(ImportFailed) as failed:
            imports.import_households(
                content, actor=officer, campaign=campaign, branch=tree.atyrau_city
            )
        with translation.override(language):
            expected = gettext("No such category: “%(value)s”.") % {"value": "zzz"}
        assert failed.value.errors[0].message == expected


def test_a_territory_outside_the_branchs_area_is_refused(officer, campaign, tree):
    content = households_csv([row(tree.rudny.territory.kato)])
    with pytest.raises(ImportFailed) as failed:
        imports.import_households(
            content, actor=officer, campaign=campaign, branch=tree.atyrau_city
        )
    assert [(e.row, e.column) for e in failed.value.errors] == [(2, "territory")]


def test_deliveries_are_imported_by_head_with_both_date_forms(officer, campaign, household, tree):
    content = "\n".join(
        [
            "ЖСН,Берілген күні,Көмек түрі,Сомасы,Кім берді,Растау,Растау нөмірі",
            f"{household.head.iin},15.04.2020,ақша,20 000,Ерлан,смс,4411",
            f"{household.head.iin},2020-05-02,азық-түлік,15000,Ерлан,қолы,17",
        ]
    ).encode()
    imported = imports.import_deliveries(content, actor=officer, campaign=campaign)
    assert imported.counts == {"deliveries": 2}
    got = list(
        Delivery.objects.order_by("delivered_on").values_list(
            "delivered_on", "kind", "amount", "confirmation"
        )
    )
    assert got == [
        (dt.date(2020, 4, 15), "money", 20000, "sms"),
        (dt.date(2020, 5, 2), "food", 15000, "signature"),
    ]


def test_deliveries_beyond_the_money_are_refused_whole(officer, campaign, household):
    content = "\n".join(
        [
            "iin,delivered_on,kind,amount",
            f"{household.head.iin},2020-04-15,money,600000",
            f"{household.head.iin},2020-04-16,money,500000",
            f"{new_iin()},2020-04-17,money,1",
        ]
    ).encode()
    with pytest.raises(ImportFailed) as failed:
        imports.import_deliveries(content, actor=officer, campaign=campaign)
    assert [(e.row, e.column) for e in failed.value.errors] == [(3, "amount"), (4, "iin")]
    assert not Delivery.objects.exists()


def test_the_upload_page_runs_the_job_and_shows_its_problems(
    client, officer, campaign, tree, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    url = reverse("aid:import-households", args=[campaign.code]) + "?branch=atyrau-city"
    assert client.get(url).status_code == 200
    good = households_csv([row(tree.atyrau_city.territory.kato)])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": io.BytesIO(good) | _named("families.csv")})
    job = ImportJob.objects.get()
    assert response.url == reverse("aid:import-job", args=[job.pk])
    assert job.state == "done" and job.counts["households"] == 1 and job.branch == tree.atyrau_city
    page = client.get(response.url)
    assert page.status_code == 200
    bad = households_csv([row("999999999")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": io.BytesIO(bad) | _named("families.csv")})
    page = client.get(response.url)
    assert page.context["job"].state == "failed"
    assert page.context["problems"][0]["row"] == 2


def test_the_templates_are_read_back(client, officer, campaign, tree):
    client.force_login(officer)
    for name, columns in [
        ("aid:import-households-template", imports.HOUSEHOLDS),
        ("aid:import-deliveries-template", imports.DELIVERIES),
    ]:
        response = client.get(reverse(name, args=[campaign.code]))
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert columns.header(header) == list(columns.codes)


class _named:
    """`BytesIO | _named("x.csv")`: an upload with a file name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __ror__(self, content: io.BytesIO) -> io.BytesIO:
        content.name = self.name
        return content


def test_the_command_imports_at_once_and_says_the_rate(officer, campaign, tree, tmp_path):
    from django.core.management import call_command

    file = tmp_path / "families.csv"
    file.write_bytes(households_csv([row(tree.atyrau_city.territory.kato) for _ in range(3)]))
    out = io.StringIO()
    call_command(
        "import-aid",
        "households",
        campaign.code,
        str(file),
        "--branch",
        "atyrau-city",
        "--user",
        officer.username,
        "--language",
        "en",
        stdout=out,
    )
    assert "Imported: 3 families (3 new people)." in out.getvalue()
    assert "rows a second" in out.getvalue()
    assert campaign.households.filter(branch=tree.atyrau_city).count() == 3


def test_a_file_longer_than_a_chunk_is_written_chunk_by_chunk(officer, campaign, tree, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK", 2)
    kato = tree.atyrau_city.territory.kato
    content = households_csv([row(kato) for _ in range(5)])
    seen: list[tuple[int, int]] = []
    imported = imports.import_households(
        content,
        actor=officer,
        campaign=campaign,
        branch=tree.atyrau_city,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert imported.counts == {"households": 5, "people": 5}
    assert list(campaign.households.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    batches = Event.objects.filter(action="aid.households_imported").order_by("pk")
    assert [e.changes["numbers"] for e in batches] == [[1, 2], [3, 4], [5, 5]]
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5), (5, 5)]
