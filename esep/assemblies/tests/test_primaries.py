"""Primaries from nomination to the list: registration's checks, the electors' frozen roll,
one vote per elector, the ranking, and the list rules shown against the previous
convocation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from esep.access.models import User
from esep.assemblies import actions
from esep.assemblies.models import Campaign, Candidate, Elector, Place, Poll
from esep.assemblies.tests.factories import login_for
from esep.assemblies.tests.running import refused
from esep.assemblies.verify import verify
from esep.deputies.tests.factories import build_deputies
from esep.org.models import Membership
from esep.org.tests.factories import MembershipFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

VOTE_ON = dt.date(2020, 9, 20)


def document() -> SimpleUploadedFile:
    return SimpleUploadedFile("өтініш.pdf", b"%PDF-1.4 application", content_type="application/pdf")


@pytest.fixture
def world(tree):
    council = build_deputies(tree)
    office = user_with_role("branch_head", tree.kostanay, "kostanay-office")
    # Two deputies of the convocation the list renews stand again; three newcomers, two of
    # them young (born 1995: 25 on the vote's day), one a woman.
    returning = [council.mandates[1].person, council.mandates[2].person]
    for person in returning:
        MembershipFactory.create(person=person, branch=tree.kostanay)
    newcomers = [
        MembershipFactory.create(
            branch=tree.kostanay_rudny if hasattr(tree, "kostanay_rudny") else tree.rudny,
            person=PersonFactory.create(birth_date=born, sex=sex),
        ).person
        for born, sex in [
            (dt.date(1995, 2, 1), "male"),
            (dt.date(1995, 3, 1), "female"),
            (dt.date(1970, 4, 1), "male"),
        ]
    ]
    electors = [MembershipFactory.create(branch=tree.kostanay).person for _ in range(4)]
    campaign = actions.open_campaign(
        actor=office,
        branch=tree.kostanay,
        code="kostanay-primaries-2020",
        body=council.body,
        previous=council.convocation,
        nominations_close_on=dt.date(2020, 9, 1),
        vote_on=VOTE_ON,
        places=4,
        name_kk="Облыстық мәслихатқа праймериз",
        name_ru="Праймериз в областной маслихат",
    )
    return council, office, campaign, returning, newcomers, electors


def user_of(person, username):
    return User.objects.filter(person=person).first() or login_for(person, username)


def nominate_all(office, campaign, people):
    return [
        actions.nominate_candidate(
            actor=office,
            campaign=campaign,
            person=person,
            nominated_on=dt.date(2020, 8, 20),
            consent_on=dt.date(2020, 8, 20),
            documents=document(),
        )
        for person in people
    ]


def test_registration_checks_consent_documents_age_and_membership(world, tree):
    _council, office, campaign, returning, _newcomers, _electors = world
    bare = actions.nominate_candidate(
        actor=office, campaign=campaign, person=returning[0], nominated_on=dt.date(2020, 8, 20)
    )
    refused("checks_failed", actions.register_candidate, actor=office, candidate=bare)
    assert actions.candidate_checks(bare) == {
        "consent": False,
        "documents": False,
        "age": True,
        "member": True,
    }
    outsider = PersonFactory.create(birth_date=dt.date(2003, 1, 1))
    young = actions.nominate_candidate(
        actor=office,
        campaign=campaign,
        person=outsider,
        nominated_on=dt.date(2020, 8, 21),
        consent_on=dt.date(2020, 8, 21),
        documents=document(),
    )
    refused("checks_failed", actions.register_candidate, actor=office, candidate=young)
    checks = actions.candidate_checks(young)
    assert checks["age"] is False and checks["member"] is False
    with pytest.raises(ValidationError) as caught:
        actions.refuse_candidate(actor=office, candidate=young, reason=" ")
    assert "reason" in caught.value.message_dict
    assert (
        actions.refuse_candidate(actor=office, candidate=young, reason="Жасы толмаған").state
        == "refused"
    )
    refused(
        "too_late",
        actions.nominate_candidate,
        actor=office,
        campaign=campaign,
        person=PersonFactory.create(),
        nominated_on=dt.date(2020, 9, 2),
    )


def test_the_vote_freezes_the_roll_ranks_and_forms_the_list(world, tree):
    _council, office, campaign, returning, newcomers, electors = world
    candidates = nominate_all(office, campaign, returning + newcomers)
    for candidate in candidates:
        actions.register_candidate(actor=office, candidate=candidate)
    debate = actions.add_debate(
        actor=office,
        campaign=campaign,
        held_on=dt.date(2020, 9, 10),
        place="Қостанай",
        candidates=candidates[:3],
        name_kk="Дебат",
        name_ru="Дебаты",
    )
    assert debate.candidates.count() == 3
    refused("invalid", actions.start_vote, actor=office, campaign=campaign, choices=9)
    poll = actions.start_vote(actor=office, campaign=campaign, choices=2)
    campaign.refresh_from_db()
    active = Membership.objects.filter(status="active", branch__path__startswith=tree.kostanay.path)
    assert Elector.objects.filter(campaign=campaign).count() == active.count()
    assert campaign.state == "voting" and len(campaign.roll_digest) == 64
    refused(
        "nominations_closed",
        actions.nominate_candidate,
        actor=office,
        campaign=campaign,
        person=electors[0],
        nominated_on=dt.date(2020, 8, 30),
    )
    by_person = {o.person_id: o for o in poll.options.all()}
    # Newcomers first: young man 4 votes, young woman 3, the older newcomer 2, returning 1 and 0.
    plan = [newcomers[0]] * 4 + [newcomers[1]] * 3 + [newcomers[2]] * 2 + [returning[0]]
    voters = electors + newcomers + returning + [tree.members["kostanay"]]
    for i, (voter, choice) in enumerate(zip(voters, plan, strict=False)):
        actions.cast(
            actor=user_of(voter, f"elector-{i}"), poll=poll, choices=[by_person[choice.pk]]
        )
    stranger = login_for(PersonFactory.create(), "stranger")
    refused(
        "not_entitled",
        actions.cast,
        actor=stranger,
        poll=poll,
        choices=[by_person[returning[1].pk]],
    )
    refused(
        "already_voted",
        actions.cast,
        actor=user_of(voters[0], ""),
        poll=poll,
        choices=[by_person[returning[1].pk]],
    )
    actions.close_vote(actor=office, campaign=campaign)
    refused("wrong_state", actions.form_list, actor=office, campaign=campaign)
    actions.certify(actor=office, poll=Poll.objects.get(pk=poll.pk))
    check = actions.form_list(actor=office, campaign=campaign)
    places = list(Place.objects.filter(campaign=campaign).select_related("candidate__person"))
    assert [p.candidate.person for p in places] == [
        newcomers[0],
        newcomers[1],
        newcomers[2],
        returning[0],
    ]
    assert [p.votes for p in places] == [4, 3, 2, 1]
    # 3 of 4 new against the 7th convocation; 2 of 4 young; 1 woman.
    assert (check.places, check.new, check.young, check.women) == (4, 3, 2, 1)
    assert check.renewal_share == Decimal("75.0") and check.young_ok
    assert Campaign.objects.get(pk=campaign.pk).state == "listed"
    assert verify(campaign.code).ok


def test_a_list_below_the_youth_minimum_is_formed_and_says_so(world):
    _council, office, campaign, returning, newcomers, _electors = world
    campaign.young_share = Decimal(60)
    campaign.save()
    for candidate in nominate_all(office, campaign, returning + newcomers):
        actions.register_candidate(actor=office, candidate=candidate)
    poll = actions.start_vote(actor=office, campaign=campaign, choices=1)
    actions.close_vote(actor=office, campaign=campaign)
    actions.certify(actor=office, poll=Poll.objects.get(pk=poll.pk))
    check = actions.form_list(actor=office, campaign=campaign)
    # Nobody voted: the ballot's order ranks them; at most 2 of the 4 are young: under 60%.
    assert check.places == 4 and check.young <= 2 and check.young_share < Decimal(60)
    assert not check.young_ok and not check.ok


def test_outsiders_run_no_primaries(world, tree):
    _council, _office, campaign, returning, _newcomers, _electors = world
    outsider = user_with_role("branch_head", tree.atyrau, "atyrau-head")
    refused(
        "denied",
        actions.nominate_candidate,
        actor=outsider,
        campaign=campaign,
        person=returning[0],
        nominated_on=dt.date(2020, 8, 20),
    )
    refused("denied", actions.start_vote, actor=outsider, campaign=campaign)
    assert not Candidate.objects.exists()


def test_a_nomination_is_completed_with_consent_and_documents_then_registered(world):
    _council, office, campaign, returning, _newcomers, _electors = world
    bare = actions.nominate_candidate(
        actor=office, campaign=campaign, person=returning[0], nominated_on=dt.date(2020, 8, 20)
    )
    refused("checks_failed", actions.register_candidate, actor=office, candidate=bare)
    refused("required", actions.complete_candidate, actor=office, candidate=bare)
    actions.complete_candidate(
        actor=office, candidate=bare, consent_on=dt.date(2020, 8, 25), documents=document()
    )
    assert actions.register_candidate(actor=office, candidate=bare).state == "registered"
    refused(
        "wrong_state",
        actions.complete_candidate,
        actor=office,
        candidate=bare,
        consent_on=dt.date(2020, 8, 26),
    )
