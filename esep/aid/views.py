"""The aid staff pages, from their declarations (pages.py)."""

from __future__ import annotations

from esep.aid.pages import (
    CAMPAIGN_PAGE,
    CAMPAIGNS,
    HOUSEHOLD_PAGE,
    HOUSEHOLDS,
    NEW_CAMPAIGN,
    NEW_CONTRIBUTION,
    NEW_DELIVERY,
    NEW_HOUSEHOLD,
)

campaign_list, campaign_export = CAMPAIGNS.views
campaign_new = NEW_CAMPAIGN.view
campaign_detail, campaign_step = CAMPAIGN_PAGE.views
household_list, household_export = HOUSEHOLDS.views
household_new = NEW_HOUSEHOLD.view
household_detail, household_step = HOUSEHOLD_PAGE.views
delivery_new = NEW_DELIVERY.view
contribution_new = NEW_CONTRIBUTION.view
