"""The models of party control, where Django and other apps find them; each area keeps its
own. The upload paths are here too because the first migration names them here."""

from esep.control.instructions.models import Instruction, Report, report_path
from esep.control.issues.models import Issue, IssueEvent, Measure
from esep.control.meetings.models import AgendaItem, Meeting
from esep.control.posts.models import ControlPost, Visit, VisitPhoto, photo_path

__all__ = [
    "AgendaItem",
    "ControlPost",
    "Instruction",
    "Issue",
    "IssueEvent",
    "Measure",
    "Meeting",
    "Report",
    "Visit",
    "VisitPhoto",
    "photo_path",
    "report_path",
]
