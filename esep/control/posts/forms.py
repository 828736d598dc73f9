"""Forms of control posts: the list's filter, opening and closing a post, a visit with its
photos, and raising a visit's finding as an appeal or an acute issue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Kind
from esep.control.common import (
    ScopedForm,
    branch_field,
    category_field,
    people_field,
    textarea,
)
from esep.control.posts.models import ControlPost, Visit
from esep.org.models import Person
from esep.receptions.forms import DATE, territory_field


class PostForm(ScopedForm):
    branch = branch_field()
    territory = territory_field()
    object_kind = forms.ChoiceField(label=_("Object"), choices=ControlPost.ObjectKind.choices)
    object_name = forms.CharField(label=_("Name of the object"), max_length=255)
    address = forms.CharField(label=_("Address"), max_length=255)
    head = forms.ModelChoiceField(label=_("Heading deputy"), queryset=Person.objects.none())
    members = people_field(_("Members"), required=False)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)


class ClosePostForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class VisitForm(ScopedForm):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    visitors = people_field(_("Who visited"), required=False)
    findings = forms.CharField(label=_("What was found"), widget=textarea(4), max_length=20000)
    situation = forms.TypedChoiceField(
        label=_("Rating of the situation"), choices=Visit.Situation.choices, coerce=int
    )
    photos = PhotosField(
        label=_("Photos (JPEG or PNG, up to 10 MB each)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )


class RaiseAppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.COMPLAINT)
    category = category_field()
    text = forms.CharField(
        label=_("Text of the appeal"), widget=textarea(4), max_length=20000, required=False
    )


class RaiseIssueForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    category = category_field()
