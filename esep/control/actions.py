"""Every use case of party control under one name, for the demo, which builds the four
areas at once. Each is written in its area's actions."""

from esep.control.instructions.actions import (
    decide_report,
    issue_instruction,
    report_execution,
    start_instruction,
)
from esep.control.issues.actions import (
    add_measure,
    change_issue_status,
    complete_measure,
    link_to_issue,
    raise_issue,
    register_issue,
    set_state_body,
    take_issue_under_control,
)
from esep.control.meetings.actions import add_agenda_item, hold_meeting, record_minutes
from esep.control.posts.actions import close_post, open_post, raise_appeal, record_visit

__all__ = [
    "add_agenda_item",
    "add_measure",
    "change_issue_status",
    "close_post",
    "complete_measure",
    "decide_report",
    "hold_meeting",
    "issue_instruction",
    "link_to_issue",
    "open_post",
    "raise_appeal",
    "raise_issue",
    "record_minutes",
    "record_visit",
    "register_issue",
    "report_execution",
    "set_state_body",
    "start_instruction",
    "take_issue_under_control",
]
