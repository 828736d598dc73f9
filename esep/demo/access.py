"""The demo logins: one user per role, each granted it in a branch of the demo tree. A login
that already has a password keeps it."""

from __future__ import annotations

from esep.access.actions import grant_role
from esep.access.models import User
from esep.demo.context import Demo
from esep.org.models import Branch
from esep.org.roles import Role

DEMO_PASSWORD = "esep-demo-2026"

DEMO_USERS = [
    ("admin", Role.CENTRAL_ADMIN, "central"),
    ("almaty.head", Role.BRANCH_HEAD, "almaty"),
    ("almaty.officer", Role.RECEPTION_OFFICER, "almaty"),
    ("atyrau.head", Role.BRANCH_HEAD, "atyrau"),
    ("atyrau.officer", Role.RECEPTION_OFFICER, "atyrau"),
    ("kostanay.head", Role.BRANCH_HEAD, "kostanay"),
    ("kostanay.officer", Role.RECEPTION_OFFICER, "kostanay"),
    ("kostanay.analyst", Role.ANALYST, "kostanay"),
    ("almaty.auditor", Role.AUDITOR, "almaty"),
    ("atyrau.deputy", Role.DEPUTY, "atyrau-city"),
    # A young deputy of the Kostanay oblast maslikhat and its secretary (esep.demo.deputies
    # gives them their people).
    ("kostanay.deputy", Role.DEPUTY, "kostanay"),
    ("kostanay.secretary", Role.DEPUTY, "kostanay"),
    ("kostanay.statebody", Role.STATE_BODY_CONTACT, "kostanay"),
    # Members following the road maps (esep.demo.programme makes them monitors).
    ("kostanay.monitor", Role.MONITOR, "kostanay"),
    ("almaty.monitor", Role.MONITOR, "almaty"),
    ("atyrau.monitor", Role.MONITOR, "atyrau"),
]


def build(demo: Demo) -> None:
    for username, role, code in DEMO_USERS:
        branch = Branch.objects.get(code=code)
        user = User.objects.filter(username=username).first()
        grant_role(
            username=username,
            role=role,
            branch=branch,
            password=None if user and user.has_usable_password() else DEMO_PASSWORD,
        )
        demo.users.append((username, str(Role(role).label), code))
