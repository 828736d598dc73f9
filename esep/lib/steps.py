"""Steps a user may take on a record's page: each a form and what it does. The page offers
only the steps built for this user and this record; a submitted step that fails is shown
again, bound, with its errors, and nothing is changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from esep.lib.forms import apply_errors
from esep.lib.permissions import require


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


@dataclass(frozen=True)
class RecordPage:
    """A record's page declared once: how it is fetched for a user (404 outside their
    scope), which steps it offers them, what else it shows. From that come the page and the
    POST endpoint `<page>/<step>/` that performs one step and redirects back to the page."""

    template: str
    url_name: str  # the page's URL name, taking the record's pk
    fetch: Callable[[Any, int], Any]  # (user, pk) → the record
    steps: Callable[[Any, Any], dict[str, Step]]  # (request, record) → steps offered
    # (request, record, steps shown) → the template's context; the steps are put under
    # "steps" unless the page lays them out itself.
    context: Callable[[Any, Any, list[Shown]], dict[str, Any]]
    capability: Any = None  # needed to open the page at all; None: scope decides alone

    def render(
        self, request: Any, record: Any, submitted: tuple[str, Form] | None = None
    ) -> HttpResponse:
        shown_steps = shown(self.steps(request, record), submitted)
        context = {"steps": shown_steps, **self.context(request, record, shown_steps)}
        context["step_url"] = reverse(self.url_name, args=[record.pk])
        return render(request, self.template, context, status=400 if submitted else 200)

    def page(self, request: Any, pk: int) -> HttpResponse:
        if self.capability is not None:
            require(request.user, self.capability)
        return self.render(request, self.fetch(request.user, pk))

    def step(self, request: Any, pk: int, name: str) -> HttpResponse:
        record = self.fetch(request.user, pk)
        steps = self.steps(request, record)
        if name not in steps:
            raise PermissionDenied(_("This step is not open to you on this record now."))
        form = run(request, steps[name])
        if form is None:
            return redirect(record)
        return self.render(request, record, submitted=(name, form))

    @property
    def views(self) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
        """The page and its step endpoint, as views."""
        return login_required(self.page), require_POST(login_required(self.step))
