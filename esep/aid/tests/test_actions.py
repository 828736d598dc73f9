"""The rules of aid campaigns, through their actions and the database: the same family is
not helped twice in a campaign — by the head's IIN and by the address however it is
written — unless a reason is recorded; the campaign's money adds up and never goes below
zero; a branch outside the campaign, or a role without the right, is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from esep.aid import actions
from esep.aid.addresses import normalise_address
from esep.aid.models import Delivery, Household
from esep.aid.tests.conftest import new_iin, register
from esep.org.actions import given_person, identify
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def code_of(error: ValidationError, field: str) -> str | None:
    return error.error_dict[field][0].code


# ---------------------------------------------------------------- duplicates


def test_the_same_head_is_refused_naming_the_earlier_household_not_the_iin(
    officer, campaign, household, tree
):
    with pytest.raises(ValidationError) as refused:
        register(officer, campaign, tree, iin=household.head.iin, address="Сәтпаев көшесі 1")
    assert code_of(refused.value, "iin") == "duplicate_head"
    message = refused.value.error_dict["iin"][0].messages[0]
    assert f"№ {household.number}" in message
    assert household.head.iin not in message
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    "written",
    [
        "Абая көшесі 5 үй 3 пәтер",
        "АБАЯ 5-3",
        "  ул.Абая,  д.5 , кв.3 ",
        "улица Абая, дом 5, квартира 3",
    ],
)
def test_the_same_address_written_otherwise_is_refused(officer, campaign, household, tree, written):
    with pytest.raises(ValidationError) as refused:
        register(officer, campaign, tree, address=written)
    assert code_of(refused.value, "address") == "duplicate_address"
    assert f"№ {household.number}" in refused.value.error_dict["address"][0].messages[0]


def test_the_refusal_is_in_the_users_language(officer, campaign, household, tree):
    for language in ["ru", "kk", "en"]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            register(officer, campaign, tree, iin=household.head.iin)
        with translation.override(language):
            expected = gettext(
                "This family is already helped in this campaign: household № %(number)d has "
                "the same head. To help it again, record the reason."
            ) % {"number": household.number}
        assert refused.value.error_dict["iin"][0].messages == [expected]


def test_a_recorded_reason_lets_the_same_family_be_helped_again(officer, campaign, household, tree):
    again = register(
        officer,
        campaign,
        tree,
        iin=household.head.iin,
        address="Абая 5-3",
        repeat_reason="Үйі өртеніп кетті: екінші рет көмек",
    )
    assert again.head == household.head and again.number == household.number + 1


def test_another_campaign_helps_the_same_family(officer, campaign, household, tree):
    other = actions.create_campaign(
        actor=officer,
        code="other",
        name_kk="Басқа",
        name_ru="Другая",
        branch=tree.atyrau,
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2021, 2, 1),
        kinds=["food"],
    )
    assert register(officer, other, tree, iin=household.head.iin, address="Абая 5-3").number == 1


def test_the_database_refuses_a_duplicate_whatever_writes(campaign, household):
    """Past the actions (a script, a race): the partial unique constraints hold."""
    other_head = identify(
        actor=None, given=given_person(iin=new_iin(), surname="Ким", given_name="Анна")
    )
    for same in [
        {"head": household.head, "address": "Сәтпаев көшесі 1"},
        {"head": other_head, "address": "Абая көшесі 5 үй 3 пәтер"},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Household.objects.create(
                campaign=campaign,
                number=99,
                members=2,
                category="other",
                territory=household.territory,
                branch=household.branch,
                registered_on=dt.date(2020, 4, 1),
                **same,
            )
    Household.objects.create(
        campaign=campaign,
        number=99,
        head=household.head,
        address="Абая 5-3",
        members=2,
        category="other",
        territory=household.territory,
        branch=household.branch,
        registered_on=dt.date(2020, 4, 1),
        repeat_reason="reason",
    )


def test_the_address_keeps_only_its_digest_and_ciphertext(campaign, household):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT address, address_digest FROM aid_household WHERE id = %s", [household.pk]
        )
        stored, digest = cursor.fetchone()
    assert "Абая" not in stored and "абая" not in digest
    assert normalise_address("ул. Абая, д. 5, кв. 3") == "абая 5 3"


def test_a_head_without_iin_or_a_family_without_address_is_refused(officer, campaign, tree):
    with pytest.raises(ValidationError) as refused:
        register(officer, campaign, tree, iin="", address="ул. д. кв.")
    assert code_of(refused.value, "iin") == "required"
    assert code_of(refused.value, "address") == "required"


# ---------------------------------------------------------------- money


def test_the_money_adds_up(officer, campaign, tree):
    partner = actions.add_partner(actor=officer, name="Қор «Біз бірге»", kind="foundation")
    actions.record_contribution(
        actor=officer,
        campaign=campaign,
        partner=partner,
        received_on=dt.date(2020, 4, 3),
        amount=500_000,
    )
    families = [register(officer, campaign, tree) for _ in range(3)]
    amounts = [250_000, 600_000, 650_000]
    for household, amount in zip(families, amounts, strict=True):
        actions.record_delivery(
            actor=officer,
            household=household,
            delivered_on=dt.date(2020, 5, 1),
            kind="money",
            amount=amount,
        )
    assert campaign.received() == 1_500_000
    assert campaign.delivered() == sum(amounts) == 1_500_000
    assert campaign.balance() == 0
    with pytest.raises(ValidationError) as refused:
        actions.record_delivery(
            actor=officer,
            household=families[0],
            delivered_on=dt.date(2020, 5, 2),
            kind="food",
            amount=1,
        )
    assert code_of(refused.value, "amount") == "balance"
    assert Delivery.objects.count() == 3


def test_a_delivery_beyond_the_balance_names_the_amounts_in_local_format(
    officer, campaign, household
):
    with translation.override("ru"), pytest.raises(ValidationError) as refused:
        actions.record_delivery(
            actor=officer,
            household=household,
            delivered_on=dt.date(2020, 4, 5),
            kind="money",
            amount=1_250_000,
        )
    message = refused.value.error_dict["amount"][0].messages[0]
    assert "1\xa0000\xa0000 ₸" in message and "1\xa0250\xa0000 ₸" in message


def test_a_delivery_outside_the_period_or_of_another_kind_is_refused(officer, campaign, household):
    with pytest.raises(ValidationError) as refused:
        actions.record_delivery(
            actor=officer,
            household=household,
            delivered_on=dt.date(2020, 7, 1),
            kind="medicines",
            amount=10,
        )
    assert code_of(refused.value, "delivered_on") == "out_of_period"
    assert code_of(refused.value, "kind") == "kind"


def test_a_confirmation_needs_its_reference(officer, campaign, household):
    with pytest.raises(ValidationError) as refused:
        actions.record_delivery(
            actor=officer,
            household=household,
            delivered_on=dt.date(2020, 4, 5),
            kind="food",
            amount=10,
            confirmation="photo",
        )
    assert code_of(refused.value, "reference") == "required"


# ---------------------------------------------------------------- who may


def test_another_regions_officer_may_not_register_or_deliver(tree, campaign, household):
    kostanay = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    with pytest.raises(ValidationError) as refused:
        register(kostanay, campaign, tree)
    assert refused.value.code == "denied"
    with pytest.raises(ValidationError) as refused:
        actions.record_delivery(
            actor=kostanay,
            household=household,
            delivered_on=dt.date(2020, 4, 5),
            kind="food",
            amount=1,
        )
    assert refused.value.code == "denied"


def test_an_auditor_reads_but_does_not_register(tree, campaign):
    auditor = user_with_role("auditor", tree.atyrau, "atyrau-auditor")
    with pytest.raises(ValidationError) as refused:
        register(auditor, campaign, tree)
    assert refused.value.code == "denied"


def test_a_branch_not_taking_part_is_refused(officer, tree):
    central_officer = user_with_role("reception_officer", tree.central, "central-officer")
    campaign = actions.create_campaign(
        actor=central_officer,
        code="kostanay-only",
        name_kk="Қостанай",
        name_ru="Костанай",
        branch=tree.central,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 5, 1),
        kinds=["food"],
        branches=[tree.kostanay],
    )
    with pytest.raises(ValidationError) as refused:
        register(central_officer, campaign, tree)  # helped by Atyrau city
    assert code_of(refused.value, "branch") == "not_taking_part"
