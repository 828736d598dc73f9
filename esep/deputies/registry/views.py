"""The registry's staff pages, from their declarations (pages.py)."""

from __future__ import annotations

from esep.deputies.registry.pages import (
    BODIES,
    BODY_PAGE,
    CONVOCATION_PAGE,
    INITIATIVES,
    INQUIRIES,
    INQUIRY_PAGE,
    MANDATE_PAGE,
    MANDATES,
    NEW_BODY,
    NEW_INITIATIVE,
    NEW_INQUIRY,
    NEW_MANDATE,
    NEW_VOTER_REPORT,
    SITTING_PAGE,
    VOTER_REPORTS,
)

body_list, body_export = BODIES.views
body_new = NEW_BODY.view
body_detail, body_step = BODY_PAGE.views
convocation_detail, convocation_step = CONVOCATION_PAGE.views
sitting_detail, sitting_step = SITTING_PAGE.views
mandate_list, mandate_export = MANDATES.views
mandate_new = NEW_MANDATE.view
mandate_detail, mandate_step = MANDATE_PAGE.views
inquiry_list, inquiry_export = INQUIRIES.views
inquiry_new = NEW_INQUIRY.view
inquiry_detail, inquiry_step = INQUIRY_PAGE.views
initiative_list, initiative_export = INITIATIVES.views
initiative_new = NEW_INITIATIVE.view
voter_report_list, voter_report_export = VOTER_REPORTS.views
voter_report_new = NEW_VOTER_REPORT.view
