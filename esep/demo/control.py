"""Demo party work for 2021 beyond receptions, in the regions whose receptions this run
made: control posts with visits; acute social issues with plans and control; weekly urgent
meetings with instructions and reports. Two demo logins are given people to act as."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from esep.access.models import User
from esep.appeals.models import Appeal, Category, StateBody
from esep.control.instructions import actions as instruction_actions
from esep.control.issues import actions as issue_actions
from esep.control.meetings import actions as meeting_actions
from esep.control.models import ControlPost, Instruction, Issue
from esep.control.posts import actions as post_actions
from esep.demo.context import Demo
from esep.org.models import Branch, Person

YEAR_START, YEAR_END = dt.date(2021, 1, 4), dt.date(2021, 12, 20)

POSTS = [
    ("school", "№ {n} мектеп құрылысы", "Строительство школы № {n}"),
    ("hospital", "Облыстық көпбейінді аурухана", "Областная многопрофильная больница"),
    ("clinic", "№ {n} емхана", "Поликлиника № {n}"),
    ("kindergarten", "«Балдырған» балабақшасы", "Детский сад «Балдырган»"),
    ("road", "Республикалық жолдың {n}-шақырымы", "{n}-й километр республиканской трассы"),
    ("utility_network", "Сумен жабдықтау желісін жаңғырту", "Модернизация сетей водоснабжения"),
    ("housing", "{n}-шағын аудандағы тұрғын үй", "Жилой дом в {n}-м микрорайоне"),
]
FINDINGS = [
    ("Жұмыс кестеден 3 аптаға қалып тұр, жұмысшылар жеткіліксіз.", 2),
    ("Жұмыс кесте бойынша жүріп жатыр, ескерту жоқ.", 4),
    ("Жылу жүйесі қосылмаған, терезелер орнатылмаған.", 2),
    ("Қауіпсіздік талаптары бұзылған: құрылыс алаңы қоршалмаған.", 1),
    ("Кемшіліктер жойылды, объект пайдалануға дайын.", 5),
    ("Құрылыс материалдарының сапасына тұрғындар шағымданады.", 3),
]
ISSUES = [
    ("utilities-water", "civic_committee", "{place}: ауыз су тапшылығы", "Жазда су үзіліп қалады."),
    ("roads", "public_council", "{place}: мектепке баратын жол жөнделмеген", "Күзде өту қиын."),
    ("utilities-heating", "appeals", "{place}: жылу беру кешіктірілді", "Көп пәтерде суық."),
    ("healthcare", "media", "{place}: емханада кезек ұзақ", "Жазылу екі аптаға созылады."),
    ("education", "meeting", "{place}: балабақшада орын жетпейді", "Кезек 600 балаға жетті."),
    ("improvement", "civic_committee", "{place}: аулада жарық жоқ", "Кешке қауіпті."),
]
MEASURES = [
    ("Мәселені жергілікті атқарушы органмен бірлесіп зерделеу", "аудан әкімдігі"),
    ("Жөндеу жұмыстарын бюджетке енгізу", "қаржы басқармасы"),
    ("Жұмыстың орындалуын тексеру және тұрғындарға хабарлау", "партия филиалы"),
]
INSTRUCTIONS = [
    "Азаматтардың өтініштерін қарау мерзімдерінің сақталуын тексеру.",
    "Жылжымалы қабылдаулар кестесін апта соңына дейін жариялау.",
    "Бақылау бекеттерінің қорытындыларын жинап, бюро отырысына ұсыну.",
    "Өткір әлеуметтік мәселелер бойынша мемлекеттік органдардан жауап алу.",
    "Депутаттардың сайлаушылармен кездесулерін ұйымдастыру.",
]


def _staff(region: str, role: str) -> User | None:
    return User.objects.filter(grants__branch__code=region, grants__role=role).first()


def _link_person(username: str, person: Person | None) -> None:
    user = User.objects.filter(username=username, person__isnull=True).first()
    if user is not None and person is not None and not hasattr(person, "user"):
        user.person = person
        user.save(update_fields=["person"])


def build_posts_and_issues(
    region: Branch, officer: User, head: User, rng: random.Random, categories: dict
) -> tuple[int, list[Issue]]:
    districts = list(
        Branch.objects.filter(path__startswith=region.path, depth=region.depth + 1).select_related(
            "territory"
        )[:6]
    ) or [region]
    posts, issues = 0, []
    for i, (kind, kk, _ru) in enumerate(POSTS):
        branch = districts[i % len(districts)]
        holders = list(Person.objects.office_holders([branch.path])[:4])
        if not holders:
            continue
        post = post_actions.open_post(
            actor=officer,
            branch=branch,
            territory=branch.territory,
            object_kind=kind,
            object_name=kk.format(n=rng.randrange(3, 90)),
            address=f"{branch.territory.name_kk}, {rng.randrange(1, 40)}-көше",
            head=holders[0],
            members=holders[1:3],
            opened_on=dt.date(2021, 2, 1) + dt.timedelta(days=7 * i),
        )
        posts += 1
        for month in range(4, 12, 2):
            findings, situation = rng.choice(FINDINGS)
            visit = post_actions.record_visit(
                actor=officer,
                post=post,
                visited_on=dt.date(2021, month, rng.randrange(5, 25)),
                visitors=holders[:2],
                findings=findings,
                situation=situation,
            )
            if situation == 1 and rng.random() < 0.7:
                issues.append(
                    issue_actions.raise_issue(
                        actor=officer,
                        visit=visit,
                        title=f"{post.object_name}: {findings[:60]}",
                        category=categories.get("improvement") or next(iter(categories.values())),
                    )
                )
    bodies = list(StateBody.objects.filter(code__startswith=f"{region.code}-"))
    for i, (code, source, title, text) in enumerate(ISSUES * 2):
        branch = districts[i % len(districts)]
        issue = issue_actions.register_issue(
            actor=officer,
            title=title.format(place=branch.territory.name_kk),
            description=text,
            category=categories[code],
            territory=branch.territory,
            branch=branch,
            source=source,
            appeals=Appeal.objects.filter(branch=branch, category=categories[code])[:3],
            state_body=bodies[i % len(bodies)] if bodies else None,
        )
        issues.append(issue)
    for i, issue in enumerate(issues):
        start = dt.date(2021, 3, 1) + dt.timedelta(days=11 * i)
        if i % 3 != 2:
            issue_actions.take_issue_under_control(
                actor=head,
                issue=issue,
                controller=head,
                deadline=start + dt.timedelta(days=60),
                reason="Шұғыл жиынның шешімі",
                today=start,
            )
        for j, (text, who) in enumerate(MEASURES[: 1 + i % 3]):
            measure = issue_actions.add_measure(
                actor=officer,
                issue=issue,
                text=text,
                responsible=who,
                deadline=start + dt.timedelta(days=20 * (j + 1)),
            )
            if i % 4 != 3:
                issue_actions.complete_measure(
                    actor=officer, measure=measure, done_on=measure.deadline, result="Орындалды."
                )
        if i % 4 == 0:
            issue_actions.change_issue_status(
                actor=officer, issue=issue, status="resolved", today=start + dt.timedelta(days=70)
            )
        elif i % 7 == 5:
            issue_actions.change_issue_status(
                actor=officer,
                issue=issue,
                status="not_resolved",
                reason="Қаржыландыру келесі жылға ауыстырылды.",
                today=start + dt.timedelta(days=80),
            )
    return posts, issues


def build_meetings(
    region: Branch, head: User, officer: User, issues: list[Issue], rng: random.Random
) -> tuple[int, int]:
    districts = list(Branch.objects.filter(path__startswith=region.path, depth=region.depth + 1))
    participants = list(Person.objects.office_holders([region.path])[:8])
    meetings = instructions = 0
    day = YEAR_START
    while day <= YEAR_END:
        meeting = meeting_actions.hold_meeting(
            actor=head,
            branch=region,
            kind="urgent",
            held_on=day,
            participants=participants,
            minutes="Күн тәртібіндегі мәселелер қаралды, тапсырмалар берілді.",
        )
        meetings += 1
        open_issues = [i for i in issues if i.created_at.date() >= YEAR_START] or issues
        issue = rng.choice(open_issues) if open_issues else None
        item = meeting_actions.add_agenda_item(
            actor=head,
            meeting=meeting,
            title=issue.title if issue else "Азаматтардың өтініштері",
            issue=issue,
        )
        for _ in range(rng.randrange(1, 3)):
            executor = rng.choice(districts) if districts else region
            instruction = instruction_actions.issue_instruction(
                actor=head,
                branch=region,
                text=rng.choice(INSTRUCTIONS),
                deadline=day + dt.timedelta(days=rng.choice([7, 14, 30])),
                executor_branch=executor,
                agenda_item=item,
                given_by=participants[0] if participants else None,
                today=day,
            )
            instructions += 1
            if instruction.deadline > YEAR_END and rng.random() < 0.5:
                continue  # still open at the end of the year
            if rng.random() < 0.1:
                continue  # never reported: overdue
            report = instruction_actions.report_execution(
                actor=officer,
                instruction=instruction,
                text="Тапсырма орындалды, есеп қоса беріледі.",
            )
            accept = rng.random() < 0.85
            instruction_actions.decide_report(
                actor=head,
                report=report,
                accept=accept,
                comment="" if accept else "Нақты нәтижелер көрсетілмеген.",
                today=instruction.deadline,
            )
        day += dt.timedelta(days=7)
    return meetings, instructions


@transaction.atomic
def build(demo: Demo) -> None:
    categories = {c.code: c for c in Category.objects.all()}
    for work in demo.work.values():
        posts, issues = build_posts_and_issues(
            work.region, work.officer, work.head, work.rng, categories
        )
        demo.control_posts += posts
        demo.issues += len(issues)
        meetings, instructions = build_meetings(
            work.region, work.head, work.officer, issues, work.rng
        )
        demo.meetings += meetings
        demo.instructions += instructions
    # Demo logins that act in person: the Atyrau city deputy heads a control post, the
    # Kostanay state-body contact executes an instruction.
    post = (
        ControlPost.objects.filter(branch__code__startswith="atyrau")
        .order_by("-branch__code", "pk")  # atyrau-city's own post first, if it has one
        .first()
    )
    if post is not None:
        _link_person("atyrau.deputy", post.head)
    contact = Person.objects.filter(membership__branch__code="kostanay").order_by("pk").last()
    _link_person("kostanay.statebody", contact)
    kostanay = Branch.objects.filter(code="kostanay").first()
    statebody = User.objects.filter(username="kostanay.statebody").first()
    head = _staff("kostanay", "reception_officer")
    if (
        kostanay
        and statebody
        and statebody.person_id
        and head
        and not Instruction.objects.filter(executor_person_id=statebody.person_id).exists()
    ):
        instruction_actions.issue_instruction(
            actor=head,
            branch=kostanay,
            text="Қостанай қаласындағы жылу беру маусымына дайындық туралы ақпарат беру.",
            deadline=timezone.localdate() + dt.timedelta(days=10),
            executor_person=statebody.person,
            executor_state_body=StateBody.objects.filter(code__startswith="kostanay-").first(),
        )
