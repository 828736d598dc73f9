"""The main menu's sections for the signed-in user. The frame's base template draws the
menu, but which sections there are is the domain's (the capabilities of `org.roles`), so the
answer is given here, above every app, as the URL map is."""

from django.http import HttpRequest
from django.urls import reverse

from esep.assemblies.models import Delegate, Elector
from esep.deputies.models import Mandate
from esep.ethics.models import Case
from esep.org.roles import Capability
from esep.programme.plans.rules import active_monitors


def navigation(request: HttpRequest) -> dict:
    """Which sections of the main menu the signed-in user has any use of."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "org": user.can(Capability.VIEW_ORG),
            "people": user.can(Capability.VIEW_PEOPLE),
            "appeals": user.can(Capability.VIEW_APPEALS),
            "work": user.can(Capability.VIEW_WORK),
            "access_log": user.can(Capability.AUDIT_ACCESS),
            "programme": programme_section(user),
            "deputies": deputies_section(user),
            "rating": rating_section(user),
            "assemblies": user.can(Capability.VIEW_ORG),
            "votes": votes_section(user),
            "elections": user.can(Capability.VIEW_WORK),
            **life_sections(user),
        }
    }


def life_sections(user) -> dict:
    """The areas of members' party life the user has any use of (the "Party life" subnav),
    and where the menu's entry leads: the first of them. A member with a login sees the
    ethics cases about them, whatever their role."""
    work = user.can(Capability.VIEW_WORK)
    sections = {
        "ethics": user.can(Capability.VIEW_ETHICS)
        or bool(user.person_id and Case.objects.filter(member__person_id=user.person_id).exists()),
        "awards": work or user.can(Capability.MANAGE_AWARDS),
        "aid": user.can(Capability.VIEW_AID),
        "outreach": work,
    }
    first = next((name for name, shown in sections.items() if shown), None)
    landing = {
        "ethics": "ethics:cases",
        "awards": "awards:nominations",
        "aid": "aid:campaigns",
        "outreach": "outreach:campaigns",
    }
    return {"life": reverse(landing[first]) if first else None, "life_areas": sections}


def programme_section(user) -> str | None:
    """Where the menu's programme entry leads: the promises for those who see party work,
    their road maps for monitors (whose rights come from their assignment, not a role)."""
    if user.can(Capability.VIEW_WORK):
        return "programme:promises"
    if user.person_id and active_monitors().filter(person_id=user.person_id).exists():
        return "programme:road-maps"
    return None


def deputies_section(user) -> str | None:
    """Where the menu's deputies entry leads: the representative bodies for those who see
    the organisation, a deputy's own latest mandate for one who holds a mandate without."""
    if user.can(Capability.VIEW_ORG):
        return reverse("deputies:bodies")
    if user.person_id:
        mandate = Mandate.objects.filter(person_id=user.person_id).order_by("-started_on").first()
        if mandate is not None:
            return mandate.get_absolute_url()
    return None


def rating_section(user) -> str | None:
    """Where the menu's rating entry leads: a deputy who holds a mandate to their own month,
    those who see the party's work to the corrections awaiting a decision (the queue's
    filter, as the programme's changes awaiting approval are linked)."""
    if user.person_id and Mandate.objects.filter(person_id=user.person_id).exists():
        return reverse("deputies:month")
    if user.can(Capability.VIEW_WORK):
        return reverse("deputies:corrections") + "?state=pending"
    return None


def votes_section(user) -> bool:
    """Whether the menu shows "My votes": to a delegate of a conference and to an elector of
    primaries, whose votes are cast there."""
    if not user.person_id:
        return False
    return (
        Delegate.objects.filter(person_id=user.person_id).exists()
        or Elector.objects.filter(person_id=user.person_id).exists()
    )
