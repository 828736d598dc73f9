"""Atyrau's ethics cases over 2019–2020 (seed 001: 24 members held liable for breaking the
ethics code in two years).

The "atyrau" branch gets an ethics commission of five of its active members; its cases come
from every source (a citizen's appeal, a control-post finding, a media report, a body),
about members of the region's branches who hold no post, login, mandate or place in the
party's assemblies (a sanction must not unseat anyone the other builders seated). 24
distinct members are sanctioned — warnings, reprimands, severe reprimands, three
suspensions, two exclusions — one of them upheld on review by the parent branch's body;
one more member's sanction is annulled on review (so it does not count), and six cases find
no breach. Everything goes through `esep.ethics.actions`, so the memberships change as the
sanctions say and the suspensions' terms are lifted (`lift_expired`) by today.
`ethics.members_sanctioned` for Atyrau over 2019–2020 is 24 from the figure registry."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.assemblies.models import Candidate, Delegate, Option, Participation
from esep.control.posts.models import Visit
from esep.demo.context import Demo
from esep.deputies.models import Mandate
from esep.ethics import actions
from esep.ethics.models import Case, Sanction
from esep.org import actions as org
from esep.org.models import Body, Branch, Membership, Post

SANCTIONED = 24
KINDS = (
    [Sanction.Kind.WARNING] * 9
    + [Sanction.Kind.REPRIMAND] * 6
    + [Sanction.Kind.SEVERE_REPRIMAND] * 4
    + [Sanction.Kind.SUSPENSION] * 3
    + [Sanction.Kind.EXCLUSION] * 2
)
NO_BREACH = 6
SOURCES = [
    Case.Source.APPEAL,
    Case.Source.CONTROL_FINDING,
    Case.Source.MEDIA,
    Case.Source.BODY,
]
GROUNDS = [
    ("Азаматтың өтінішін қарау кезінде дөрекілік көрсетті.", "4.1, 4.3"),
    ("Әлеуметтік желіде партия мүшелерін қорлайтын жазба жариялады.", "5.2"),
    ("Бақылау бекетінің тексеруінде қызмет бабын теріс пайдаланғаны анықталды.", "3.4"),
    ("Сайлаушылармен кездесуде жалған мәлімет таратты.", "2.5"),
    ("Партияның атын жеке мақсатта пайдаланды.", "3.1"),
]
MEDIA = [
    "«Атырау» газеті, {day}: «Депутат көмекшісінің дөрекілігі»",
    "«Ак Жайык», {day}: публикация о конфликте в приёмной",
    "Instagram, @atyrau_news, {day}",
]


def _free_members(atyrau: Branch) -> list[Membership]:
    """Active members of the region whom a sanction may touch: holding no post, login,
    mandate or place in the party's assemblies, in the order they were recorded."""
    busy = set(Post.objects.values_list("person_id", flat=True))
    busy |= set(User.objects.exclude(person=None).values_list("person_id", flat=True))
    busy |= set(Mandate.objects.values_list("person_id", flat=True))
    for model in (Delegate, Candidate, Participation, Option):
        busy |= set(model.objects.exclude(person=None).values_list("person_id", flat=True))
    members = Membership.objects.filter(
        branch__path__startswith=atyrau.path, status=Membership.Status.ACTIVE
    ).order_by("pk")
    return [m for m in members if m.person_id not in busy]


def _commission(atyrau: Branch, members: list[Membership], head: User) -> Body:
    body, made = Body.objects.get_or_create(
        branch=atyrau, kind=Body.Kind.ETHICS_COMMISSION, defaults={"seats": 5}
    )
    if made:
        for i, member in enumerate(members):
            org.appoint_to_body(
                actor=head,
                body=body,
                person=member.person,
                position=Post.Position.CHAIR if i == 0 else Post.Position.MEMBER,
                started_on=dt.date(2018, 12, 1),
            )
    return body


def _reviewer(atyrau: Branch) -> Body:
    """The parent branch's body that reviews Atyrau's sanctions: its ethics commission or
    bureau; the central office is given an ethics commission where it has neither."""
    found = actions.reviewing_body(atyrau)
    if found is not None:
        return found
    parent = Branch.objects.get_parent(atyrau)
    assert parent is not None
    return Body.objects.create(branch=parent, kind=Body.Kind.ETHICS_COMMISSION, seats=7)


