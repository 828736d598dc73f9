"""What the organisation's list pages declare once, for the HTML page and its export alike:
the register of people (who may open it, the records, filters and columns)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.org.filters import PeopleFilterSet
from esep.org.models import Person
from esep.org.privacy import PersonalData, personal_data_for
from esep.org.queries import COLUMNS
from esep.org.roles import Capability


def people_rows(request: AuthedRequest, people: list[Person]) -> list[tuple[Person, PersonalData]]:
    """Each person shown with their personal data as the user may see it: masked unless
    allowed, and every unmasked showing, on the page or in the export, logged."""
    data = personal_data_for(request.user, people, page=request.path)
    return [(person, data[person.pk]) for person in people]


PEOPLE = Listing(
    title=gettext_lazy("People"),
    stem="people",
    rows_template="org/_person_rows.html",
    template="org/person_list.html",
    records=lambda request: Person.objects.visible_to(request.user).select_related(
        "membership__branch"
    ),
    filterset=PeopleFilterSet,
    columns=COLUMNS,
    export_url="org:person-export",
    capability=Capability.VIEW_PEOPLE,
    rows=people_rows,
)
