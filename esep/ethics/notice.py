"""The notice of an ethics case e-mailed to the member, in Kazakh and Russian both: queued by
`actions.notify_member` once the case is saved, sent by the worker. It names the case, the
branch and the deadline; the log names the case, never the address."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from esep.ethics.models import Case

logger = logging.getLogger(__name__)


def notice_text(case: Case) -> tuple[str, str]:
    """The member's notice, in Kazakh and in Russian both: that a case was opened and by
    when to answer. It names the case and the dates only."""
    subjects, parts = [], []
    for language in ("kk", "ru"):
        with translation.override(language):
            subjects.append(_("Ethics case %(number)s") % {"number": case.number})
            parts.append(
                _(
                    "An ethics case %(number)s has been opened about you in the party branch "
                    "“%(branch)s”. You may give your answer in writing until %(due)s."
                )
                % {
                    "number": case.number,
                    "branch": case.branch.name,
                    "due": case.answer_due.strftime("%d.%m.%Y") if case.answer_due else "",
                }
            )
    return " / ".join(subjects), "\n\n".join(parts)


@task()
def send_notice(*, case_id: int) -> int:
    """E-mail the member the notice of their case; 1 when sent, 0 when there is no case or
    no address any more."""
    case = Case.objects.select_related("branch", "member__person").filter(pk=case_id).first()
    if case is None or not case.member.person.email:
        return 0
    subject, body = notice_text(case)
    send_mail(subject, body, None, [case.member.person.email])
    logger.info("ethics notice e-mailed for case %s", case.pk)
    return 1
