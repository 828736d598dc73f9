"""Freezing figures as a report, drafting its press release, publishing both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from esep.access.models import User
from esep.audit.log import record_event
from esep.figures import charts, press
from esep.figures.compute import Scope, compute, parse_scope
from esep.figures.models import HASH_SCHEME, PublishedReport
from esep.figures.periods import Period, check_day
from esep.figures.registry import UNIT_LABELS, Unit, get
from esep.org.models import Branch
from esep.org.roles import Capability

LANGUAGES = ("kk", "ru", "en")


def _in_every_language(text) -> dict[str, str]:
    out = {}
    for language in LANGUAGES:
        with translation.override(language):
            out[language] = str(text)
    return out


def publishing_branch(scope: Scope) -> Branch:
    """Who publishes a scope's figures: the branch itself; for a territory, the whole party
    (only it sees every record a territory holds)."""
    if isinstance(scope.node, Branch):
        return scope.node
    return Branch.objects.get(depth=1)


def may_publish(user: User, scope: Scope) -> bool:
    return user.can(Capability.PUBLISH_FIGURES, publishing_branch(scope).path)


@transaction.atomic
def freeze(*, actor: User, scope: Scope, period: Period, codes: list[str]) -> PublishedReport:
    """Compute the figures now and keep them, with their definitions in every language, in
    a draft report whose press release is drafted from the templates."""
    if not codes:
        raise ValidationError(_("Choose at least one figure."), code="no_figures")
    check_day(period.start)  # within the bounds every period keeps to
    check_day(period.end)
    values = compute(codes, scope, period)  # every record in scope: the author sees them all
    figures = [
        {
            "code": code,
            "value": values.get(code),
            "unit": get(code).unit,
            "label": _in_every_language(get(code).label),
            "definition": _in_every_language(get(code).definition),
        }
        for code in codes
    ]
    names = {}
    for language in LANGUAGES:
        with translation.override(language):
            names[language] = scope.name
    titles = {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[language] = _("%(scope)s: figures for %(start)s–%(end)s") % {
                "scope": names[language],
                "start": f"{period.start:%d.%m.%Y}",
                "end": f"{period.end:%d.%m.%Y}",
            }
    report = PublishedReport.objects.create(
        title_kk=titles["kk"],
        title_ru=titles["ru"],
        title_en=titles["en"],
        branch=publishing_branch(scope),
        scope=scope.code,
        scope_names=names,
        period_start=period.start,
        period_end=period.end,
        figures=figures,
        frozen_at=timezone.now(),
        author=actor,
    )
    template = press.template()
    report.press_kk = press.draft(report, template.text_kk, "kk")
    report.press_ru = press.draft(report, template.text_ru, "ru")
    report.save(update_fields=["press_kk", "press_ru"])
    record_event(actor=actor, action="report.frozen", obj=report)
    return report


@transaction.atomic
def publish(
    *, actor: User, report: PublishedReport, press_kk: str, press_ru: str
) -> PublishedReport:
    """Publish the frozen figures with the press release as edited; from now on nothing in
    the report changes, and its content hash says so."""
    report = PublishedReport.objects.select_for_update().get(pk=report.pk)
    if report.published_at is not None:
        raise ValidationError(_("This report is already published."), code="published")
    if not press_kk.strip() or not press_ru.strip():
        raise ValidationError(
            _("The press release is published in Kazakh and in Russian: write both."),
            code="press",
        )
    report.press_kk, report.press_ru = press_kk.strip(), press_ru.strip()
    report.hash_scheme = HASH_SCHEME
    report.sha256 = report.digest()
    report.published_at = timezone.now()
    report.save()
    record_event(
        actor=actor, action="report.published", obj=report, changes={"sha256": report.sha256}
    )
    return report


def since_publication(report: PublishedReport) -> dict[str, object]:
    """The figures as they are now, for the report's scope and period: code → value."""
    scope = parse_scope(report.scope)
    return compute(
        [f["code"] for f in report.figures], scope, Period(report.period_start, report.period_end)
    )


