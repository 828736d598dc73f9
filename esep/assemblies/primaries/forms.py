"""Forms of the primaries' staff pages: opening primaries, nominating a candidate (the person
found by a light search, never a list of every member), registering or refusing one, a
debate, and the vote's start. Fields are named as the actions name what they refuse."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.models import Candidate
from esep.control.common import textarea
from esep.deputies.models import Convocation, RepresentativeBody
from esep.deputies.registry.forms import convocation_label
from esep.lib.forms import DateInput
from esep.org.models import Branch, Person
from esep.programme.plans.forms import LabelledChoiceField

DATE = DateInput()


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


def share_field(label: Any, *, required: bool, initial: Decimal | None = None) -> forms.Field:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        required=required,
        initial=initial,
    )


class CampaignForm(forms.Form):
    """Primaries: the branch that runs them, the body whose list they make and the
    convocation the list renews, the days, the places and the list rules."""

    branch = forms.ModelChoiceField(
        label=_("Branch"), queryset=Branch.objects.none(), to_field_name="code"
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and hyphens: it is the page's address."),
    )
    body = LabelledChoiceField(
        label=_("Representative body"),
        queryset=RepresentativeBody.objects.none(),
        to_field_name="code",
        label_of=lambda body: body.name,
    )
    previous = LabelledChoiceField(
        label=_("Previous convocation"),
        queryset=Convocation.objects.none(),
        label_of=convocation_label,
        required=False,
        help_text=_("The convocation whose deputies the list's renewal is counted against."),
    )
    nominations_close_on = forms.DateField(label=_("Nominations close"), widget=DATE)
    vote_on = forms.DateField(label=_("Vote day"), widget=DATE)
    places = forms.IntegerField(label=_("Places on the list"), min_value=1, max_value=1000)
    young_share = share_field(_("Young candidates at least, %"), required=True, initial=Decimal(20))
    women_share = share_field(_("Women at least, %"), required=False)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)

    def __init__(
        self,
        *args: Any,
        branches: QuerySet[Branch],
        bodies: QuerySet[RepresentativeBody],
        convocations: QuerySet[Convocation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "branch", branches)
        _choose(self, "body", bodies)
        _choose(self, "previous", convocations)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        branch, body = data.get("branch"), data.get("body")
        if (
            branch is not None
            and body is not None
            and not body.territory.path.startswith(branch.territory.path)
        ):
            self.add_error("body", _("Choose a representative body in the branch's territory."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    """A person among `queryset` (what may be chosen), offered as radio buttons for only the
    few people a search found: the page never lists every member."""

    widget = forms.RadioSelect

    def label_from_instance(self, obj: Any) -> str:
        # A person without a membership: the reverse one-to-one raises AttributeError.
        membership = getattr(obj, "membership", None)
        if membership is not None:
            return _("%(name)s — member, %(branch)s") % {
                "name": obj.full_name,
                "branch": membership.branch.name,
            }
        return str(obj.full_name)


class NominateForm(forms.Form):
    person = PersonChoiceField(
        label=_("Candidate"),
        queryset=Person.objects.none(),
        help_text=_("Find the person by surname above, then choose them here."),
    )
    nominated_on = forms.DateField(label=_("Nominated on"), widget=DATE)
    nominated_by = forms.ModelChoiceField(
        label=_("Nominated by"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Self-nominated"),
    )
    consent_on = forms.DateField(
        label=_("Consent given on"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty if the candidate has not given written consent yet."),
    )
    documents = forms.FileField(
        label=_("Documents"),
        required=False,
        help_text=_("The nomination's documents in one file: PDF, image, Word or Excel."),
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        found: Sequence[Person],
        branches: QuerySet[Branch],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", people)
        _choose(self, "nominated_by", branches)
        field = cast(PersonChoiceField, self.fields["person"])
        # Offered: only those found; the posted person is checked against `people`.
        field.widget.choices = [  # type: ignore[attr-defined]
            (person.pk, field.label_from_instance(person)) for person in found
        ]


def candidate_label(candidate: Candidate) -> str:
    return candidate.person.full_name


class CandidateForm(forms.Form):
    candidate = LabelledChoiceField(
        label=_("Candidate"), queryset=Candidate.objects.none(), label_of=candidate_label
    )

    def __init__(self, *args: Any, candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "candidate", candidates)


class CompleteForm(CandidateForm):
    consent_on = forms.DateField(label=_("Consent given on"), widget=DATE, required=False)
    documents = forms.FileField(
        label=_("Documents"),
        required=False,
        help_text=_("The nomination's documents in one file: PDF, image, Word or Excel."),
    )


class RefuseForm(CandidateForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=textarea())


class CandidatesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return candidate_label(obj)


class DebateForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=255)
    candidates = CandidatesField(
        label=_("Candidates taking part"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)

    def __init__(self, *args: Any, candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "candidates", candidates)


class StartVoteForm(forms.Form):
    choices = forms.IntegerField(
        label=_("Candidates each elector may choose"),
        min_value=1,
        max_value=1000,
        initial=1,
    )


class NothingForm(forms.Form):
    """A step that asks nothing: closing the vote, forming the list."""
