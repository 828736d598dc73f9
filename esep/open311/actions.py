"""Use cases of Open311: issuing keys, and what a client does with one — submit an appeal
and pass on the applicant's later word on it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.actions import register_brought, reopen_on_dispute, serving_branch
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealEvent, Category, Channel
from esep.audit.log import record_event
from esep.open311.models import Client, Submission
from esep.org.models import Territory

if TYPE_CHECKING:
    from esep.access.models import User


@transaction.atomic
def create_client(*, actor: User | None, client: Client) -> str:
    """Save a new client with a key, which is returned here and never again."""
    key = client.set_new_key()
    client.full_clean()
    client.save()
    record_event(
        actor=actor,
        action="open311.client_created",
        obj=client,
        changes={"branch": client.branch.code, "active": client.is_active},
    )
    return key


@transaction.atomic
def issue_key(*, actor: User | None, client: Client) -> str:
    """A new key for the client; the old one stops working at once."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    key = client.set_new_key()
    client.save(update_fields=["key_hash", "key_prefix"])
    record_event(actor=actor, action="open311.key_issued", obj=client)
    return key


def authenticate(key: str) -> Client | None:
    """The active client holding this key, its last use noted."""
    client = Client.objects.with_key(key.strip()).select_related("branch").first()
    if client is not None:
        Client.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    return client


@transaction.atomic
def submit_request(
    *,
    client: Client,
    category: Category,
    territory: Territory,
    kind: str,
    text: str,
    language: str,
    reports_crime: bool = False,
    phone: str = "",
    surname: str = "",
    given_name: str = "",
    email: str = "",
    email_updates: bool = False,
) -> Submission:
    """Register what a client sends as an appeal of the branch serving the place, which must
    lie within the client's branch. With a phone number the applicant is found (by phone
    and name) or recorded, and the appeal keeps the contacts given; without one the appeal
    is anonymous, and not considered unless it reports a crime or a threat to security.
    `email_updates`: the applicant agreed to receive the receipt and each public step at
    the e-mail given (esep.appeals.notify)."""
    branch = serving_branch(territory)
    if not branch.path.startswith(client.branch.path):
        raise PermissionDenied(
            _(
                "This place is served by %(branch)s, outside %(scope)s, the branch your key "
                "may submit appeals to."
            )
            % {"branch": branch.name, "scope": client.branch.name}
        )
    appeal = register_brought(
        actor=None,
        anonymous=not phone.strip(),
        phone=phone,
        surname=surname.strip(),
        given_name=given_name.strip(),
        email=email.strip() if phone.strip() else "",
        notify_by_email=email_updates and bool(email.strip()),
        channel=Channel.OPEN311,
        kind=kind,
        category=category,
        territory=territory,
        branch=branch,
        text=text,
        language=language,
        reports_crime=reports_crime,
    )
    return Submission.objects.create(appeal=appeal, client=client)


@transaction.atomic
def post_update(
    *, client: Client, appeal: Appeal, status: str, description: str, update_id: str = ""
) -> AppealEvent:
    """The applicant's word on their appeal, passed on by the client that submitted it. OPEN
    on an answered or closed appeal disputes the answer and reopens it; anything else is
    recorded on the timeline for the staff (never published)."""
    submission = Submission.objects.filter(appeal=appeal).first()
    if submission is None or submission.client_id != client.pk:
        raise PermissionDenied(_("This request was not submitted with your key."))
    if not description.strip():
        raise ValidationError(_("description is required."), code="no_description")
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if status == "OPEN" and current.status in (Status.ANSWERED, Status.CLOSED):
        reopen_on_dispute(actor=None, appeal=current, reason=description.strip())
        return current.events.order_by("-pk")[0]
    return AppealEvent.objects.create(
        appeal=current,
        actor=None,
        action="client_update",
        from_status=current.status,
        to_status=current.status,
        note=description.strip(),
        data={"client": client.pk, "update_id": update_id[:100], "status": status},
    )
