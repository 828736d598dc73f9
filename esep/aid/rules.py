"""Who may do what in aid campaigns: VIEW_AID over a branch's subtree reads its campaigns'
households and deliveries; MANAGE_AID over the branch running a campaign creates it and
records its partners' contributions; MANAGE_AID over the branch helping a household
registers it and records its deliveries (the campaign's office may, too)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats

from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User
    from esep.aid.models import Campaign, Household
    from esep.org.models import Branch


def may_manage(user: User, branch: Branch) -> bool:
    return bool(user.is_authenticated and user.can(Capability.MANAGE_AID, branch.path))


def may_manage_somewhere(user: User) -> bool:
    """Runs an aid campaign somewhere: records partners (donors are the party's, not a
    branch's)."""
    return bool(user.is_authenticated and user.can(Capability.MANAGE_AID))


def may_run(user: User, campaign: Campaign) -> bool:
    """The campaign's own office: its money, its partners, its settings."""
    return may_manage(user, campaign.branch)


def may_help(user: User, campaign: Campaign, branch: Branch) -> bool:
    """Registers households helped by `branch` and records their deliveries."""
    return may_run(user, campaign) or may_manage(user, branch)


def may_help_somewhere(user: User, campaign: Campaign) -> bool:
    """Registers the campaign's families for some branch: the campaign's office, or one
    managing a branch that takes part."""
    return may_run(user, campaign) or any(
        campaign.takes_part(path) for path in user.scope_paths(Capability.MANAGE_AID)
    )


def may_record_delivery(user: User, household: Household) -> bool:
    return may_help(user, household.campaign, household.branch)


def tenge(amount: int) -> str:
    """An amount of tenge as the user's language writes numbers (265 000 000 in kk/ru)."""
    return f"{formats.number_format(amount, use_l10n=True, force_grouping=True)} ₸"
