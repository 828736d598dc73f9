"""A select drawn by esep's form renderer is what Django's templates draw, character for
character: optgroups, the chosen options, attributes true, false and valued, labels and
values that need escaping or are marked safe, numbers and dates as the language writes
them, lazy labels; a widget with its own option template is drawn by the templates."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from esep.frame import forms as drawing

CHOICES = [
    ("", "---------"),
    ("Branches", [("central", "Орталық <кеңсе>"), ("atyrau", "Атырау & облысы")]),
    ("Territories", [("230000000", _("Territories")), ('a"b', mark_safe("<b>бөлім</b>"))]),
    (7, 2025),
    (dt.date(2021, 3, 4), dt.date(2021, 3, 4)),
    (1.5, 2.5),
]


class OwnOption(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


WIDGETS = [
    (forms.Select(choices=CHOICES), "atyrau", {"id": "id_scope", "required": True}),
    (forms.Select(choices=CHOICES), 7, {"aria-describedby": 'x "y"', "disabled": False}),
    (forms.SelectMultiple(choices=CHOICES), ["central", 'a"b'], {"class": mark_safe("a&b")}),
    (forms.NullBooleanSelect(), True, {}),
    (forms.Select(choices=[]), None, {"aria-invalid": "true"}),
    (OwnOption(choices=CHOICES), "central", {}),
]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(("widget", "value", "attrs"), WIDGETS)
def test_a_select_is_drawn_as_djangos_templates_draw_it(widget, value, attrs, language):
    with translation.override(language):
        ours = widget.render("scope", value, attrs, renderer=drawing.FormRenderer())
        django = widget.render("scope", value, attrs, renderer=DjangoTemplates())
    assert ours == django
    assert ours.startswith('<select name="scope"')


def test_the_options_are_written_in_place_not_through_the_templates(monkeypatch):
    drawn = []

    def select(widget):
        drawn.append(widget)
        return ""

    monkeypatch.setattr(drawing, "_select", select)
    forms.Select(choices=CHOICES).render("scope", "", renderer=drawing.FormRenderer())
    OwnOption(choices=CHOICES).render("scope", "", renderer=drawing.FormRenderer())
    assert len(drawn) == 1  # the widget with its own option template: through the templates


def test_the_site_draws_its_forms_so():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), drawing.FormRenderer)
