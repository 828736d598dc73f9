"""The pages of instructions, from their declarations (pages.py); and the files of execution
reports, served only to those who may see the instruction."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from esep.control.instructions.models import Report
from esep.control.instructions.pages import (
    INSTRUCTION_PAGE,
    INSTRUCTIONS,
    NEW_INSTRUCTION,
    get_instruction_for_user,
)
from esep.lib.http import AuthedRequest

instruction_list, instruction_export = INSTRUCTIONS.views
instruction_new = NEW_INSTRUCTION.view
instruction_detail, instruction_step = INSTRUCTION_PAGE.views


@login_required
def report_file(request: AuthedRequest, pk: int, report_id: int) -> FileResponse:
    instruction = get_instruction_for_user(request.user, pk)
    report = get_object_or_404(Report, pk=report_id, instruction=instruction)
    if not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        content_type=report.file_type,
        as_attachment=True,
        filename=report.file_name,
    )
