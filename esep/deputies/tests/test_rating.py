"""Computing a month from esep's records: what counts (verified work only, nothing twice, a
repeat appeal within 30 days once), the peer groups and bands, idempotent recompute, the
correction window on the official calendar, confirmed corrections, frozen published months
and the revision a later correction makes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction

from esep.appeals.actions import register_appeal
from esep.appeals.models import Appeal, CalendarDay
from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control.posts.models import ControlPost, Visit
from esep.deputies import actions, rating
from esep.deputies.models import (
    Attendance,
    Correction,
    Inquiry,
    Publication,
    Sitting,
    Snapshot,
)
from esep.receptions.models import Reception

MARCH = dt.date(2021, 3, 1)
PDF = b"%PDF-1.4 evidence"


def evidence() -> SimpleUploadedFile:
    return SimpleUploadedFile("order.pdf", PDF, content_type="application/pdf")


def held_reception(council, day: dt.date, receivers) -> Reception:
    start = dt.datetime.combine(day, dt.time(5), dt.UTC)
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
    reception.receivers.set(receivers)
    return reception


def answered_appeal(council, reception, *, answered_on, late=False, repeat_of=None) -> Appeal:
    appeal = register_appeal(
        actor=None,
        channel="mobile_reception",
        kind="complaint",
        category=council.category,
        territory=council.tree.kostanay.territory,
        branch=council.tree.kostanay,
        submitter=council.tree.members["kostanay"],
        text="Ауылда су жоқ",
        language="kk",
        received_at=dt.datetime.combine(reception.day, dt.time(6), dt.UTC),
        reception=reception,
    )
    Appeal.objects.filter(pk=appeal.pk).update(
        status="answered",
        outcome="resolved_positively",
        answered_on=answered_on,
        due_on=answered_on - dt.timedelta(days=1) if late else answered_on,
        repeat_of=repeat_of,
    )
    return appeal


def sitting(council, number: int, day: dt.date, marks: dict[int, str]) -> Sitting:
    return actions.record_sitting(
        actor=council.office,
        convocation=council.convocation,
        number=number,
        held_on=day,
        marks={
            m.pk: (marks.get(m.pk, "present"), "ауырды" if marks.get(m.pk) == "excused" else "")
            for m in council.convocation.mandates.in_office(day)
        },
    )


@pytest.fixture
def month(council):
    """March 2021 of the Kostanay maslikhat: the first deputy held two receptions (one with
    a colleague), answered three appeals there (one late, one a repeat within 30 days),
    visited the control post they head twice, sent an inquiry and sat two sittings of two
    (the others missed one, one for a valid reason)."""
    council.category = CategoryFactory.create()
    first, second = council.mandates[0], council.mandates[1]
    one = held_reception(council, dt.date(2021, 3, 3), [first.person, second.person])
    held_reception(council, dt.date(2021, 3, 17), [first.person])
    original = answered_appeal(council, one, answered_on=dt.date(2021, 3, 10))
    answered_appeal(council, one, answered_on=dt.date(2021, 3, 12), late=True)
    answered_appeal(council, one, answered_on=dt.date(2021, 3, 20), repeat_of=original)
    post = ControlPost.objects.create(
        object_kind="school",
        object_name="№ 5 мектеп",
        address="Абай 1",
        territory=council.tree.kostanay.territory,
        branch=council.tree.kostanay,
        head=first.person,
        opened_on=dt.date(2021, 2, 1),
        created_by=council.office,
    )
    for day in (dt.date(2021, 3, 5), dt.date(2021, 3, 25)):
        visit = Visit.objects.create(
            post=post,
            visited_on=day,
            findings="Жұмыс жүріп жатыр",
            situation=4,
            recorded_by=council.office,
        )
        visit.visitors.set([first.person])
    Inquiry.objects.create(
        mandate=first,
        state_body=StateBodyFactory.create(),
        subject="Жол жөндеу",
        sent_on=dt.date(2021, 3, 9),
        recorded_by=council.office,
    )
    sitting(
        council, 1, dt.date(2021, 3, 4), {second.pk: "absent", council.mandates[2].pk: "excused"}
    )
    sitting(council, 2, dt.date(2021, 3, 30), {})
    return council


def snapshot_of(mandate, revision=None) -> Snapshot:
    found = Snapshot.objects.filter(mandate=mandate, month=MARCH)
    return found.get(revision=revision) if revision else found.current().get()


def test_a_month_counts_verified_work_once(month):
    done = rating.compute(MARCH)
    first = snapshot_of(month.mandates[0])
    parts = first.components
    assert parts["receptions"]["raw"] == "2.0000"
    # Three answered at their reception, the repeat within 30 days not counted again.
    assert parts["appeals"]["raw"] == "2.0000"
    assert (parts["appeals_on_time"]["numerator"], parts["appeals_on_time"]["denominator"]) == (
        1,
        2,
    )
    assert parts["control_visits"]["raw"] == "2.0000"
    assert parts["inquiries"]["raw"] == "1.0000"
    assert (parts["attendance"]["numerator"], parts["attendance"]["denominator"]) == (2, 2)
    # Answers for no road-map measure: the component is absent, not zero.
    assert parts["measures"]["available"] is False
    assert first.days_in_office == 31 and first.method == month.method
    # The colleague shares the first reception; missed a sitting without reason.
    second = snapshot_of(month.mandates[1]).components
    assert second["receptions"]["raw"] == "1.0000"
    assert (second["attendance"]["numerator"], second["attendance"]["denominator"]) == (1, 2)
    # An excused absence leaves the sitting out.
    third = snapshot_of(month.mandates[2]).components
    assert (third["attendance"]["numerator"], third["attendance"]["denominator"]) == (1, 1)
    # Only the party's deputies are rated: six in Kostanay, one in Atyrau.
    assert done.created == 7
    assert not Snapshot.objects.filter(mandate=month.rival).exists()


def test_the_score_follows_the_published_formula(month):
    rating.compute(MARCH)
    first = snapshot_of(month.mandates[0])
    # receptions 2·30/31/2 = 0.9677 (w 20); appeals 2·30/31/4 = 0.4839 (w 10); on time
    # 0.5/1 (w 15); visits 2·30/31/1 → 1 (w 15); inquiries 1·30/31/0.5 → 1 (w 10);
    # attendance 1/0.9 → 1 (w 15); initiatives 0 (w 5); reports 0 (w 5); measures absent.
    expected = (
        (20 * Decimal(60) / 31 / 2 + 10 * Decimal(60) / 31 / 4 + 15 * Decimal("0.5") + 15 + 10 + 15)
        * 100
        / 95
    )
    assert first.score == expected.quantize(Decimal("0.01"))
    assert first.components["receptions"]["normalised"] == "0.9677"


def test_bands_among_peers_of_the_same_level_and_role(month):
    rating.compute(MARCH)
    secretary = snapshot_of(month.secretary)
    members = [snapshot_of(m) for m in month.mandates if m != month.secretary]
    # The secretary is alone in their peer group: no band. Five members: quintiles.
    assert (secretary.role, secretary.band, secretary.peers) == ("secretary", None, 1)
    assert {m.role for m in members} == {"member"}
    assert all(m.peers == 5 for m in members)
    assert snapshot_of(month.mandates[0]).band == 1
    # Atyrau's city maslikhat is another level: one deputy, no band.
    atyrau = Snapshot.objects.get(mandate=month.atyrau_mandate)
    assert (atyrau.level, atyrau.band) == ("district", None)


def test_recomputing_the_same_data_changes_nothing(month):
    rating.compute(MARCH)
    before = list(
        Snapshot.objects.order_by("pk").values_list(
            "pk", "score", "band", "data_hash", "computed_at"
        )
    )
    again = rating.compute(MARCH)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    after = list(
        Snapshot.objects.order_by("pk").values_list(
            "pk", "score", "band", "data_hash", "computed_at"
        )
    )
    assert after == before


def test_a_body_is_recomputed_alone(month):
    rating.compute(MARCH)
    Inquiry.objects.create(
        mandate=month.mandates[3],
        state_body=StateBodyFactory.create(),
        subject="Мектеп",
        sent_on=dt.date(2021, 3, 11),
        recorded_by=month.office,
    )
    done = rating.compute(MARCH, bodies=["kostanay-oblast"])
    assert (done.created, done.updated, done.unchanged) == (0, 1, 5)
    assert snapshot_of(month.mandates[3]).components["inquiries"]["raw"] == "1.0000"


def test_a_deputy_with_fewer_than_ten_days_is_not_ranked(month):
    late = month.mandates[4]
    late.started_on = dt.date(2021, 3, 25)
    late.save()
    rating.compute(MARCH)
    short = snapshot_of(late)
    assert (short.days_in_office, short.score, short.band) == (7, None, None)
    assert snapshot_of(month.mandates[0]).peers == 4  # four members left: no bands
    assert snapshot_of(month.mandates[0]).band is None


def test_young_is_under_35_on_the_day_counted(month, settings):
    rating.compute(MARCH)
    assert snapshot_of(month.mandates[0]).young is True  # born 1990
    assert snapshot_of(month.mandates[0]).age == 30
    assert snapshot_of(month.mandates[1]).young is False
    settings.ESEP_YOUNG_AGE = 30
    rating.compute(MARCH)
    assert snapshot_of(month.mandates[0]).young is False


def test_the_version_in_force_in_a_month_applies(month):
    actions.add_method(
        actor=month.central,
        valid_from=dt.date(2021, 4, 1),
        weights={"receptions": ("1", "4")},
        notes_ru="Только приёмы",
    )
    assert rating.compute(MARCH).method == 1
    assert rating.compute(dt.date(2021, 4, 1)).method == 2
    april = Snapshot.objects.filter(month=dt.date(2021, 4, 1), mandate=month.mandates[0]).get()
    assert list(april.components) == ["receptions"]


# ---------------------------------------------------------------- the correction window


@pytest.mark.parametrize(
    ("month_", "closes"),
    [
        (dt.date(2022, 3, 1), dt.date(2022, 4, 7)),  # a plain month: Fri, Mon–Thu
        (dt.date(2022, 4, 1), dt.date(2022, 5, 11)),  # 1–2 May and 7–10 May are days off
        (dt.date(2021, 12, 1), dt.date(2022, 1, 12)),  # New Year and Christmas
    ],
)
def test_the_window_is_five_working_days_on_the_official_calendar(db, month_, closes):
    opens, last = actions.correction_window(month_)
    assert opens == rating.month_end(month_) + dt.timedelta(days=1)
    assert last == closes


def test_a_decreed_day_off_lengthens_the_window(db):
    CalendarDay.objects.create(day=dt.date(2022, 4, 5), kind="day_off", note="Қаулы")
    assert actions.correction_window(dt.date(2022, 3, 1))[1] == dt.date(2022, 4, 8)


def submit(council, *, on: dt.date, **fields):
    from django.utils import timezone

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *a, **k: on)
        return actions.submit_correction(
            actor=council.deputy,
            mandate=council.mandate,
            month=MARCH,
            explanation="Қабылдау журналы қоса берілді",
            evidence=evidence(),
            **fields,
        )


def test_a_deputy_corrects_their_month_only_inside_the_window(month):
    with pytest.raises(ValidationError) as early:
        submit(month, on=dt.date(2021, 3, 31), component="receptions", adjustment=1)
    assert early.value.error_dict["month"][0].code == "month_open"
    # March 2021 closes on Wednesday 7 April (31 March + 5 working days).
    correction = submit(month, on=dt.date(2021, 4, 7), component="receptions", adjustment=1)
    assert correction.state == "pending" and correction.evidence_sha256
    with pytest.raises(ValidationError) as late:
        submit(month, on=dt.date(2021, 4, 8), component="receptions", adjustment=1)
    assert late.value.error_dict["month"][0].code == "window_closed"


def test_only_counts_and_sittings_are_corrected(month):
    with pytest.raises(ValidationError) as refused:
        submit(month, on=dt.date(2021, 4, 1), component="appeals_on_time", adjustment=1)
    assert refused.value.error_dict["component"][0].code == "not_correctable"


def test_a_confirmed_correction_counts_and_a_refused_one_does_not(month):
    rating.compute(MARCH)
    added = submit(month, on=dt.date(2021, 4, 1), component="initiatives", adjustment=2)
    refused = submit(month, on=dt.date(2021, 4, 1), component="voter_reports", adjustment=1)
    # The deputy cannot decide their own; the Atyrau office cannot decide Kostanay's.
    for who in (month.deputy, month.outsider):
        with pytest.raises(ValidationError):
            actions.confirm_correction(actor=who, correction=added)
    actions.confirm_correction(actor=month.office, correction=added)
    actions.refuse_correction(actor=month.office, correction=refused, note="Дәлел жоқ")
    parts = snapshot_of(month.mandate).components
    assert parts["initiatives"]["raw"] == "2.0000"
    assert parts["voter_reports"]["raw"] == "0.0000"
    with pytest.raises(ValidationError):
        actions.refuse_correction(actor=month.office, correction=added, note="кеш")


def test_a_confirmed_attendance_correction_changes_the_mark(month):
    second = month.mandates[1]
    missed = Sitting.objects.get(convocation=month.convocation, number=1)
    correction = actions.submit_correction(
        actor=month.office,
        mandate=second,
        month=MARCH,
        component="attendance",
        sitting=missed,
        mark="excused",
        explanation="Іссапар бұйрығы",
        evidence=evidence(),
    )
    actions.confirm_correction(actor=month.central, correction=correction)
    assert Attendance.objects.get(sitting=missed, mandate=second).mark == "excused"
    parts = snapshot_of(second).components
    assert (parts["attendance"]["numerator"], parts["attendance"]["denominator"]) == (1, 1)


# ---------------------------------------------------------------- publication


def publish(council, *, on: dt.date):
    from django.utils import timezone

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *a, **k: on)
        return actions.publish_rating(
            actor=council.office, branch=council.tree.kostanay, month=MARCH
        )


def test_a_month_is_published_after_its_window_with_no_correction_pending(month):
    with pytest.raises(ValidationError) as open_window:
        publish(month, on=dt.date(2021, 4, 7))
    assert open_window.value.code == "window_open"
    submit(month, on=dt.date(2021, 4, 2), component="receptions", adjustment=1)
    with pytest.raises(ValidationError) as pending:
        publish(month, on=dt.date(2021, 4, 8))
    assert pending.value.code == "pending"
    Correction.objects.update(
        state="refused",
        decided_by=month.office,
        decided_at=dt.datetime(2021, 4, 8, tzinfo=dt.UTC),
        decision_note="жоқ",
    )
    publication = publish(month, on=dt.date(2021, 4, 8))
    # Kostanay's six; Atyrau's deputy is not Kostanay's to publish.
    assert (publication.revision, publication.deputies) == (1, 6)
    assert Snapshot.objects.published().count() == 6
    assert not Snapshot.objects.filter(mandate=month.atyrau_mandate).published().exists()
    # Yet the month was computed whole: each band is a place among all the country's peers.
    assert Snapshot.objects.filter(mandate=month.atyrau_mandate).exists()


def test_a_published_month_is_frozen_and_a_later_correction_makes_a_revision(month):
    publish(month, on=dt.date(2021, 4, 8))
    first = snapshot_of(month.mandate, revision=1)
    # The database refuses to change or remove a published snapshot.
    for change in (
        lambda: Snapshot.objects.filter(pk=first.pk).update(score=Decimal(1)),
        lambda: Snapshot.objects.filter(pk=first.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    # Recomputing the same data leaves it; the office's later correction, once confirmed,
    # makes revision 2 beside it, unpublished until the branch publishes it.
    assert rating.compute(MARCH, bodies=["kostanay-oblast"]).created == 0
    late = actions.submit_correction(
        actor=month.office,
        mandate=month.mandate,
        month=MARCH,
        component="voter_reports",
        adjustment=1,
        explanation="Есеп беру кездесуі хаттамасы",
        evidence=evidence(),
    )
    actions.confirm_correction(actor=month.central, correction=late)
    second = snapshot_of(month.mandate, revision=2)
    assert first.score is not None and second.score is not None
    assert second.publication is None and second.score > first.score
    first.refresh_from_db()
    assert first.publication is not None and first.score == snapshot_of(month.mandate, 1).score
    assert list(
        Snapshot.objects.filter(month=MARCH).latest_published().filter(mandate=month.mandate)
    ) == [first]
    again = publish(month, on=dt.date(2021, 5, 3))
    assert (again.revision, again.deputies) == (2, 1)
    assert list(
        Snapshot.objects.filter(month=MARCH).latest_published().filter(mandate=month.mandate)
    ) == [second]
    assert Publication.objects.count() == 2


def test_the_command_computes_a_month_idempotently(month, capsys):
    import json

    from django.core.management import CommandError, call_command

    call_command("rating", "--month", "2021-03")
    first = json.loads(capsys.readouterr().out)
    assert (first["month"], first["method"], first["created"]) == ("2021-03", 1, 7)
    call_command("rating", "--month", "2021-03", "--body", "kostanay-oblast")
    again = json.loads(capsys.readouterr().out)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    for wrong in (["--month", "03.2021"], ["--month", "2021-03", "--body", "nowhere"]):
        with pytest.raises(CommandError):
            call_command("rating", *wrong)
    with pytest.raises(CommandError):
        call_command("rating", "--month", "2020-12")  # before any version applies
