"""The pages of meetings, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.common import create_view
from esep.control.meetings.pages import MEETING_PAGE, MEETINGS, new_meeting

meeting_list, meeting_export = MEETINGS.views
meeting_new = create_view(new_meeting)
meeting_detail, meeting_step = MEETING_PAGE.views
