"""The office's side of the rating: the corrections' queue (pending first, its filters and
export), a correction's page where another person of the branch confirms or refuses it (a
refusal with its reason; never the deputy), its evidence served only to those who see it;
a branch's months, recomputed and published once the window has closed and no correction
pends; the methodology's versions and a new one made by the central office only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from esep.deputies import actions
from esep.deputies.models import Correction, Method, Publication, Snapshot

pytestmark = pytest.mark.django_db

MARCH = dt.date(2021, 3, 1)
PDF = b"%PDF-1.4 a protocol of the session"


def url(name: str, *args) -> str:
    with translation.override("en"):  # pages in English, whose texts the tests read
        return reverse(name, args=args)


@pytest.fixture
def on(monkeypatch):
    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze


def submit(council, on, *, component="initiatives", adjustment=1, day=dt.date(2021, 4, 2)):
    on(day)
    return actions.submit_correction(
        actor=council.deputy,
        mandate=council.mandate,
        month=MARCH,
        component=component,
        adjustment=adjustment,
        explanation="Сессия хаттамасы",
        evidence=SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf"),
    )


def step(correction: Correction, name: str) -> str:
    return url("deputies:correction-step", correction.pk, name)


def test_the_queue_is_opened_on_pending_corrections_and_exports_them(client, council, on):
    pending = submit(council, on)
    decided = submit(council, on, component="voter_reports")
    actions.refuse_correction(actor=council.office, correction=decided, note="Дәлел жоқ")
    client.force_login(council.office)
    # The menu leads to those awaiting a decision.
    menu = client.get(url("deputies:rating-months")).context["nav"]["rating"]
    assert menu.endswith("?state=pending")
    response = client.get(menu)
    assert response.status_code == 200
    assert list(response.context["rows"]) == [pending]
    every = client.get(url("deputies:corrections"))
    assert {c.pk for c in every.context["rows"]} == {pending.pk, decided.pk}
    chosen = client.get(
        url("deputies:corrections") + "?state=refused&month=2021-03&body=kostanay-oblast"
    )
    assert list(chosen.context["rows"]) == [decided]
    assert not client.get(url("deputies:corrections") + "?state=&month=2021-04").context["rows"]
    export = client.get(url("deputies:correction-export", "csv") + "?state=")
    assert export.status_code == 200
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert council.mandate.person.full_name in text and "Дәлел жоқ" in text and "+1" in text
    # Atyrau's head sees none of Kostanay's corrections.
    client.force_login(council.outsider)
    assert not client.get(url("deputies:corrections") + "?state=").context["rows"]


def test_a_refusal_needs_a_reason(client, council, on):
    correction = submit(council, on)
    client.force_login(council.office)
    response = client.post(step(correction, "refuse"), {"refuse-note": ""})
    assert response.status_code == 400
    correction.refresh_from_db()
    assert correction.state == "pending"
    response = client.post(step(correction, "refuse"), {"refuse-note": "Хаттамада жоқ"})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.state, correction.decision_note) == ("refused", "Хаттамада жоқ")
    # The deputy reads the officer's reason on their month.
    client.force_login(council.deputy)
    month = client.get(url("deputies:month") + "?month=2021-03")
    assert "Хаттамада жоқ" in month.content.decode()


def test_the_deputy_cannot_confirm_their_own_correction(client, council, on):
    correction = submit(council, on)
    client.force_login(council.deputy)
    page = client.get(url("deputies:correction", correction.pk))
    assert page.status_code == 200
    assert 'id="step-confirm"' not in page.content.decode()
    assert client.post(step(correction, "confirm"), {"confirm-note": ""}).status_code == 403
    correction.refresh_from_db()
    assert correction.state == "pending"
    # The office is offered both steps, and confirms.
    client.force_login(council.office)
    page = client.get(url("deputies:correction", correction.pk)).content.decode()
    assert 'id="step-confirm"' in page and 'id="step-refuse"' in page
    assert client.post(step(correction, "confirm"), {"confirm-note": ""}).status_code == 302
    correction.refresh_from_db()
    assert (correction.state, correction.decided_by) == ("confirmed", council.office)


def test_the_evidence_is_served_only_to_who_sees_the_correction(client, council, on):
    correction = submit(council, on)
    evidence = url("deputies:correction-evidence", correction.pk)
    for user in (council.deputy, council.office, council.central):
        client.force_login(user)
        response = client.get(evidence)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert "protocol.pdf" in response["Content-Disposition"]
    client.force_login(council.outsider)
    assert client.get(evidence).status_code == 404
    assert client.get(url("deputies:correction", correction.pk)).status_code == 404
    client.logout()
    assert client.get(evidence).status_code == 302  # to the login


def test_a_month_is_published_after_its_window_with_no_correction_pending(client, council, on):
    branch = url("deputies:rating-branch", council.tree.kostanay.pk)
    publish = url("deputies:rating-branch-step", council.tree.kostanay.pk, "publish")
    client.force_login(council.office)
    on(dt.date(2021, 4, 5))
    page = client.get(branch)
    assert page.status_code == 200
    assert "01.04.2021 – 07.04.2021" in page.content.decode()
    # The window is open until 7 April.
    refused = client.post(publish, {"publish-month": "2021-03-01"})
    assert refused.status_code == 400
    assert "publish after it" in refused.content.decode()
    # A correction pends.
    correction = submit(council, on, day=dt.date(2021, 4, 6))
    on(dt.date(2021, 4, 8))
    pending = client.post(publish, {"publish-month": "2021-03-01"})
    assert pending.status_code == 400
    assert "still await a decision" in pending.content.decode()
    actions.refuse_correction(actor=council.office, correction=correction, note="Жоқ")
    done = client.post(publish, {"publish-month": "2021-03-01"})
    assert done.status_code == 302
    publication = Publication.objects.get()
    assert (publication.month, publication.revision, publication.deputies) == (MARCH, 1, 6)
    page = client.get(branch).content.decode()
    assert "revision 1: " in page
    # The deputy sees their month as published.
    client.force_login(council.deputy)
    month = client.get(url("deputies:month") + "?month=2021-03")
    assert month.context["snapshot"].publication == publication


def test_the_office_recomputes_a_month_and_others_are_not_offered_it(client, council, on):
    on(dt.date(2021, 4, 5))
    recompute = url("deputies:rating-branch-step", council.tree.kostanay.pk, "recompute")
    client.force_login(council.office)
    assert client.post(recompute, {"recompute-month": "2021-03-01"}).status_code == 302
    assert Snapshot.objects.filter(month=MARCH).count() == 6  # Kostanay's, not Atyrau's
    # A deputy sees the branch's months but is offered neither step.
    client.force_login(council.deputy)
    page = client.get(url("deputies:rating-branch", council.tree.kostanay.pk))
    assert page.status_code == 200 and 'id="step-publish"' not in page.content.decode()
    assert client.post(recompute, {"recompute-month": "2021-03-01"}).status_code == 403
    # Atyrau's head does not see Kostanay's months.
    client.force_login(council.outsider)
    assert client.get(url("deputies:rating-branch", council.tree.kostanay.pk)).status_code == 404
    index = client.get(url("deputies:rating-months"))
    assert list(index.context["branches"]) == [council.tree.atyrau, council.tree.atyrau_city]


def test_the_central_office_adds_a_version_of_the_methodology(client, council):
    client.force_login(council.office)
    listed = client.get(url("deputies:methods"))
    assert listed.status_code == 200 and "Version 1, from 01.2021" in listed.content.decode()
    assert url("deputies:method-new") not in listed.content.decode()
    assert client.get(url("deputies:method-new")).status_code == 403
    client.force_login(council.central)
    form = client.get(url("deputies:method-new"))
    assert form.status_code == 200
    # The form starts from the latest version's weights.
    assert form.context["form"]["receptions_weight"].initial == 20
    response = client.post(
        url("deputies:method-new"),
        {
            "valid_from": "2021-05",
            "notes_en": "Receptions weigh more",
            "receptions_weight": "30",
            "receptions_standard": "2",
            "attendance_weight": "10",
            "attendance_standard": "0.9",
        },
    )
    assert response.status_code == 302
    method = Method.objects.get(version=2)
    assert method.valid_from == dt.date(2021, 5, 1)
    assert {w.component: (w.weight, w.standard) for w in method.weights.all()} == {
        "receptions": (Decimal(30), Decimal(2)),
        "attendance": (Decimal(10), Decimal("0.9")),
    }
    page = client.get(url("deputies:methods")).content.decode()
    assert "Version 2, from 05.2021" in page and "Receptions weigh more" in page
    # A weight without its standard is refused on the form.
    refused = client.post(
        url("deputies:method-new"), {"valid_from": "2021-06", "receptions_weight": "30"}
    )
    assert refused.status_code == 400
    assert refused.context["form"].errors["receptions_standard"]
