"""The pages of acute social issues, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.common import create_view
from esep.control.issues.pages import ISSUE_PAGE, ISSUES, new_issue

issue_list, issue_export = ISSUES.views
issue_new = create_view(new_issue)
issue_detail, issue_step = ISSUE_PAGE.views
