"""The pages of meetings, from their declarations (pages.py)."""

from __future__ import annotations

from esep.control.meetings.pages import MEETING_PAGE, MEETINGS, new_meeting
from esep.lib.steps import CreatePage
from esep.org.roles import Capability

meeting_list, meeting_export = MEETINGS.views
meeting_new = CreatePage(new_meeting, "control/form.html", Capability.MANAGE_WORK).view
meeting_detail, meeting_step = MEETING_PAGE.views
