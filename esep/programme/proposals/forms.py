"""Forms of citizens' proposals: the citizen's own on the public site, the staff's
registration of one brought to them, and the decision's steps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Category
from esep.control.common import textarea
from esep.org.models import Branch, Territory, subtree_q
from esep.org.roles import Capability
from esep.programme.models import Programme, Promise, Proposal, Section
from esep.programme.proposals.actions import MAX_TEXT
from esep.receptions.forms import DATE, territory_field
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus

if TYPE_CHECKING:
    from esep.access.models import User

# Receptions offered for a proposal taken there: those held within this many days.
RECENT_RECEPTION_DAYS = 366


def _choose(form: forms.Form, field: str, queryset: QuerySet) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


def programme_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("-adopted_on", "pk"),
        to_field_name="code",
        empty_label=None,
    )


class AuthorFields(forms.Form):
    """Who sent the proposal, all optional; kept only with the consent."""

    surname = forms.CharField(label=_("Surname"), max_length=100, required=False)
    given_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, help_text=_("For example +7 701 555 11 22")
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)

    consent_required = _("Without your consent we cannot record your name or contacts.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        gave = any(data.get(f) for f in ("surname", "given_name", "phone", "email"))
        if gave and not data.get("consent"):
            self.add_error("consent", self.consent_required)
        return data


class SubmitProposalForm(AuthorFields):
    """A proposal sent on the public site."""

    field_order = [
        "programme",
        "category",
        "territory",
        "text",
        "surname",
        "given_name",
        "phone",
        "email",
        "consent",
        "website",
    ]

    programme = programme_field()
    category = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Category.objects.filter(depth=1),
        to_field_name="code",
        required=False,
        empty_label=_("Not chosen"),
    )
    territory = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Territory.objects.exclude(level="country").order_by("path"),
        to_field_name="kato",
        help_text=_("The city or district the proposal is about."),
    )
    text = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text=_("Up to 5,000 characters."),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the processing of my personal data for the consideration of this "
            "proposal (Law of the Republic of Kazakhstan on Personal Data and their Protection)"
        ),
        required=False,
    )
    # A field kept off the screen and out of the tab order: only robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        latest = Programme.objects.order_by("-adopted_on", "pk").values_list("code", flat=True)
        self.fields["programme"].initial = latest.first()


class RegisterProposalForm(AuthorFields):
    """A proposal brought to staff: at a reception held by one of their branches, at a
    meeting with voters or by letter."""

    field_order = [
        "programme",
        "channel",
        "reception",
        "branch",
        "received_on",
        "territory",
        "category",
        "text",
        "language",
        "surname",
        "given_name",
        "phone",
        "email",
        "consent",
    ]
    consent_required = _("Personal data may be recorded only with the citizen's consent.")

    programme = programme_field()
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Proposal.Channel.choices if c[0] != Proposal.Channel.ONLINE],
        initial=Proposal.Channel.RECEPTION,
    )
    reception = forms.ModelChoiceField(
        label=_("Reception"),
        queryset=Reception.objects.none(),
        required=False,
        help_text=_("For a proposal taken at a reception: the reception, held."),
    )
    branch = forms.ModelChoiceField(
        label=_("Branch"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("At a reception, the reception's branch takes it."),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DATE,
        required=False,
        help_text=_("At a reception, its day unless another is given."),
    )
    territory = territory_field()
    category = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Not chosen"),
    )
    text = forms.CharField(label=_("Text of the proposal"), widget=textarea(6), max_length=MAX_TEXT)
    language = forms.ChoiceField(label=_("Language of the proposal"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_("The citizen consents to the processing of personal data"), required=False
    )

    def __init__(self, *args: Any, branches: QuerySet[Branch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - dt.timedelta(days=RECENT_RECEPTION_DAYS)
        _choose(self, "branch", branches)
        _choose(
            self,
            "reception",
            Reception.objects.filter(
                branch__in=branches, status=ReceptionStatus.HELD, day__gte=since
            )
            .select_related("territory", "branch")
            .order_by("-starts_at", "-pk"),
        )

    @classmethod
    def for_user(cls, user: User, *args: Any, **kwargs: Any) -> RegisterProposalForm:
        """The form with the branches whose party work or programme the user manages."""
        paths = user.scope_paths(Capability.MANAGE_WORK) + user.scope_paths(
            Capability.MANAGE_PROGRAMME
        )
        return cls(
            *args, branches=Branch.objects.filter(subtree_q(paths)).order_by("path"), **kwargs
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("channel") == Proposal.Channel.RECEPTION:
            if not data.get("reception") and "reception" not in self.errors:
                self.add_error("reception", _("Choose the reception the proposal was taken at."))
        elif data.get("channel"):
            if not data.get("branch") and "branch" not in self.errors:
                self.add_error("branch", _("Choose the branch."))
            if not data.get("received_on") and "received_on" not in self.errors:
                self.add_error("received_on", _("Give the date it was received."))
            data["reception"] = None
        return data


# ---------------------------------------------------------------- the decision


def promise_choice(promise: Promise) -> str:
    return f"{promise.code} {promise.text[:120]}"


def section_choice(section: Section) -> str:
    return f"{section.number}. {section.title[:120]}"


class IncludeForm(forms.Form):
    promise = forms.ModelChoiceField(
        label=_("Into the promise"), queryset=Promise.objects.none(), required=False
    )
    section = forms.ModelChoiceField(
        label=_("Or into the section"),
        queryset=Section.objects.none(),
        required=False,
        help_text=_("Where no promise takes it yet."),
    )
    reason = forms.CharField(
        label=_("Note for the citizen"),
        widget=textarea(2),
        max_length=4000,
        required=False,
        help_text=_("Shown on the public tracking page."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        promise = cast(forms.ModelChoiceField, self.fields["promise"])
        promise.queryset = Promise.objects.filter(section__programme=programme).select_related(
            "section"
        )
        promise.label_from_instance = promise_choice  # type: ignore[method-assign,assignment]
        section = cast(forms.ModelChoiceField, self.fields["section"])
        section.queryset = Section.objects.filter(programme=programme)
        section.label_from_instance = section_choice  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and (data.get("promise") is None) == (data.get("section") is None):
            raise forms.ValidationError(
                _("Choose the promise or the section the proposal is included into — one of them.")
            )
        return data


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Merge with the proposal (its number)"),
        max_length=40,
        help_text=_("For example PR-2021-000123. This one will follow that one's decision."),
    )
    reason = forms.CharField(
        label=_("Note for the citizen"),
        widget=textarea(2),
        max_length=4000,
        required=False,
        help_text=_("Shown on the public tracking page."),
    )

    def __init__(self, *args: Any, proposals: QuerySet[Proposal], **kwargs: Any) -> None:
        """`proposals`: those the user may merge this one with."""
        super().__init__(*args, **kwargs)
        self.proposals = proposals

    def clean_into(self) -> Proposal:
        number = "".join(self.cleaned_data["into"].split()).upper()
        found = self.proposals.filter(number=number).first()
        if found is None:
            raise forms.ValidationError(
                _("No proposal of this programme in your scope has the number %(number)s."),
                params={"number": number},
                code="unknown",
            )
        return found


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not included"),
        widget=textarea(3),
        max_length=4000,
        help_text=_("Shown on the public tracking page."),
    )
