"""The pages of acute social issues, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.issues.pages import ISSUE_PAGE, ISSUES, new_issue
from esep.lib.steps import CreatePage
from esep.org.roles import Capability

issue_list, issue_export = ISSUES.views
issue_new = CreatePage(new_issue, "control/form.html", Capability.MANAGE_WORK).view
issue_detail, issue_step = ISSUE_PAGE.views
