"""Forms of the polls' pages: the console's registration, a new poll, opening and closing;
a poll's candidates (picked by a search, not a list of every member), the counting
commission's paper count with its protocol; the voter's online registration and ballot.
Fields are named as the actions name what they refuse, so an action's error lands beside
its field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.models import Base, Delegate, Item, Option, Poll
from esep.lib.forms import DateInput
from esep.org.models import Body, Person
from esep.programme.plans.forms import LabelledChoiceField


def _choose(form: forms.Form, field: str, queryset: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


# ---------------------------------------------------------------- the console


class RegisterForm(forms.Form):
    """The secretary's mark of one delegate: in the hall, online or absent."""

    delegate = forms.ModelChoiceField(label=_("Delegate"), queryset=Delegate.objects.none())
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Delegate.Attendance.choices)

    def __init__(self, *args: Any, delegates: QuerySet[Delegate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "delegate", delegates)


# What a conference's poll may ask of a majority (the primaries rank by the most votes).
MAJORITIES = [
    ("more_than_half", _("more than half")),
    ("two_thirds", _("at least two thirds")),
]


class PollForm(forms.Form):
    item = LabelledChoiceField(
        label=_("Agenda item"),
        queryset=Item.objects.none(),
        label_of=lambda item: f"{item.number}. {item.name}",
    )
    kind = forms.ChoiceField(label=_("Kind of vote"), choices=Poll.Kind.choices)
    name_kk = forms.CharField(label=_("Question in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Question in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Question in English"), max_length=255, required=False)
    majority = forms.ChoiceField(label=_("Majority needed"), choices=MAJORITIES)
    base = forms.ChoiceField(label=_("Counted of"), choices=Base.choices)
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=1,
        max_value=500,
        initial=1,
        help_text=_("For an election: how many are elected; each delegate chooses up to this."),
    )
    body_kind = forms.ChoiceField(
        label=_("Body elected"),
        choices=[("", _("None")), *Body.Kind.choices],
        required=False,
        help_text=_(
            "For an election of a body: it takes the elected when the result is certified."
        ),
    )

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "item", items)


class PollChoiceForm(forms.Form):
    """Which poll a console's step (open, close) is for."""

    poll = forms.ModelChoiceField(label=_("Poll"), queryset=Poll.objects.none())

    def __init__(self, *args: Any, polls: QuerySet[Poll], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "poll", polls)


# ---------------------------------------------------------------- a poll


class PersonPick(forms.Widget):
    """A person found by typing a few letters of their name: the search box asks the page's
    `suggest_url` (htmx) for the matches, shown as radio buttons named as the field; the one
    chosen is kept when the form is shown again. Nothing lists every member at once."""

    template_name = "assemblies/polls/_person_pick.html"

    def __init__(self, suggest_url: str = "", attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggest_url = suggest_url
        self.chosen: Person | None = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        described = widget["attrs"].get("aria-describedby", "")
        widget.update(suggest_url=self.suggest_url, chosen=self.chosen, describedby=described)
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-q" if id_ else id_


class PersonPickField(forms.ModelChoiceField):
    """A person among `queryset`, chosen with `PersonPick`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonPick())
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        person = super().clean(value)
        cast(PersonPick, self.widget).chosen = person
        return person


class NominateForm(forms.Form):
    person = PersonPickField(
        label=_("Candidate"),
        queryset=Person.objects.none(),
        help_text=_("Type a few letters of the name, then choose the member."),
    )
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    nominated_by = forms.CharField(
        label=_("Nominated by"),
        max_length=255,
        required=False,
        help_text=_("Who proposed the candidate: a delegate, a delegation, the council."),
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], suggest_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "person", people)
        cast(PersonPick, self.fields["person"].widget).suggest_url = suggest_url


class WithdrawForm(forms.Form):
    option = forms.ModelChoiceField(label=_("Candidate"), queryset=Option.objects.none())

    def __init__(self, *args: Any, options: QuerySet[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "option", options)


class EmptyForm(forms.Form):
    """A step that needs nothing but the button: open, close, certify."""


class PaperCountForm(forms.Form):
    """The counting commission's protocol: the votes for each line of the ballot, the valid
    and the invalid ballots, and the signed protocol itself."""

    valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)
    invalid_ballots = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)
    protocol = forms.FileField(label=_("Counting commission's protocol"))

    def __init__(self, *args: Any, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.numbers = [option.number for option in options]
        votes = {
            f"votes_{option.number}": forms.IntegerField(
                label=_("Votes for %(option)s") % {"option": f"{option.number}. {option}"},
                min_value=0,
                initial=0,
            )
            for option in options
        }
        self.fields = {**votes, **self.fields}

    def votes(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"votes_{n}"] for n in self.numbers}


# ---------------------------------------------------------------- the voter


class OwnRegistrationForm(forms.Form):
    """A delegate's own online registration, for one of their seats."""

    delegate = forms.ModelChoiceField(queryset=Delegate.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args: Any, delegates: QuerySet[Delegate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "delegate", delegates)


class BallotForm(forms.Form):
    """The ballot: one answer of a motion (radio buttons), up to the seats' number of
    candidates (check boxes). How many may be chosen is the action's rule, and its error."""

    def __init__(self, *args: Any, poll: Poll, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(o.number), f"{o.number}. {o}" if o.person_id else str(o)) for o in options]
        self.by_number = {str(o.number): o for o in options}
        if poll.is_election:
            field: forms.Field = forms.MultipleChoiceField(
                label=_("Candidates"),
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        else:
            field = forms.ChoiceField(
                label=_("Your answer"), choices=choices, widget=forms.RadioSelect, required=False
            )
        self.fields["choices"] = field

    def chosen(self) -> list[Option]:
        picked = self.cleaned_data.get("choices") or []
        numbers = [picked] if isinstance(picked, str) else list(picked)
        return [self.by_number[n] for n in numbers]
