"""Members' ethics cases as figures (`ethics.*`): the cases opened, the members sanctioned
and their sanctions by kind.

Cases are placed by the branch handling them (and its territory) and counted with
VIEW_FIGURES over the user's scope, as the other figures' branch records are: an analyst
without VIEW_ETHICS reads the counts. The drill-down shows a case's number, branch, the
sanction's kind and dates; the member's name only where the user's role reads ethics cases
(`member_shown`, worked out here for the user). A sanction counts on the day it was decided;
one annulled on review never counts."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as Choose
from django.utils.translation import gettext_lazy as _

from esep.ethics.models import Case, Sanction
from esep.figures import registry
from esep.org.models import subtree_q
from esep.org.roles import Capability

ETHICS = ["ethics.cases_opened", "ethics.members_sanctioned", "ethics.sanctions_by_kind"]
RELATED = {
    "ethics_cases": ("branch", "member__person"),
    "ethics_sanctions": ("case__branch", "case__member__person"),
}


def _named(records: QuerySet, user: Any, field: str) -> QuerySet:
    """The records in the user's figures scope, each knowing whether the member's name may
    be shown to this user (VIEW_ETHICS over the case's branch)."""
    in_scope = records.filter(subtree_q(user.scope_paths(Capability.VIEW_FIGURES), field))
    ethics = subtree_q(user.scope_paths(Capability.VIEW_ETHICS), field)
    return in_scope.annotate(
        member_shown=Choose(
            When(ethics, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _cases() -> registry.Source:
    return registry.Source(
        name="ethics_cases",
        records=lambda: Case.objects.all(),
        visible=lambda user: _named(Case.objects.all(), user, "branch__path"),
        date="opened_on",
        branch="branch",
        territory="branch__territory",
        fields={"source": "source"},
    )


def _sanctions() -> registry.Source:
    """Sanctions that stand (not annulled on review), placed by their case's branch on the
    day they were decided; by type: the sanction's kind as it stands now."""
    standing = ~Q(state=Sanction.State.ANNULLED)
    return registry.Source(
        name="ethics_sanctions",
        records=lambda: Sanction.objects.filter(standing),
        visible=lambda user: _named(Sanction.objects.filter(standing), user, "case__branch__path"),
        date="case__decided_on",
        branch="case__branch",
        territory="case__branch__territory",
        fields={"kind": "kind"},
    )


def figures() -> list[registry.Figure]:
    Figure, Unit = registry.Figure, registry.Unit
    sanctions = _sanctions()
    return [
        Figure(
            "ethics.cases_opened",
            _("Ethics cases opened"),
            _("Cases under the party's ethics code opened in the period."),
            Unit.COUNT,
            _cases(),
        ),
        Figure(
            "ethics.members_sanctioned",
            _("Members sanctioned"),
            _(
                "Members on whom a sanction under the ethics code was decided in the period, "
                "each counted once; a sanction annulled on review does not count."
            ),
            Unit.PEOPLE,
            sanctions,
            total=("distinct", "case__member"),
        ),
        Figure(
            "ethics.sanctions_by_kind",
            _("Sanctions by kind"),
            _(
                "The members sanctioned, by the kind of sanction as it stands (a review may "
                "have made it lighter): warnings, reprimands, severe reprimands, suspensions, "
                "exclusions. Broken down by type."
            ),
            Unit.PEOPLE,
            sanctions,
            total=("distinct", "case__member"),
        ),
    ]
