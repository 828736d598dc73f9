"""The pages of acute social issues, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.issues.pages import ISSUE_PAGE, ISSUES, NEW_ISSUE

issue_list, issue_export = ISSUES.views
issue_new = NEW_ISSUE.view
issue_detail, issue_step = ISSUE_PAGE.views
