"""Citizens hear back. An applicant who agreed at submission (the public site's form, an
Open311 client's `attribute[email_updates]`) gets the receipt and then each public step of
the appeal — the steps `timeline.py` names, the same the tracking page shows — by e-mail,
and by SMS where a sender is configured, in the language the appeal was submitted in.

The actions queue a message as each public step is written (`queue_news`); the worker sends
it (`send_news`), reading the consent afresh, so a message queued before the applicant
withdrew it is not sent. A message says no more than the tracking page shows: the number,
the step, dates, the topic, the office, the page's address; and how to stop the messages
(a signed link). The applicant's e-mail and phone never reach a log line: a failure is
logged with the event's number and the kind of error only.

SMS: `settings.ESEP_SMS_SENDER` names a class whose instances have `send(phone, text)`;
empty (the default), no SMS is offered or sent."""

from __future__ import annotations

import logging
import zoneinfo
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from esep.appeals.lifecycle import OPEN_STATUSES, Status
from esep.appeals.models import Appeal, AppealEvent
from esep.appeals.timeline import ACTIONS, handovers, step_code, step_label, was_handover

logger = logging.getLogger(__name__)

STOP_SALT = "esep.appeals.notify.stop"


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class NewsNotSent(Exception):
    """A message could not be sent (what went wrong is logged without the address)."""


def sms_enabled() -> bool:
    return bool(getattr(settings, "ESEP_SMS_SENDER", ""))


def sms_sender() -> SmsSender | None:
    """The configured SMS sender, or None: SMS is off."""
    return import_string(settings.ESEP_SMS_SENDER)() if sms_enabled() else None


def site_url() -> str:
    return str(getattr(settings, "ESEP_SITE_URL", "")).rstrip("/")


def tracking_url(appeal: Appeal) -> str:
    """The appeal's public tracking page, absolute, in the appeal's language."""
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        return site_url() + reverse("portal:track-detail", kwargs={"code": appeal.tracking_code})


def stop_token(appeal: Appeal) -> str:
    return signing.Signer(salt=STOP_SALT).signature(appeal.tracking_code)


def is_stop_token(appeal: Appeal, token: str) -> bool:
    return constant_time_compare(stop_token(appeal), token)


def stop_url(appeal: Appeal) -> str:
    """The signed link in every message that withdraws the consent to hear news."""
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        return site_url() + reverse(
            "portal:stop-news", kwargs={"code": appeal.tracking_code, "token": stop_token(appeal)}
        )


def wants_news(appeal: Appeal) -> bool:
    return bool(
        (appeal.notify_by_email and appeal.contact_email)
        or (appeal.notify_by_sms and appeal.contact_phone and sms_enabled())
    )


def queue_news(event: AppealEvent) -> None:
    """Have the worker tell the applicant of this step once it is committed, if it is a
    public step and they asked to hear of it."""
    if event.action in ACTIONS and wants_news(event.appeal):
        transaction.on_commit(lambda: send_news.enqueue(event_id=event.pk))


@transaction.atomic
def stop_news(*, appeal: Appeal) -> bool:
    """The applicant withdraws the consent to hear news (e-mail and SMS alike); returns
    whether there was one to withdraw. Written on the timeline for the staff."""
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not (current.notify_by_email or current.notify_by_sms):
        return False
    Appeal.objects.filter(pk=current.pk).update(notify_by_email=False, notify_by_sms=False)
    AppealEvent.objects.create(
        appeal=current,
        actor=None,
        action="news_stopped",
        from_status=current.status,
        to_status=current.status,
    )
    appeal.notify_by_email = appeal.notify_by_sms = False
    return True


def _local_date(appeal: Appeal, event: AppealEvent) -> str:
    local = timezone.localtime(event.at, zoneinfo.ZoneInfo(appeal.territory.time_zone))
    return local.strftime("%d.%m.%Y")


def _label(appeal: Appeal, event: AppealEvent) -> str:
    data = event.data or {}
    handed = handovers({appeal.pk}) if event.action == "forwarded" else set()
    return step_label(step_code(event.action, data, was_handover(appeal.pk, data, handed)))


def _office(appeal: Appeal) -> str:
    return ", ".join(part for part in (appeal.branch.name, appeal.branch.address) if part)


def message(event: AppealEvent) -> tuple[str, str, str]:
    """The subject, the e-mail's body and the SMS of a step, in the active language."""
    appeal = event.appeal
    url = tracking_url(appeal)
    is_open = appeal.status in OPEN_STATUSES and appeal.is_considered
    due = appeal.due_on.strftime("%d.%m.%Y")
    if event.action in ("registered", "imported"):
        subject = _("Your appeal %(number)s is registered") % {"number": appeal.number}
        lines = [
            _("Your appeal is registered."),
            "",
            f"{_('Registration number')}: {appeal.number}",
            f"{_('Tracking code')}: {appeal.tracking_code}",
            f"{_('Registered on')}: {appeal.registered_on:%d.%m.%Y}",
            *([f"{_('Answer due by')}: {due}"] if appeal.is_considered else []),
            f"{_('Topic')}: {appeal.category.name}",
            f"{_('Office')}: {_office(appeal)}",
        ]
        sms = _("Appeal %(number)s is registered, tracking code %(code)s.") % {
            "number": appeal.number,
            "code": appeal.tracking_code,
        }
    else:
        label = _label(appeal, event)
        subject = _("Appeal %(number)s: %(step)s") % {"number": appeal.number, "step": label}
        lines = [
            _("A new step on your appeal %(number)s, %(date)s:")
            % {"number": appeal.number, "date": _local_date(appeal, event)},
            label + ".",
        ]
        if is_open:
            lines.append(_("The answer is due by %(date)s.") % {"date": due})
        if appeal.status in (Status.ANSWERED, Status.CLOSED):
            lines.append(
                _("Read the answer on the appeal's page; there you can rate it or dispute it.")
            )
        sms = _("Appeal %(number)s: %(step)s.") % {"number": appeal.number, "step": label}
    lines += [
        "",
        _("Follow your appeal: %(url)s") % {"url": url},
        "",
        _(
            "You receive these messages because you asked for them when you submitted the "
            "appeal. To receive no more: %(url)s"
        )
        % {"url": stop_url(appeal)},
    ]
    sms += " " + url + " " + _("Stop: %(url)s") % {"url": stop_url(appeal)}
    return subject, "\n".join(lines), sms


@task()
def send_news(*, event_id: int) -> int:
    """Send the applicant the message of one public step, by each way they agreed to;
    returns how many were sent."""
    event = (
        AppealEvent.objects.select_related(
            "appeal__branch", "appeal__category", "appeal__territory"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    appeal = event.appeal
    sender = sms_sender()
    sent, failed = 0, []
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        subject, body, sms = message(event)
        if appeal.notify_by_email and appeal.contact_email:
            try:
                send_mail(subject, body, None, [appeal.contact_email])
                sent += 1
            except Exception as error:
                failed.append(f"e-mail: {type(error).__name__}")
        if appeal.notify_by_sms and appeal.contact_phone and sender is not None:
            try:
                sender.send(appeal.contact_phone, sms)
                sent += 1
            except Exception as error:
                failed.append(f"SMS: {type(error).__name__}")
    if failed:
        # Only the event and the kind of error: an error's text may hold the address.
        logger.warning("news of appeal event %s not sent (%s)", event.pk, "; ".join(failed))
        raise NewsNotSent(f"event {event.pk}: {'; '.join(failed)}")
    return sent
