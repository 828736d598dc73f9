"""Forms of the elections' pages: a campaign, an election under its rules, and the steps of
an election's page — a constituency, a party's list, a candidate (found by IIN or recorded
from the names, as a nominee for an award is), a withdrawal, a protocol row (one number
field per list and per standing candidate, built from the election) and the certification;
an appointed akim's term."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.deputies.models import Party, RepresentativeBody
from esep.elections.models import (
    Base,
    Campaign,
    Candidate,
    Constituency,
    Election,
    Kind,
    Office,
    PartyList,
    System,
    Tally,
    Tie,
)
from esep.lib.forms import DateInput
from esep.org.forms import NamedPersonForm
from esep.org.models import Branch, Territory

DATE = DateInput()
LIST_FIELD = "list_%d"
CANDIDATE_FIELD = "candidate_%d"


def _choose(form: forms.Form, field: str, queryset: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, form.fields[field]).queryset = queryset


def _count(label: Any, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, required=required, **kwargs)


class BranchField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Branch) -> str:  # type: ignore[override]
        return obj.name


class TerritoryField(forms.ModelChoiceField):
    """A territory by its KATO code, among those the form offers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Territory"))
        super().__init__(queryset=Territory.objects.none(), to_field_name="kato", **kwargs)

    def label_from_instance(self, obj: Territory) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.kato})"


class CampaignForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Latin letters, digits and dashes, e.g. akims-2021-07-25."),
    )
    held_on = forms.DateField(label=_("Election day"), widget=DATE)
    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)


class ElectionForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label=_("Election campaign"),
        queryset=Campaign.objects.none(),
        to_field_name="code",
        help_text=_("The election is held on the campaign's day unless another is given."),
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_("Latin letters, digits and dashes, e.g. almaty-city-2021-01-10."),
    )
    kind = forms.ChoiceField(label=_("What is elected"), choices=Kind.choices)
    office = forms.ChoiceField(
        label=_("Akim of"),
        choices=[("", "—"), *Office.choices],
        required=False,
        help_text=_("Only for an akim's election."),
    )
    territory = TerritoryField()
    branch = BranchField(
        label=_("Branch following the election"),
        queryset=Branch.objects.none(),
        to_field_name="code",
    )
    body = forms.ModelChoiceField(
        label=_("Representative body"),
        queryset=RepresentativeBody.objects.none(),
        to_field_name="code",
        required=False,
        help_text=_("Where the winners sit; empty for an akim's election."),
    )
    held_on = forms.DateField(
        label=_("Election day"),
        widget=DATE,
        required=False,
        help_text=_("Empty: the campaign's day."),
    )
    term_starts_on = forms.DateField(label=_("Winners take office on"), widget=DATE)
    seats = forms.IntegerField(
        label=_("Seats"), min_value=1, max_value=1000, initial=1, help_text=_("1 for an akim.")
    )
    system = forms.ChoiceField(label=_("Electoral system"), choices=System.choices)
    list_seats = forms.IntegerField(
        label=_("Seats shared among the party lists"),
        min_value=0,
        max_value=1000,
        required=False,
        help_text=_("Empty: all the seats of a party-list election, none of the others."),
    )
    threshold = forms.DecimalField(
        label=_("Threshold, %"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        initial=0,
    )
    base = forms.ChoiceField(
        label=_("The threshold is a share of"), choices=Base.choices, initial=Base.LIST_VOTES
    )
    tie = forms.ChoiceField(
        label=_("Equal remainders"), choices=Tie.choices, initial=Tie.EARLIER_REGISTRATION
    )
    runner_up = forms.BooleanField(
        label=_("The runner-up list is admitted when only one passes"),
        required=False,
        help_text=_("The law of 2009–2021: its quotient × 0.7, at least two mandates."),
    )
    has_against_all = forms.BooleanField(label=_("The ballot has “against all”"), required=False)
    law_version = forms.CharField(
        label=_("Version of the law"),
        max_length=255,
        help_text=_("The election law and the date of its wording the election was held under."),
    )

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign],
        branches: QuerySet[Branch],
        territories: QuerySet[Territory],
        bodies: QuerySet[RepresentativeBody],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "campaign", campaigns)
        _choose(self, "branch", branches)
        _choose(self, "territory", territories)
        _choose(self, "body", bodies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("threshold") is None:
            data["threshold"] = 0
        return data


class ConstituencyForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=10000)
    territory = TerritoryField()
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args: Any, territories: QuerySet[Territory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "territory", territories)


class PartyListForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party"), queryset=Party.objects.none(), to_field_name="code"
    )
    registered = forms.IntegerField(
        label=_("Order of registration"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Its place in the order the commission registered the lists; empty: next."),
    )

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "party", parties)


