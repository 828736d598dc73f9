"""Steps a user may take on a record: each a form and what it does. A record's page is
declared once (`RecordPage`): how it is fetched for a user, which steps it offers them now,
what else it shows. The HTML page and the REST API both read that declaration, so they offer
and refuse the same steps with the same forms and the same actions.

One answer for a step that is not offered to this user on this record now — whether their
role does not give it or the record's state does not allow it: 403 with `NOT_OFFERED`, on
the pages and in the API alike. A step whose form is refused is shown again with its errors
(400), nothing changed; one that acted on a stale copy of the record (`Stale`) is a 409."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_stubs_ext import StrOrPromise

from esep.lib.forms import apply_errors
from esep.lib.permissions import require

NOT_OFFERED = gettext_lazy("This step is not open to you on this record now.")


class Stale(ValidationError):
    """The step acted on a copy of the record that someone else has changed since."""


def refuse() -> PermissionDenied:
    return PermissionDenied(str(NOT_OFFERED))


@dataclass
class Step:
    label: StrOrPromise
    form: Callable[..., Form]  # called with (data, files) or with nothing for a blank form
    # Does it, given the form's cleaned data. Raises ValidationError (Stale among them) to
    # refuse, having changed nothing.
    perform: Callable[[dict[str, Any]], Any]
    # What to tell the user when it is done: a text, or one made from what `perform`
    # returned; None: `perform`'s result when that is text.
    done: StrOrPromise | Callable[[Any], str] | None = None
    multipart: bool = False
    # The page's form fields are named `<prefix>-<field>` where several steps' forms share
    # field names on one page; the API's bodies are never prefixed.
    prefix: str | None = None

    def blank(self) -> Form:
        return self._prefixed(self.form())

    def bound(self, data: Any, files: Any = None, *, prefixed: bool = True) -> Form:
        form = self.form(data, files)
        return self._prefixed(form) if prefixed else form

    def _prefixed(self, form: Form) -> Form:
        # A form reads its prefix only when its fields are first named, so setting it on the
        # built form is the same as passing it in; the step's form callables need not know.
        if self.prefix:
            form.prefix = self.prefix
        return form

    def run(self, data: dict[str, Any]) -> tuple[Any, str | None]:
        """Perform it: what it returned, and what to tell the user (None: nothing)."""
        result = self.perform(data)
        message = result if self.done is None else self.done
        if callable(message):
            message = message(result)
        return result, str(message) if isinstance(message, str | Promise) else None


@dataclass
class Shown:
    name: str
    label: StrOrPromise
    form: Form
    multipart: bool


def shown(steps: Mapping[str, Step], submitted: tuple[str, Form] | None = None) -> list[Shown]:
    return [
        Shown(
            name,
            step.label,
            own_ids(name, submitted[1] if submitted and submitted[0] == name else step.blank()),
            step.multipart,
        )
        for name, step in steps.items()
    ]


def own_ids(name: str, form: Form) -> Form:
    """Give the step's form element ids of its own on the page — `id_<step>-<field>` — so
    where several steps' forms share a field name (a reason, a date, a category) each label
    leads to its own form's field. Only the ids change: the fields keep their names, so what
    is posted binds as before. A prefixed form's ids already carry its prefix."""
    if not form.prefix:
        form.auto_id = f"id_{name}-%s"
    return form


def offered(steps: Mapping[str, Step], name: str) -> Step:
    """The step `name` if it is offered, else the one refusal."""
    if name not in steps:
        raise refuse()
    return steps[name]


class Taken(NamedTuple):
    """A submitted step: `status` None once it acted (with what it `made`); else the status
    to show the form again with, its errors on it."""

    form: Form
    status: int | None
    made: Any = None


