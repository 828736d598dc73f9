"""The personal-data access log: the demo's staff have opened some people's records, as they
would on the pages, so the auditor's log is not empty. Written by `org.privacy`, the log's
one writer. A login that has seen personal data already is left alone: running it again
adds nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.appeals.pages import applicant_contacts
from esep.audit.models import PersonalDataAccess
from esep.demo.context import Demo
from esep.org.models import Person
from esep.org.privacy import personal_data_for

# Who read what: the first page of their register, some appeals' citizens, and some members
# of another region for those whose scope reaches it.
READERS = {
    "almaty.officer": ("list", "appeals"),
    "atyrau.officer": ("list", "appeals"),
    "kostanay.officer": ("list", "appeals"),
    "almaty.head": ("people",),
    "admin": ("people",),
}


def _read(user: User, what: str) -> None:
    people = Person.objects.visible_to(user).filter(membership__isnull=False)
    if what == "list":
        personal_data_for(user, people[:20], page=reverse("org:person-list"))
    elif what == "people":
        for person in people.filter(membership__branch__code__startswith="almaty")[:3]:
            personal_data_for(user, [person], page=reverse("org:person-detail", args=[person.pk]))
    else:
        appeals = Appeal.objects.visible_to(user).filter(submitter__isnull=False)
        for appeal in appeals.select_related("branch", "submitter").order_by("pk")[:5]:
            # As the appeal's page shows its applicant: the contacts given at intake.
            page = reverse("appeals:detail", args=[appeal.pk])
            applicant_contacts(user, [appeal], page=page)


def build(demo: Demo) -> None:
    with translation.override("kk"):
        for username, reads in READERS.items():
            user = User.objects.filter(username=username).first()
            if user is None or PersonalDataAccess.objects.filter(user=user).exists():
                continue
            for what in reads:
                _read(user, what)
