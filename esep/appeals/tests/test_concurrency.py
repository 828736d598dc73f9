"""Two officers change the same appeal at the same moment: one wins, the other is told."""

import datetime as dt
import threading
from datetime import UTC

import pytest
from django.db import connection

from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.org.tests.factories import user_with_role


@pytest.mark.django_db(transaction=True)
def test_two_officers_assigning_at_once_cannot_both_win(place, tree):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass runs this")
    first = user_with_role("reception_officer", tree.atyrau, "first")
    second = user_with_role("reception_officer", tree.atyrau, "second")
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    copies = [Appeal.objects.get(pk=appeal.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def work(user, copy):
        barrier.wait()
        try:
            actions.assign_appeal(actor=user, appeal=copy, assignee=user)
            outcomes.append("saved")
        except actions.StaleAppeal:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=pair)
        for pair in zip((first, second), copies, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    stored = Appeal.objects.get(pk=appeal.pk)
    assert stored.version == 2 and stored.events.count() == 2


@pytest.mark.django_db
def test_rating_is_kept_within_one_to_five(place, tree):
    from django.core.exceptions import ValidationError

    officer = user_with_role("reception_officer", tree.atyrau, "rater")
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    with pytest.raises(ValidationError):
        actions.rate_answer(actor=None, appeal=appeal, rating=5)
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(actor=officer, appeal=appeal, outcome="explained", answer="Түсіндірілді")
    with pytest.raises(ValidationError):
        actions.rate_answer(actor=None, appeal=appeal, rating=6)
    actions.rate_answer(actor=None, appeal=appeal, rating=4)
    assert Appeal.objects.get(pk=appeal.pk).rating == 4
