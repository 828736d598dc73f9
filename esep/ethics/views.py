"""The ethics cases' pages, from their declarations (pages.py)."""

from __future__ import annotations

from esep.ethics.pages import CASE_PAGE, CASES, NEW_CASE

case_list, case_export = CASES.views
case_new = NEW_CASE.view
case_detail, case_step = CASE_PAGE.views