def take(request: Any, step: Step, form: Form) -> Taken:
    """Run a step with its submitted form, as every page does: its message said to the
    user once it acted; refused, its errors put on the form — 400, or 409 for a stale copy
    (`Stale`)."""
    if not form.is_valid():
        return Taken(form, 400)
    try:
        made, message = step.run(form.cleaned_data)
    except ValidationError as exc:
        apply_errors(form, exc)
        return Taken(form, 409 if isinstance(exc, Stale) else 400)
    if message:
        messages.success(request, message)
    return Taken(form, None, made)


@dataclass(frozen=True)
class RecordPage:
    """A record's page declared once: how it is fetched for a user (404 outside their
    scope), which steps it offers them, what else it shows. From that come the page and the
    POST endpoint `<page>/<step>/` that performs one step and redirects back to the page."""

    template: str
    url_name: str  # the page's URL name, taking the record's pk
    fetch: Callable[[Any, Any], Any]  # (user, pk or `key`) → the record
    steps: Callable[[Any, Any], dict[str, Step]]  # (request, record) → steps offered
    # (request, record, steps shown) → the template's context; the steps are put under
    # "steps" unless the page lays them out itself.
    context: Callable[[Any, Any, list[Shown]], dict[str, Any]]
    capability: Any = None  # needed to open the page at all; None: scope decides alone
    # Every step the page can ever offer, with its form's class: what the API's schema
    # describes. Empty: the API describes the steps' bodies as free objects.
    forms: Mapping[str, type[Form]] = field(default_factory=dict)
    # The record's argument in the page's URL: its pk, or a code where the page is
    # addressed by one (a representative body); `fetch` is given the same.
    key: Callable[[Any], Any] = lambda record: record.pk

    def render(
        self,
        request: Any,
        record: Any,
        submitted: tuple[str, Form] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        shown_steps = shown(self.steps(request, record), submitted)
        context = {"steps": shown_steps, **self.context(request, record, shown_steps)}
        context["step_url"] = reverse(self.url_name, args=[self.key(record)])
        return render(request, self.template, context, status=status)

    def page(self, request: Any, pk: int) -> HttpResponse:
        if self.capability is not None:
            require(request.user, self.capability)
        return self.render(request, self.fetch(request.user, pk))

    def step(self, request: Any, pk: int, name: str) -> HttpResponse:
        record = self.fetch(request.user, pk)
        step = offered(self.steps(request, record), name)
        taken = take(request, step, step.bound(request.POST, request.FILES))
        if taken.status is None:
            return redirect(self.url_name, self.key(record))
        return self.render(request, record, submitted=(name, taken.form), status=taken.status)

    @property
    def views(self) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
        """The page and its step endpoint, as views."""
        return login_required(self.page), require_POST(login_required(self.step))


@dataclass(frozen=True)
class CreatePage:
    """A page that makes a record through its app's creation step (`new_<noun>(user)`,
    which the REST API's create runs too): the step's form, then where what was made is."""

    creation: Callable[[Any], Step]  # (user) → the creation step
    template: str  # given `form`, `title` and what `prepare` adds
    capability: Any  # needed to open the page, and to create one through the API
    url_name: str  # the page's URL name: its list's "Add" links to it
    # Where to go once made: given what the step returned, a model or a URL name.
    next: Callable[[Any], Any] = lambda made: made
    # (request, form) → what else the page shows; it may also fill the blank form's initial.
    prepare: Callable[[Any, Form], dict[str, Any]] | None = None

    def page(self, request: Any) -> HttpResponse:
        require(request.user, self.capability)
        step = self.creation(request.user)
        form = step.form(request.POST or None, request.FILES or None)
        context = self.prepare(request, form) if self.prepare else {}
        if request.method == "POST":
            taken = take(request, step, form)
            if taken.status is None:
                return redirect(self.next(taken.made))
        return render(
            request,
            self.template,
            {"form": form, "title": step.label, **context},
            status=400 if form.errors else 200,
        )

    @property
    def view(self) -> Callable[..., HttpResponse]:
        return login_required(self.page)