class CandidateForm(NamedPersonForm):
    party_list = forms.ModelChoiceField(
        label=_("Party list"), queryset=PartyList.objects.none(), required=False, empty_label="—"
    )
    position = forms.IntegerField(
        label=_("Place on the list"), min_value=1, max_value=1000, required=False
    )
    constituency = forms.ModelChoiceField(
        label=_("Constituency"),
        queryset=Constituency.objects.none(),
        required=False,
        empty_label="—",
    )
    party = forms.ModelChoiceField(
        label=_("Party"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("Self-nominated"),
        help_text=_("A list candidate stands for the list's party."),
    )
    nominated_by = BranchField(
        label=_("Nominated by the branch"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="—",
    )
    age = forms.IntegerField(
        label=_("Age on election day"),
        min_value=18,
        max_value=120,
        required=False,
        help_text=_("As the commission published it; empty: from the birth date esep holds."),
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        election: Election,
        branches: QuerySet[Branch],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "party_list", election.lists.select_related("party"))
        _choose(self, "constituency", election.constituencies.select_related("territory"))
        _choose(self, "party", Party.objects.all())
        _choose(self, "nominated_by", branches)
        if not election.list_seats:
            del self.fields["party_list"], self.fields["position"]
        if election.kind == Kind.AKIM or election.system == System.PARTY_LIST:
            del self.fields["constituency"]
        if election.system == System.PARTY_LIST:
            del self.fields["party"]


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Candidate) -> str:  # type: ignore[override]
        where = obj.party_list or obj.constituency or obj.party or _("self-nominated")
        return f"{obj.person.full_name} ({where})"


class WithdrawalForm(forms.Form):
    candidate = CandidateChoiceField(label=_("Candidate"), queryset=Candidate.objects.none())
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)

    def __init__(self, *args: Any, candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "candidate", candidates)


class RemoveTallyForm(forms.Form):
    tally = forms.ModelChoiceField(label=_("Protocol row"), queryset=Tally.objects.none())

    def __init__(self, *args: Any, tallies: QuerySet[Tally], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tally"].queryset = tallies  # type: ignore[attr-defined]
        self.fields["tally"].label_from_instance = _tally_label  # type: ignore[attr-defined]


def _tally_label(tally: Tally) -> str:
    place = [str(tally.constituency or ""), str(tally.territory), tally.station]
    return " · ".join(p for p in place if p) + f" — {tally.took_part}"


class TallyForm(forms.Form):
    """A protocol row: the place, the ballots, then the votes of each list and each standing
    candidate of the election (an empty box: none recorded for them in this row)."""

    constituency = forms.ModelChoiceField(
        label=_("Constituency"),
        queryset=Constituency.objects.none(),
        required=False,
        empty_label="—",
    )
    territory = TerritoryField(
        label=_("Counted in"),
        required=False,
        help_text=_("Empty: the constituency's territory, or the election's."),
    )
    station = forms.CharField(
        label=_("Polling station"),
        max_length=20,
        required=False,
        help_text=_("Its number; empty for a row of a constituency or territory as a whole."),
    )
    registered_voters = _count(_("Voters on the lists"))
    took_part = _count(_("Voters who took part"))
    invalid = _count(_("Invalid ballots"), initial=0)
    against_all = _count(_("Against all"), initial=0)

    def __init__(
        self,
        *args: Any,
        election: Election,
        territories: QuerySet[Territory],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        constituencies = election.constituencies.select_related("territory")
        _choose(self, "constituency", constituencies)
        _choose(self, "territory", territories)
        if not constituencies.exists():
            del self.fields["constituency"]
        if not election.has_against_all:
            del self.fields["against_all"]
        self.lists = list(election.lists.select_related("party"))
        self.candidates = list(
            election.candidates.standing()
            .filter(party_list__isnull=True)
            .select_related("person", "party", "constituency")
        )
        for party_list in self.lists:
            self.fields[LIST_FIELD % party_list.pk] = _count(
                _("Votes for the list: %(party)s") % {"party": party_list.party}, required=False
            )
        for candidate in self.candidates:
            where = str(candidate.party or _("self-nominated"))
            if candidate.constituency is not None:
                where = f"{candidate.constituency}, {where}"
            self.fields[CANDIDATE_FIELD % candidate.pk] = _count(
                _("Votes for %(candidate)s (%(where)s)")
                % {"candidate": candidate.person.full_name, "where": where},
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["lists"] = {
            pl: n for pl in self.lists if (n := data.pop(LIST_FIELD % pl.pk, None)) is not None
        }
        data["candidates"] = {
            c: n
            for c in self.candidates
            if (n := data.pop(CANDIDATE_FIELD % c.pk, None)) is not None
        }
        data["invalid_ballots"] = data.pop("invalid", 0) or 0
        data["against_all"] = data.get("against_all") or 0
        return data


class CertifyForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("The protocol is final: share the seats, name the winners, record their mandates"),
        help_text=_("A certified election can no longer change."),
    )


class TenureForm(NamedPersonForm):
    branch = BranchField(
        label=_("Branch recording it"), queryset=Branch.objects.none(), to_field_name="code"
    )
    office = forms.ChoiceField(label=_("Akim of"), choices=Office.choices)
    territory = TerritoryField()
    started_on = forms.DateField(label=_("Term start"), widget=DATE)
    ended_on = forms.DateField(label=_("Term end"), widget=DATE, required=False)

    field_order = ["branch", "office", "territory", "started_on", "ended_on"]

    def __init__(
        self,
        *args: Any,
        branches: QuerySet[Branch],
        territories: QuerySet[Territory],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self, "branch", branches)
        _choose(self, "territory", territories)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        branch, territory = data.get("branch"), data.get("territory")
        if (
            branch is not None
            and territory is not None
            and not territory.path.startswith(branch.territory.path)
        ):
            self.add_error("territory", _("Choose a territory of the branch recording the term."))
        return data
