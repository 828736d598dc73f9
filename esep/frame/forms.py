"""How esep's form widgets are drawn: Django's own templates, except a select's options,
which are written by Python. A choice of branches, categories or territories is hundreds of
options on every list page and the figures' dashboard, and through the templates each
option is an included template and another for its attributes (some 20 ms of an inbox
page for 500 options). The markup is the same, character for character
(`frame/tests/test_forms.py` compares the two)."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import escape
from django.utils.safestring import SafeData, SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    """Django's templates renderer, with selects written in place (`settings.FORM_RENDERER`)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT and widget is not None and _plain(widget):
            return _select(widget)
        return super().render(template_name, context, request)


def _plain(widget: dict[str, Any]) -> bool:
    """Every option drawn by Django's own option template (a widget with its own is drawn
    through the templates)."""
    return all(
        option["template_name"] == OPTION
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


# What `{{ value }}` is shown in: the settings' zone and formats, escaping on.
SHOWN_IN = Context()


def _shown(value: Any) -> str:
    """A value as `{{ value }}` shows it: localized, escaped unless marked safe."""
    return str(render_value_in_context(value, SHOWN_IN))


def _formatted(value: Any) -> str:
    """A value as `{{ value|stringformat:'s' }}` shows it."""
    if isinstance(value, SafeData):
        return str(value)
    return escape(f"{value}")


def _attrs(attrs: dict[str, Any]) -> str:
    """As Django's attrs.html: a name alone for True, nothing for False."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        shown = _shown(name)
        out.append(f" {shown}" if value is True else f' {shown}="{_formatted(value)}"')
    return "".join(out)


def _select(widget: dict[str, Any]) -> SafeString:
    """The markup of Django's select.html, with select_option.html in place."""
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f'\n  <optgroup label="{_shown(group)}">')
        for option in options:
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # every value above is escaped
