"""A deputy's month on its page: the components as computed (never a stale figure: the month
is recomputed when looked at until it is published), the records behind each count, the
correction window's dates, a correction submitted with evidence inside the window and not
after it, what the office's confirmation changes, and who may open whose month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from esep.access.landing import landing_for
from esep.appeals.tests.factories import StateBodyFactory
from esep.deputies import actions
from esep.deputies.models import Correction, Inquiry, Snapshot
from esep.receptions.models import Reception

pytestmark = pytest.mark.django_db

MARCH = dt.date(2021, 3, 1)


@pytest.fixture
def on(monkeypatch):
    """Freeze the local date the pages and actions read."""

    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze


@pytest.fixture
def march(council):
    """March 2021: the deputy held a reception at the central market and missed the first
    sitting; everyone else attended."""
    start = dt.datetime(2021, 3, 3, 5, tzinfo=dt.UTC)
    reception = Reception.objects.create(
        branch=council.tree.kostanay,
        territory=council.tree.kostanay.territory,
        kind="mobile",
        place_type="market",
        address="Орталық базар",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        status="held",
        people_received=7,
        created_by=council.office,
    )
    reception.receivers.set([council.mandate.person])
    council.sitting = actions.record_sitting(
        actor=council.office,
        convocation=council.convocation,
        number=1,
        held_on=dt.date(2021, 3, 4),
        marks={
            m.pk: ("absent" if m == council.mandate else "present", "")
            for m in council.convocation.mandates.in_office(dt.date(2021, 3, 4))
        },
    )
    return council


def month_url(mandate=None, month: str = "2021-03") -> str:
    query = f"?month={month}" + (f"&mandate={mandate.pk}" if mandate else "")
    with translation.override("en"):  # the page in English, whose texts the test reads
        return reverse("deputies:month") + query


def correction_data(**fields) -> dict:
    return {
        "correction-component": "initiatives",
        "correction-adjustment": "2",
        "correction-explanation": "Сессияға екі жоба енгіздім",
        "correction-evidence": SimpleUploadedFile(
            "protocol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf"
        ),
        **fields,
    }


def test_a_deputy_lands_on_their_own_month(council):
    assert landing_for(council.deputy).startswith(reverse("deputies:month"))


def test_the_month_shows_each_component_and_the_records_counted(client, march, on):
    on(dt.date(2021, 4, 2))
    client.force_login(march.deputy)
    response = client.get(month_url())
    assert response.status_code == 200
    page = response.content.decode()
    # Computed on view: the snapshot exists and the page shows its figures.
    snapshot = Snapshot.objects.get(mandate=march.mandate, month=MARCH)
    assert response.context["snapshot"] == snapshot
    parts = {p.component: p for p in response.context["parts"]}
    assert parts["receptions"].raw == "1.0000" and parts["receptions"].weight == "20.00"
    assert (parts["attendance"].numerator, parts["attendance"].denominator) == (0, 1)
    assert parts["measures"].available is False
    assert "absent: nothing to count this month" in page
    assert "Орталық базар" in page  # the reception counted
    assert "v1" in page and "31" in page  # the method version, the days in office
    # The window: 1 April to Wednesday 7 April 2021; open, so the form is offered.
    assert "01.04.2021 – 07.04.2021" in page
    assert 'id="step-correction"' in page


def test_a_figure_is_never_stale_before_publication(client, march, on):
    on(dt.date(2021, 4, 2))
    client.force_login(march.deputy)
    client.get(month_url())
    Inquiry.objects.create(
        mandate=march.mandate,
        state_body=StateBodyFactory.create(),
        subject="Жол жөндеу",
        sent_on=dt.date(2021, 3, 9),
        recorded_by=march.office,
    )
    response = client.get(month_url())
    parts = {p.component: p for p in response.context["parts"]}
    assert parts["inquiries"].raw == "1.0000"
    assert "Жол жөндеу" in response.content.decode()


def test_the_deputy_submits_a_correction_in_the_window_and_not_after(client, march, on):
    client.force_login(march.deputy)
    on(dt.date(2021, 4, 7))  # the window's last day
    response = client.post(month_url(), correction_data())
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.component, correction.adjustment, correction.state) == (
        "initiatives",
        2,
        "pending",
    )
    assert correction.evidence_name == "protocol.pdf" and correction.evidence_sha256
    on(dt.date(2021, 4, 8))
    page = client.get(month_url())
    assert 'id="step-correction"' not in page.content.decode()
    assert "It has closed." in page.content.decode()
    assert client.post(month_url(), correction_data()).status_code == 403
    assert Correction.objects.count() == 1


def test_a_correction_needs_its_evidence_and_a_count(client, march, on):
    client.force_login(march.deputy)
    on(dt.date(2021, 4, 2))
    data = correction_data()
    del data["correction-evidence"]
    response = client.post(month_url(), data)
    assert response.status_code == 400
    assert response.context["form"].errors["evidence"]
    response = client.post(month_url(), correction_data(**{"correction-adjustment": ""}))
    assert response.status_code == 400
    assert response.context["form"].errors["adjustment"]
    assert not Correction.objects.exists()


def test_a_sittings_mark_is_corrected_and_counts_once_confirmed(client, march, on):
    client.force_login(march.deputy)
    on(dt.date(2021, 4, 2))
    response = client.post(
        month_url(),
        correction_data(
            **{
                "correction-component": "attendance",
                "correction-adjustment": "",
                "correction-sitting": str(march.sitting.pk),
                "correction-mark": "present",
            }
        ),
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.sitting, correction.mark) == (march.sitting, "present")
    client.force_login(march.office)
    confirmed = client.post(
        reverse("deputies:correction-step", args=[correction.pk, "confirm"]), {"confirm-note": ""}
    )
    assert confirmed.status_code == 302
    client.force_login(march.deputy)
    parts = {p.component: p for p in client.get(month_url()).context["parts"]}
    assert (parts["attendance"].numerator, parts["attendance"].denominator) == (1, 1)


def test_the_office_confirms_and_the_deputys_month_shows_the_new_value(client, march, on):
    on(dt.date(2021, 4, 2))
    client.force_login(march.deputy)
    before = {p.component: p for p in client.get(month_url()).context["parts"]}
    assert before["initiatives"].raw == "0.0000"
    client.post(month_url(), correction_data())
    correction = Correction.objects.get()
    client.force_login(march.office)
    response = client.post(
        reverse("deputies:correction-step", args=[correction.pk, "confirm"]),
        {"confirm-note": "Хаттама бар"},
    )
    assert response.status_code == 302
    client.force_login(march.deputy)
    response = client.get(month_url())
    after = {p.component: p for p in response.context["parts"]}
    assert after["initiatives"].raw == "2.0000"
    assert response.context["snapshot"].score is not None
    assert "Confirmed" in response.content.decode()


def test_the_office_opens_a_deputys_month_and_an_outsider_does_not(client, march, on):
    on(dt.date(2021, 4, 20))  # after the window: the office may still record a correction
    client.force_login(march.office)
    response = client.get(month_url(march.mandate))
    assert response.status_code == 200
    assert 'id="step-correction"' in response.content.decode()
    client.force_login(march.outsider)
    assert client.get(month_url(march.mandate)).status_code == 404
    client.force_login(march.deputy)
    assert client.get(month_url(march.atyrau_mandate)).status_code == 404
    assert client.get(month_url(month="2020-12")).status_code == 404  # before the mandate


def test_a_user_without_a_mandate_is_told_so(client, council):
    client.force_login(council.office)
    with translation.override("en"):
        response = client.get(reverse("deputies:month"))
    assert response.status_code == 200
    assert "You hold no mandate" in response.content.decode()
