"""The pages of citizens' proposals, from their declarations (pages.py)."""

from __future__ import annotations

from esep.programme.proposals.pages import NEW_PROPOSAL, PROPOSAL_PAGE, PROPOSALS

proposal_list, proposal_export = PROPOSALS.views
proposal_new = NEW_PROPOSAL.view
proposal_detail, proposal_step = PROPOSAL_PAGE.views
