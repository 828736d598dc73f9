"""The ethics figures count from the registry: members sanctioned (annulled on review left
out), sanctions by kind; the drill-down names the member only to a reader of ethics cases."""

import datetime as dt

import pytest

from esep.ethics import actions
from esep.ethics.tests.conftest import TODAY
from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

YEAR = Period(dt.date(2020, 1, 1), dt.date(2020, 12, 31))
CODES = ["ethics.cases_opened", "ethics.members_sanctioned", "ethics.sanctions_by_kind"]


def test_members_sanctioned_leaves_out_a_sanction_annulled_on_review(
    tree, case, head, central, decide, frozen
):
    assert compute(CODES, parse_scope("atyrau"), YEAR)["ethics.members_sanctioned"] == 0
    decide(case, head, "reprimand")
    values = compute(CODES, parse_scope("atyrau"), YEAR)
    assert values == {
        "ethics.cases_opened": 1,
        "ethics.members_sanctioned": 1,
        "ethics.sanctions_by_kind": 1,
    }
    by_kind = compute(CODES, parse_scope("atyrau"), YEAR, breakdown="kind")
    assert by_kind["ethics.sanctions_by_kind"] == {"reprimand": 1}
    assert compute(CODES, parse_scope("kostanay"), YEAR)["ethics.members_sanctioned"] == 0
    actions.file_review(actor=head, case=case, filed_on=TODAY, grounds=".")
    actions.decide_review(
        actor=central, case=case, decision="annulled", number="1", decided_on=TODAY, reasoning="."
    )
    assert compute(CODES, parse_scope("atyrau"), YEAR)["ethics.members_sanctioned"] == 0


def test_drill_down_names_the_member_only_to_a_reader_of_ethics_cases(
    client, tree, case, head, decide, frozen
):
    decide(case, head, "warning")
    name = case.member.person.surname
    query = "?scope=atyrau&start=2020-01-01&end=2020-12-31"
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    client.force_login(analyst)
    page = client.get(f"/en/figures/drill/ethics.members_sanctioned/{query}")
    assert page.status_code == 200
    assert case.number in page.text and name not in page.text
    auditor = user_with_role("auditor", tree.atyrau, "atyrau-auditor")
    client.force_login(auditor)
    page = client.get(f"/en/figures/drill/ethics.members_sanctioned/{query}")
    assert case.number in page.text and name in page.text
