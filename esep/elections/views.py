"""The elections' staff pages, from their declarations (pages.py)."""

from __future__ import annotations

from esep.elections.pages import (
    CAMPAIGN_PAGE,
    CAMPAIGNS,
    ELECTION_PAGE,
    ELECTIONS,
    NEW_CAMPAIGN,
    NEW_ELECTION,
    NEW_TENURE,
    TENURES,
)

election_list, election_export = ELECTIONS.views
election_new = NEW_ELECTION.view
election_detail, election_step = ELECTION_PAGE.views
campaign_list, campaign_export = CAMPAIGNS.views
campaign_new = NEW_CAMPAIGN.view
campaign_detail, _campaign_step = CAMPAIGN_PAGE.views
tenure_list, tenure_export = TENURES.views
tenure_new = NEW_TENURE.view
