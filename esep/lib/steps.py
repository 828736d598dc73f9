"""Steps a user may take on a record's page: each a form and what it does. The page offers
only the steps built for this user and this record; a submitted step that fails is shown
again, bound, with its errors, and nothing is changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise

from esep.lib.forms import apply_errors


@dataclass
class Step:
    label: StrOrPromise
    form: Callable[..., Form]  # called with (data, files) or with nothing for a blank form
    perform: Callable[[dict[str, Any]], Any]  # does it, given the form's cleaned data
    # What to tell the user when it is done; None when `perform` returns that message.
    done: StrOrPromise | None = None
    multipart: bool = False


@dataclass
class Shown:
    name: str
    label: StrOrPromise
    form: Form
    multipart: bool


def run(request: HttpRequest, step: Step) -> Form | None:
    """Perform a submitted step: None when it succeeded, else the form with its errors."""
    form = step.form(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = step.perform(form.cleaned_data)
            message = result if step.done is None else step.done
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(message))
            return None
    return form


def shown(steps: dict[str, Step], submitted: tuple[str, Form] | None = None) -> list[Shown]:
    return [
        Shown(
            name,
            step.label,
            submitted[1] if submitted and submitted[0] == name else step.form(),
            step.multipart,
        )
        for name, step in steps.items()
    ]
