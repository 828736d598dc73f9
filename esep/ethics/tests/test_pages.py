"""The ethics pages end to end in each language, the member's own cases and answer, and
outsiders: not signed in (sent to log in), another region's staff (not found), a role
without the right (refused)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.ethics.models import Case
from esep.ethics.tests.conftest import TODAY
from esep.org.models import Membership
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_office_opens_decides_and_the_parent_reviews_in_each_language(
    language, tree, head, central, member, bodies, login, frozen
):
    client = login(head)
    with translation.override(language):
        new = reverse("ethics:case-new")
        found = client.get(new, {"find": member.person.surname})
        assert found.status_code == 200 and member.card_number in found.text
        made = client.post(
            new,
            {
                "card_number": member.card_number,
                "branch": "atyrau",
                "source": "media",
                "media_note": "«Ак Жайык», 01.03.2020",
                "grounds": "Дөрекілік.",
                "articles": "4.1",
                "opened_on": "2020-03-02",
            },
        )
        case = Case.objects.get()
        assert made.status_code == 302 and made.url == reverse("ethics:case", args=[case.pk])
        page = reverse("ethics:case", args=[case.pk])

        def step(name, data):
            reply = client.post(reverse("ethics:case-step", args=[case.pk, name]), data)
            assert reply.status_code == 302, reply.text
            return client.get(page)

        step("notify", {"notified_on": "2020-03-02", "channel": "letter"})
        step("answer", {"answer": "Кешірім сұраймын.", "answered_on": "2020-03-02"})
        shown = step(
            "decide",
            {
                "sitting_on": "2020-03-02",
                "decision": "sanction",
                "number": "12",
                "decided_on": "2020-03-02",
                "reasoning": "Дәлелденді.",
                "kind": "suspension",
                "ends_on": "2020-09-02",
            },
        )
        assert Membership.objects.get(pk=member.pk).status == "suspended"
        assert "review" in [s.name for s in shown.context["steps"]]
        step("review", {"filed_on": "2020-03-02", "grounds": "Тым қатаң."})
        # The decision of the review is the parent branch's: not offered to Atyrau's head.
        shown = client.get(page)
        assert "review-decision" not in [s.name for s in shown.context["steps"]]
        client = login(central)
        step(
            "review-decision",
            {
                "decision": "changed",
                "new_kind": "reprimand",
                "number": "R-1",
                "decided_on": "2020-03-02",
                "reasoning": ".",
            },
        )
        assert Membership.objects.get(pk=member.pk).status == "active"
        listing = client.get(reverse("ethics:cases"), {"kind": "reprimand", "year": "2020"})
        assert case.number in listing.text
        export = client.get(reverse("ethics:case-export", args=["csv"]))
        assert export.status_code == 200 and case.number in export.content.decode()


def test_a_refused_decision_says_why_in_the_users_language(case, head, login):
    client = login(head)
    client.post(
        reverse("ethics:case-step", args=[case.pk, "notify"]),
        {"notified_on": "2020-03-02", "channel": "letter"},
    )
    client.post(
        reverse("ethics:case-step", args=[case.pk, "answer"]),
        {"answer": ".", "answered_on": "2020-03-02"},
    )
    with translation.override("ru"):
        reply = client.post(
            reverse("ethics:case-step", args=[case.pk, "decide"]),
            {
                "sitting_on": "2020-03-02",
                "decision": "sanction",
                "number": "1",
                "decided_on": "2020-03-02",
                "reasoning": ".",
                "kind": "suspension",
            },
        )
    assert reply.status_code == 400
    errors = reply.context["steps"][0].form.errors
    assert "ends_on" in errors
    assert errors["ends_on"] == ["Приостановлению нужен срок: укажите день его окончания."]
    assert Case.objects.get(pk=case.pk).state == "answered"


def test_the_member_sees_only_their_own_cases_and_answers_by_the_deadline(
    tree, case, head, member, login, frozen
):
    from esep.ethics import actions

    actions.notify_member(actor=head, case=case, notified_on=TODAY, channel="letter")
    own = user_with_role("deputy", tree.kostanay, "the-member")
    own.person = member.person
    own.save()
    other = actions.open_case(
        actor=head,
        member=tree.members["atyrau"].membership,
        branch=tree.atyrau,
        source="media",
        media_note="x",
        grounds=".",
        articles="1",
        opened_on=TODAY,
    )
    client = login(own)
    listing = client.get(reverse("ethics:cases"))
    assert listing.status_code == 200
    assert case.number in listing.text and other.number not in listing.text
    assert client.get(reverse("ethics:case", args=[other.pk])).status_code == 404
    page = client.get(reverse("ethics:case", args=[case.pk]))
    assert [s.name for s in page.context["steps"]] == ["own-answer"]
    reply = client.post(
        reverse("ethics:case-step", args=[case.pk, "own-answer"]), {"answer": "Мен келіспеймін."}
    )
    assert reply.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.answered_on) == ("answered", TODAY)
    # Opening cases is not the member's.
    assert client.get(reverse("ethics:case-new")).status_code == 403


def test_outsiders_are_sent_away(tree, case, client, login):
    page = reverse("ethics:case", args=[case.pk])
    for url in (reverse("ethics:cases"), page, reverse("ethics:case-new")):
        assert client.get(url).status_code == 302  # to log in
    login(user_with_role("branch_head", tree.kostanay, "kostanay-head"))
    assert client.get(page).status_code == 404
    assert case.number not in client.get(reverse("ethics:cases")).text
    reply = client.post(reverse("ethics:case-step", args=[case.pk, "notify"]), {})
    assert reply.status_code == 404
    # An analyst and an officer of Atyrau itself: their roles do not read ethics cases.
    for role in ("analyst", "reception_officer"):
        login(user_with_role(role, tree.atyrau, f"atyrau-{role}"))
        assert client.get(reverse("ethics:cases")).status_code == 403
        assert client.get(page).status_code == 404
        assert client.get(reverse("ethics:case-new")).status_code == 403
    # An auditor reads, and is offered no step.
    login(user_with_role("auditor", tree.atyrau, "atyrau-auditor"))
    shown = client.get(page)
    assert shown.status_code == 200 and shown.context["steps"] == []
    reply = client.post(reverse("ethics:case-step", args=[case.pk, "notify"]), {})
    assert reply.status_code == 403


def test_the_members_history_shows_only_cases_the_reader_may_see(
    tree, case, head, member, login, frozen
):
    from esep.ethics import actions

    earlier = actions.open_case(
        actor=head,
        member=member,
        branch=tree.atyrau_city,
        source="media",
        media_note="x",
        grounds=".",
        articles="1",
        opened_on=TODAY - dt.timedelta(days=30),
    )
    client = login(head)
    assert earlier.number in client.get(reverse("ethics:case", args=[case.pk])).text
    city_head = user_with_role("branch_head", tree.atyrau_city, "city-head")
    client = login(city_head)
    # The city's head sees the city's case, not the regional one, nor it in the history.
    assert client.get(reverse("ethics:case", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("ethics:case", args=[earlier.pk])).text
