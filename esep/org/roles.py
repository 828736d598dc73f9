"""Roles and what they allow: the one table that decides who may do what.

A grant is (role, branch) and covers the branch's whole subtree."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRAL_ADMIN = "central_admin", _("central administrator")
    BRANCH_HEAD = "branch_head", _("branch head")
    RECEPTION_OFFICER = "reception_officer", _("reception officer")
    ANALYST = "analyst", _("analyst")
    AUDITOR = "auditor", _("auditor")
    DEPUTY = "deputy", _("deputy")
    STATE_BODY_CONTACT = "state_body_contact", _("state-body contact")
    # A party member following road maps: what they may do comes from their assignments
    # (esep.programme's monitors), not from the role.
    MONITOR = "monitor", _("programme monitor")


class Capability(StrEnum):
    VIEW_ORG = "view_org"  # the branch tree, bodies and who holds their posts
    VIEW_PEOPLE = "view_people"  # the register of people and members
    VIEW_PERSONAL_DATA = "view_personal_data"  # IIN, contacts, address, birth date unmasked
    MANAGE_MEMBERSHIP = "manage_membership"  # admit, transfer, suspend, expel
    VIEW_APPEALS = "view_appeals"  # the inbox and appeal pages of the branch subtree
    HANDLE_APPEALS = "handle_appeals"  # register, assign, forward, answer, close
    # extend deadlines, take appeals and acute issues under party control
    DECIDE_APPEALS = "decide_appeals"
    VIEW_WORK = "view_work"  # receptions, control posts, acute issues, meetings, instructions
    MANAGE_WORK = "manage_work"  # plan and record them, run meetings, issue instructions
    # load programmes and road maps, assign monitors, approve or return proposed changes of
    # status and verdict, decide on citizens' proposals to the programme
    MANAGE_PROGRAMME = "manage_programme"
    # record representative bodies, convocations, mandates and deputies' work; confirm or
    # refuse deputies' corrections of their month; publish the month's rating
    MANAGE_DEPUTIES = "manage_deputies"
    # convene the branch's conferences and primaries: quotas, the roll of delegates, the
    # agenda, registration in the hall, polls, the counting commission's paper count,
    # certification and the minutes; candidates and the list of the primaries
    MANAGE_CONFERENCES = "manage_conferences"
    # members' ethics cases, their sanctions and reviews: confidential to the branch's heads,
    # its ethics commission's office and the auditors
    VIEW_ETHICS = "view_ethics"
    # open an ethics case, record the member's notice and answer, the body's decision and
    # sanction, and a review of it by the parent branch's body
    MANAGE_ETHICS = "manage_ethics"
    # nominate people for the party's awards, record the granting body's decisions, hold the
    # ceremonies, print the certificates (the awards are read with view_work)
    MANAGE_AWARDS = "manage_awards"
    # aid campaigns' beneficiary households and deliveries (personal data still masked
    # without view_personal_data, and every unmasked showing logged)
    VIEW_AID = "view_aid"
    # run aid campaigns: their beneficiaries, deliveries, partners' contributions, imports
    MANAGE_AID = "manage_aid"
    # record public elections (their lists, candidates and the commission's protocols,
    # typed or imported) and certify them, which names the winners and records their
    # mandates; elections are read with view_work, their certified results are public
    MANAGE_ELECTIONS = "manage_elections"
    # the dashboard, its charts, exports and drill-downs; they count only the records the
    # user's other capabilities let them see
    VIEW_FIGURES = "view_figures"
    PUBLISH_FIGURES = "publish_figures"  # freeze figures as a report and publish it
    # the personal-data access log of the people of the branch subtree: who saw whose data,
    # when, where (names only, never the data itself)
    AUDIT_ACCESS = "audit_access"


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CENTRAL_ADMIN: frozenset(Capability),
    # A branch head and their staff are whom the access log watches: auditing it is not theirs.
    Role.BRANCH_HEAD: frozenset(Capability) - {Capability.AUDIT_ACCESS},
    Role.RECEPTION_OFFICER: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_PEOPLE,
            Capability.VIEW_PERSONAL_DATA,
            Capability.VIEW_APPEALS,
            Capability.HANDLE_APPEALS,
            Capability.VIEW_WORK,
            Capability.MANAGE_WORK,
            Capability.VIEW_FIGURES,
            Capability.MANAGE_AWARDS,
            Capability.VIEW_AID,
            Capability.MANAGE_AID,
        }
    ),
    # Analysts work with figures: they see who is who, never personal data.
    Role.ANALYST: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_PEOPLE,
            Capability.VIEW_APPEALS,
            Capability.VIEW_WORK,
            Capability.VIEW_FIGURES,
            Capability.PUBLISH_FIGURES,
        }
    ),
    # Auditors read everything in scope, personal data included (each view is logged), and
    # the log of who saw the personal data of their scope's people.
    Role.AUDITOR: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_PEOPLE,
            Capability.VIEW_PERSONAL_DATA,
            Capability.VIEW_APPEALS,
            Capability.VIEW_WORK,
            Capability.VIEW_FIGURES,
            Capability.AUDIT_ACCESS,
            Capability.VIEW_ETHICS,
            Capability.VIEW_AID,
        }
    ),
    # Deputies see their branch's work; on the control posts they head or sit on they also
    # record visits (a rule on the post, not a capability of the role).
    Role.DEPUTY: frozenset(
        {
            Capability.VIEW_ORG,
            Capability.VIEW_APPEALS,
            Capability.VIEW_WORK,
            Capability.VIEW_FIGURES,
        }
    ),
    # State-body contacts are outside the party: they see only what is sent to them.
    Role.STATE_BODY_CONTACT: frozenset(),
    Role.MONITOR: frozenset(),
}


def roles_with(capability: Capability) -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if capability in caps]
