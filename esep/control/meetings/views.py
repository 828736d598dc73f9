"""The pages of meetings, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.meetings.pages import MEETING_PAGE, MEETINGS, NEW_MEETING

meeting_list, meeting_export = MEETINGS.views
meeting_new = NEW_MEETING.view
meeting_detail, meeting_step = MEETING_PAGE.views
