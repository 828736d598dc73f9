"""Drafting press releases from a report's frozen figures, through editable templates."""

from __future__ import annotations

from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

from esep.figures.models import PressTemplate

ENGINE = Engine(
    autoescape=False,  # plain text, not HTML
    builtins=["esep.figures.templatetags.press"],
)

DEFAULT_KK = (
    "{{ scope }} бойынша {{ start }}–{{ end }} аралығында партияның қоғамдық қабылдау "
    "бөлмелеріне {{ appeals_received|num }} өтініш түсті, оның "
    '{{ appeals_resolved_positively|case:"poss" }} оң шешілді '
    "({{ appeals_resolved_positively_share|pct }}). Өтініштердің "
    "{{ appeals_answered_on_time_share|share_kk }} заңда белгіленген мерзімде қаралды.\n\n"
    "Осы кезеңде {{ receptions_held|num }} қабылдау өткізіліп, оларда "
    "{{ receptions_people_received|num }} адам қабылданды. Базарлар мен вокзалдарда, "
    "кәсіпорындарда өткен жылжымалы қабылдауларда түскен өтініштердің "
    "{{ receptions_mobile_resolved_positively_share|share_kk }} оң шешімін тапты.\n\n"
    "Партиялық бақылауға {{ issues_taken_under_control|num }} өткір әлеуметтік мәселе "
    'алынды, оның {{ issues_resolved|case:"poss" }} шешілді.'
    "{% if programme_proposals_received %}\n\nАзаматтардан бағдарламаға "
    "{{ programme_proposals_received|num }} ұсыныс түсті, оның "
    "{{ programme_proposals_included_share|share_kk }} бағдарламаға енгізілді.{% endif %}"
    "{% if aid_families_helped %}\n\nКөмек акциялары аясында {{ aid_families_helped|num }} "
    "отбасыға {{ aid_amount_tenge|money }} көмек көрсетілді.{% endif %}"
    "{% if outreach_meetings_held %}\n\nҮгіт-насихат жұмысы кезінде "
    "{{ outreach_meetings_held|num }} кездесу өткізіліп, {{ outreach_people_reached|num }} "
    "адам қамтылды.{% endif %}"
    "{% if awards_granted %}\n\nПартия марапаттарына {{ awards_granted|num }} азамат ие "
    "болды.{% endif %}"
    "{% if ethics_members_sanctioned %}\n\nЭтика кодексін бұзған "
    "{{ ethics_members_sanctioned|num }} партия мүшесі партиялық жауапкершілікке "
    "тартылды.{% endif %}"
)
DEFAULT_RU = (
    "С {{ start }} по {{ end }} в общественные приёмные партии ({{ scope }}) поступило "
    '{{ appeals_received|plural:"обращение,обращения,обращений" }}, из них '
    "положительно решено "
    '{{ appeals_resolved_positively|plural:"обращение,обращения,обращений" }} '
    "({{ appeals_resolved_positively_share|pct }}). В установленный законом срок рассмотрено "
    "{{ appeals_answered_on_time_share|pct }} обращений.\n\n"
    "За этот период проведено приёмов: {{ receptions_held|num }}; на них принято "
    '{{ receptions_people_received|plural:"человек,человека,человек" }}. По обращениям, '
    "поступившим на мобильных приёмах на рынках, вокзалах и предприятиях, положительно "
    "решено {{ receptions_mobile_resolved_positively_share|pct }} вопросов.\n\n"
    "На партийный контроль взято острых социальных вопросов: "
    "{{ issues_taken_under_control|num }}, из них решено {{ issues_resolved|num }}."
    "{% if programme_proposals_received %}\n\nОт граждан поступило "
    '{{ programme_proposals_received|plural:"предложение,предложения,предложений" }} '
    "к программе, из них в программу включено "
    "{{ programme_proposals_included_share|pct }}.{% endif %}"
    "{% if aid_families_helped %}\n\nВ ходе акций помощи поддержку получили "
    '{{ aid_families_helped|plural:"семья,семьи,семей" }} на {{ aid_amount_tenge|money }}.'
    "{% endif %}"
    "{% if outreach_meetings_held %}\n\nВ ходе агитационной работы проведено встреч: "
    "{{ outreach_meetings_held|num }}, охвачено "
    '{{ outreach_people_reached|plural:"человек,человека,человек" }}.{% endif %}'
    "{% if awards_granted %}\n\nНаградами партии отмечены "
    '{{ awards_granted|plural:"человек,человека,человек" }}.{% endif %}'
    "{% if ethics_members_sanctioned %}\n\nЗа нарушение кодекса этики к партийной "
    "ответственности привлечено "
    '{{ ethics_members_sanctioned|plural:"член партии,члена партии,членов партии" }}.'
    "{% endif %}"
)

FIGURES = [
    "appeals.received",
    "appeals.resolved_positively",
    "appeals.resolved_positively_share",
    "appeals.answered_on_time_share",
    "receptions.held",
    "receptions.people_received",
    "receptions.mobile_resolved_positively_share",
    "issues.taken_under_control",
    "issues.resolved",
    "programme.proposals_received",
    "programme.proposals_included_share",
    "aid.families_helped",
    "aid.amount_tenge",
    "outreach.meetings_held",
    "outreach.people_reached",
    "awards.granted",
    "ethics.members_sanctioned",
]


def template() -> PressTemplate:
    found, _created = PressTemplate.objects.get_or_create(
        name="default", defaults={"text_kk": DEFAULT_KK, "text_ru": DEFAULT_RU}
    )
    return found


def context(report: Any, language: str) -> dict[str, Any]:
    values = {f["code"].replace(".", "_"): f["value"] for f in report.figures}
    return {
        **values,
        "scope": report.scope_names.get(language, report.scope),
        "start": f"{report.period_start:%d.%m.%Y}",
        "end": f"{report.period_end:%d.%m.%Y}",
    }


def draft(report: Any, text: str, language: str) -> str:
    """The press release in `language` from the template `text`; a template error is shown
    in the draft, for the editor to fix, rather than failing."""
    with translation.override(language):
        try:
            return ENGINE.from_string(text).render(Context(context(report, language))).strip()
        except TemplateSyntaxError as error:
            return f"[{error}]"