def build(demo: Demo) -> None:
    atyrau = Branch.objects.filter(code="atyrau").first()
    head = User.objects.filter(username="atyrau.head").first()
    central = User.objects.filter(username="admin").first()
    if atyrau is None or head is None or central is None:
        return
    if Case.objects.filter(branch__path__startswith=atyrau.path).exists():
        return
    rng = random.Random("ethics:atyrau-2019-2020")
    free = _free_members(atyrau)
    needed = 5 + SANCTIONED + 1 + NO_BREACH
    if len(free) < needed:
        return
    commission_members, free = free[:5], free[5:]
    commission = _commission(atyrau, commission_members, head)
    _reviewer(atyrau)
    chosen = rng.sample(free, SANCTIONED + 1 + NO_BREACH)
    appeals = list(
        Appeal.objects.filter(
            branch__path__startswith=atyrau.path, registered_on__year__in=(2019, 2020)
        ).order_by("pk")[:50]
    )
    # The region's control posts were set up later: a finding of any year stands for one.
    visits = list(
        Visit.objects.filter(post__branch__path__startswith=atyrau.path).order_by("pk")[:50]
    )
    # (member, sanction kind or "" for no breach, what becomes of it on review)
    plan: list[tuple[Membership, str, str]] = [
        (member, kind, "") for member, kind in zip(chosen, KINDS, strict=False)
    ]
    plan[0] = (plan[0][0], plan[0][1], "upheld")
    plan.append((chosen[SANCTIONED], Sanction.Kind.SEVERE_REPRIMAND, "annulled"))
    plan += [(member, "", "") for member in chosen[SANCTIONED + 1 :]]
    rng.shuffle(plan)
    start = dt.date(2019, 1, 15)
    span = (dt.date(2020, 10, 31) - start).days
    days = sorted(start + dt.timedelta(days=rng.randrange(span)) for _ in plan)
    for i, ((member, kind, review), opened_on) in enumerate(zip(plan, days, strict=True)):
        source = SOURCES[i % len(SOURCES)]
        if source == Case.Source.APPEAL and not appeals:
            source = Case.Source.MEDIA
        if source == Case.Source.CONTROL_FINDING and not visits:
            source = Case.Source.BODY
        grounds, articles = GROUNDS[i % len(GROUNDS)]
        # A third of the cases are handled by the member's own district, where it has a body.
        own = i % 3 == 0 and actions.deciding_body(member.branch) is not None
        branch = member.branch if own else atyrau
        case = actions.open_case(
            actor=head,
            member=member,
            branch=branch,
            source=source,
            grounds=grounds,
            articles=articles,
            opened_on=opened_on,
            appeal=rng.choice(appeals) if source == Case.Source.APPEAL else None,
            visit=rng.choice(visits) if source == Case.Source.CONTROL_FINDING else None,
            media_note=rng.choice(MEDIA).format(day=opened_on.strftime("%d.%m.%Y")),
            raised_by=commission if source == Case.Source.BODY else None,
        )
        notified_on = opened_on + dt.timedelta(days=rng.randint(1, 4))
        case = actions.notify_member(
            actor=head,
            case=case,
            notified_on=notified_on,
            channel=rng.choice(["letter", "email", "in_person", "phone"]),
        )
        if rng.random() < 0.75:
            actions.record_answer(
                actor=head,
                case=case,
                answer="Түсініктемемді беремін: жағдай басқаша болды.",
                answered_on=notified_on + dt.timedelta(days=rng.randint(1, 7)),
            )
        else:
            assert case.answer_due is not None
            actions.record_no_answer(
                actor=head, case=case, on=case.answer_due + dt.timedelta(days=1)
            )
        sitting = (case.answer_due or notified_on) + dt.timedelta(days=rng.randint(2, 10))
        terms: dict[str, dt.date] = {
            Sanction.Kind.SUSPENSION: sitting + dt.timedelta(days=rng.choice([90, 180]))
        }
        actions.decide_case(
            actor=head,
            case=case,
            sitting_on=sitting,
            decision="sanction" if kind else "no_breach",
            number=f"{sitting.year}/{i + 1:02d}",
            decided_on=sitting,
            reasoning="Комиссия мүшенің түсініктемесін және материалдарды қарады.",
            kind=kind,
            ends_on=terms.get(kind),
        )
        if review:
            filed_on = sitting + dt.timedelta(days=rng.randint(3, 20))
            actions.file_review(
                actor=head, case=case, filed_on=filed_on, grounds="Шешім тым қатаң деп санаймын."
            )
            actions.decide_review(
                actor=central,
                case=case,
                decision=review,
                number=f"R-{filed_on.year}/{i + 1:02d}",
                decided_on=filed_on + dt.timedelta(days=14),
                reasoning="Жоғары тұрған органның қарауы.",
            )
        demo.ethics_cases += 1
    actions.lift_expired(on=timezone.localdate())