# The English press release is not published: it is drafted, whenever it is read, from the
# published figures (the kk and ru texts are the published ones), in the same template
# language and with the same number filters as the kk and ru drafts.
PRESS_EN = (
    "From {{ start }} to {{ end }}, the party's public reception offices ({{ scope }}) "
    "received {{ appeals_received|num }} appeal{{ appeals_received|pluralize }}, of which "
    "{{ appeals_resolved_positively|num }} "
    '{{ appeals_resolved_positively|pluralize:"was,were" }} resolved positively '
    "({{ appeals_resolved_positively_share|pct }}). "
    "{{ appeals_answered_on_time_share|pct }} of the appeals were considered within the time "
    "limit set by law.\n\n"
    "In this period {{ receptions_held|num }} reception{{ receptions_held|pluralize }} "
    '{{ receptions_held|pluralize:"was,were" }} held, at which '
    "{{ receptions_people_received|num }} "
    '{{ receptions_people_received|pluralize:"person was,people were" }} received. Of the '
    "appeals made at mobile receptions at markets, stations and workplaces, "
    "{{ receptions_mobile_resolved_positively_share|pct }} were resolved positively.\n\n"
    "{{ issues_taken_under_control|num }} acute social "
    "issue{{ issues_taken_under_control|pluralize }} "
    '{{ issues_taken_under_control|pluralize:"was,were" }} taken under party control; '
    "{{ issues_resolved|num }} of them "
    '{{ issues_resolved|pluralize:"has,have" }} been resolved.'
    "{% if programme_proposals_received %}\n\n{{ programme_proposals_received|num }} "
    "proposal{{ programme_proposals_received|pluralize }} to the programme "
    '{{ programme_proposals_received|pluralize:"was,were" }} received from citizens, and '
    "{{ programme_proposals_included_share|pct }} were included in it.{% endif %}"
    "{% if aid_families_helped %}\n\nThe aid campaigns helped {{ aid_families_helped|num }} "
    'famil{{ aid_families_helped|pluralize:"y,ies" }} with {{ aid_amount_tenge|money }}.'
    "{% endif %}"
    "{% if outreach_meetings_held %}\n\nCampaigning, {{ outreach_meetings_held|num }} "
    "meeting{{ outreach_meetings_held|pluralize }} "
    '{{ outreach_meetings_held|pluralize:"was,were" }} held and '
    "{{ outreach_people_reached|num }} "
    '{{ outreach_people_reached|pluralize:"person was,people were" }} reached.{% endif %}'
    "{% if awards_granted %}\n\n{{ awards_granted|num }} "
    '{{ awards_granted|pluralize:"person was,people were" }} given party awards.{% endif %}'
    "{% if ethics_members_sanctioned %}\n\n{{ ethics_members_sanctioned|num }} "
    "member{{ ethics_members_sanctioned|pluralize }} "
    '{{ ethics_members_sanctioned|pluralize:"was,were" }} held liable for breaking the '
    "ethics code.{% endif %}"
)


@dataclass(frozen=True)
class PressRelease:
    text: str
    language: str  # the language it is written in
    published: bool  # False: drafted from the published figures, not published itself


def press_release(report: PublishedReport, language: str) -> PressRelease:
    """The press release in the reader's language: the published kk or ru text, or for
    English one drafted from the published figures."""
    if language == "ru":
        return PressRelease(report.press_ru, "ru", True)
    if language == "en":
        return PressRelease(press.draft(report, PRESS_EN, "en"), "en", False)
    return PressRelease(report.press_kk, "kk", True)


def figure_table(report: PublishedReport, language: str) -> tuple[list[str], list[list[Any]]]:
    """The published figures as a table in `language`: its header and rows."""
    with translation.override(language):
        header = [_("Code"), _("Figure"), _("Value"), _("Unit"), _("Definition")]
        rows = [
            [f["code"], f["label"], f["value"], str(UNIT_LABELS[f["unit"]]), f["definition"]]
            for f in report.figures_in(language)
        ]
    return header, rows


def chart_kinds(report: PublishedReport) -> list[str]:
    """The charts a report has: its counts (people among them), its shares."""
    units = {f["unit"] for f in report.figures}
    out = []
    if units & {Unit.COUNT, Unit.PEOPLE}:
        out.append("counts")
    if Unit.PERCENT in units:
        out.append("shares")
    return out


def chart(report: PublishedReport, kind: str, language: str) -> bytes:
    """The published values of one kind as bars (SVG), labelled in `language`."""
    units = (Unit.COUNT, Unit.PEOPLE) if kind == "counts" else (Unit.PERCENT,)
    found = [f for f in report.figures_in(language) if f["unit"] in units]
    with translation.override(language):
        title = _("Published figures") if kind == "counts" else _("Published shares, %")
        return charts.bars(
            title, [f["label"] for f in found], [(_("Published"), [f["value"] for f in found])]
        )
