"""How the assemblies' tests run a conference with the actions: its roll frozen and opened
with delegates registered, a motion and an audit commission's election on its agenda, a
conference certified from start to end, an action's refusal by its code, and tampering with
the log or the ballots as someone holding the database's keys would (the append-only
triggers set aside). Shared by the tests of every app that reads the assemblies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from esep.assemblies import actions
from esep.org.models import Body


def code_of(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return str(next(iter(error.error_dict.values()))[0].code)
    return str(error.error_list[0].code)


def refused(code: str, call, **kwargs):
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    assert code_of(caught.value) == code, caught.value


def in_session(conf, registered=None):
    """Freeze the roll, open the conference and register delegates (all by default)."""
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[: registered if registered is not None else len(conf.delegates)]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")


def motion(conf, kind="open", **kw):
    return actions.create_poll(
        actor=conf.office,
        item=conf.report,
        kind=kind,
        name_kk="Есепті бекіту",
        name_ru="Утвердить отчёт",
        **kw,
    )


def audit_election(conf, seats=2, candidates=3):
    poll = actions.create_poll(
        actor=conf.office,
        item=conf.election,
        kind="election",
        name_kk="Бақылау-тексеру комиссиясы",
        name_ru="Контрольно-ревизионная комиссия",
        seats=seats,
        body_kind=Body.Kind.AUDIT_COMMISSION,
    )
    for person in conf.members[5 : 5 + candidates]:
        actions.nominate(
            actor=conf.office, poll=poll, person=person, consent_on=dt.date(2022, 1, 10)
        )
    return poll


def option(poll, number):
    return poll.options.get(number=number)


def certified_conference(conf):
    in_session(conf)
    report = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    for voter in conf.voters:
        actions.cast(actor=voter, poll=report, choices=[option(report, 1)])
    actions.close_poll(actor=conf.office, poll=report)
    actions.certify(actor=conf.office, poll=report)
    election = actions.open_poll(actor=conf.office, poll=audit_election(conf))
    for voter in conf.voters:
        actions.cast(actor=voter, poll=election, choices=[option(election, 1), option(election, 2)])
    actions.close_poll(actor=conf.office, poll=election)
    actions.certify(actor=conf.office, poll=election)
    actions.close_conference(actor=conf.office, conference=conf.conference)
    return report, election


def without_triggers(sql: str, params=()):
    """Tampering as someone with the database's keys would: the triggers dropped first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("assemblies_logentry", "assemblies_ballot_choices", "assemblies_ballot"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            cursor.execute(sql, params)
        else:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")
