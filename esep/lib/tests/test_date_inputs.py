"""A date field's value reaches the browser's date picker in the only form it reads
(ISO 8601) in every language: in Kazakh and Russian the localised 01.12.2026 showed as an
empty field, so a form shown again after an error lost its dates."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation

from esep.appeals.forms import ExtendForm
from esep.lib.forms import DateInput
from esep.receptions.forms import DATE


class Dated(forms.Form):
    day = forms.DateField(widget=DATE)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_date_is_written_iso_in_every_language(language):
    with translation.override(language):
        html = str(Dated(initial={"day": dt.date(2026, 12, 1)})["day"])
        bound = str(Dated(data={"day": "01.12.2026"})["day"])
        extend = str(ExtendForm(initial={"new_due_on": dt.date(2026, 12, 1)})["new_due_on"])
    assert 'type="date"' in html and 'value="2026-12-01"' in html
    # What the user typed is shown as typed when the form comes back.
    assert 'value="01.12.2026"' in bound
    assert 'value="2026-12-01"' in extend


def test_the_widget_is_the_one_date_picker():
    assert isinstance(DATE, DateInput)
