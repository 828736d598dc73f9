"""A list page declared once: who may open it, what records it reads, its filters (a
django-filter FilterSet, which the REST API's list reads too), its columns; from that come the
page (with its rows redrawn in place by htmx) and its CSV/XLSX export, which therefore always
list the same records."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django_filters import FilterSet
from django_stubs_ext import StrOrPromise

from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.lib.steps import CreatePage
from esep.lib.tables import Column, export

PER_PAGE = 50
FILE_STEM_LENGTH = 120
EXPORT_LIMIT = 100_000
EXPORT_BATCH = 2_000  # records prepared at once for an export


COUNT_LIMIT = 10_000  # a list counts its records up to this many, never further


class BoundedPage(Page):
    """A page past what its list counted: whether another follows is known from the one
    record read beyond it."""

    def __init__(self, object_list: Any, number: int, paginator: Any, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class Bounded(Paginator):
    """Django's paginator, counting no further than COUNT_LIMIT records (one query that
    stops there: `COUNT(*)` over the first COUNT_LIMIT + 1), so a list of ten million
    appeals costs what a list of ten thousand does. Up to the limit it is Django's own,
    every count exact. Past it `exact` is False, `count` says "at least COUNT_LIMIT" (the
    pages show "or more"), and a page is read as the records at its place plus one, which
    tells whether another page follows. The HTML lists and the REST API page with it."""

    @cached_property
    def counted(self) -> int:
        records: Any = self.object_list
        if isinstance(records, QuerySet):
            # In no order: the planner counts by whichever index the filters fit best (a
            # district's appeals from the branch index alone), not by sorting them.
            # (A list already cut to a slice keeps the order that cut it.)
            if not records.query.is_sliced:
                records = records.order_by()
            return int(records[: COUNT_LIMIT + 1].count())
        return len(records)

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_LIMIT)

    @property
    def exact(self) -> bool:
        return self.counted <= COUNT_LIMIT

    def validate_number(self, number: Any) -> int:
        if self.exact:
            return super().validate_number(number)
        try:
            whole = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if whole < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return whole

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        if self.exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        found = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not found:
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(found[: self.per_page], number, self, more=len(found) > self.per_page)


def paged(records: Any, request: Any, per_page: int = PER_PAGE) -> Page:
    """The page of `records` the request asks for (`?page=`): every list pages the same
    way (`Bounded`), a page number past the end giving the last page counted."""
    return Bounded(records, per_page).get_page(request.GET.get("page"))


def batched(records: Any, size: int) -> Iterator[list[Any]]:
    """The records in lists of `size`, read from the database as they are written."""
    batch: list[Any] = []
    for record in records.iterator(chunk_size=size) if hasattr(records, "iterator") else records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def file_stem(stem: str, form: Form) -> str:
    """An export's file name before its date (`tables.download` adds it): the list's stem,
    then the branch chosen, then each other filter given, in the form's order — a choice or
    a record by its value or code, a date, a ticked box by its name; words typed in a box
    only as "search" (they may be a person's name or IIN, which a file name must not carry),
    so exports of differently filtered lists are named differently:
    `appeals_atyrau_mine_status-open-20260101.xlsx`."""
    parts = [stem]
    if form.is_bound and form.is_valid():
        given = [
            (name, field)
            for name, field in form.fields.items()
            if name != "sort" and form.cleaned_data.get(name) not in (None, "", False)
        ]
        given.sort(key=lambda item: item[0] != "branch")  # stable: the branch comes first
        for name, field in given:
            raw = slugify(str(form.data.get(name, "")))
            if isinstance(field, forms.NullBooleanField | forms.BooleanField):
                parts.append(name)
            elif name == "branch":
                parts.append(raw)
            elif isinstance(field, forms.ChoiceField | forms.DateField):
                parts.append(f"{name}-{raw}")
            elif "search" not in parts:
                parts.append("search")
    return "_".join(part for part in parts if part)[:FILE_STEM_LENGTH]


@dataclass(frozen=True)
class Listing:
    title: StrOrPromise
    stem: str  # the export's file name, before its filters and date (`file_stem`)
    rows_template: str
    records: Callable[[AuthedRequest], Any]  # a QuerySet of what the user may see, joined
    # Its filters: built with the query string, the records and the request; its form is
    # the page's, its `qs` the records filtered, counted and ordered as the list shows them.
    filterset: type[FilterSet]
    columns: Sequence[Column]
    export_url: str  # URL name taking the format
    capability: Any = None  # needed to open the list at all; None: any signed-in user
    create: CreatePage | None = None  # the page that adds one, linked from the list
    links: Sequence[tuple[str, StrOrPromise]] = field(default_factory=tuple)
    # The page's own template where it shows more than the shared list page does.
    template: str = "frame/list.html"
    # What else the page shows: (request) → context.
    context: Callable[[AuthedRequest], dict[str, Any]] | None = None
    # What the rows template iterates as `rows` and the export's columns read: (request,
    # records of one page or one batch) → rows. Where a row needs what is read for many at
    # once (personal data, whose every unmasked showing is logged; working days left), it is
    # read here. None: the records themselves.
    rows: Callable[[AuthedRequest, list[Any]], list[Any]] | None = None
    # As `rows`, for the export when it needs more than the page shows (None: `rows`).
    export_rows: Callable[[AuthedRequest, list[Any]], list[Any]] | None = None

    def filtered(self, request: AuthedRequest) -> tuple[Form, QuerySet]:
        filters = self.filterset(request.GET or None, self.records(request), request=request)
        return filters.form, filters.qs

    def _allow(self, request: AuthedRequest) -> None:
        if self.capability is not None:
            require(request.user, self.capability)

    def page(self, request: AuthedRequest) -> HttpResponse:
        self._allow(request)
        form, records = self.filtered(request)
        page = paged(records, request)
        shown = list(page.object_list)
        can_create = self.create is not None and request.user.can(self.create.capability)
        return render(
            request,
            self.rows_template if request.htmx else self.template,
            {
                "title": self.title,
                "form": form,
                "page": page,
                "rows": self.rows(request, shown) if self.rows else shown,
                "rows_template": self.rows_template,
                "today": timezone.localdate(),
                "create_url": reverse(self.create.url_name) if can_create and self.create else None,
                "export_url": self.export_url,
                "links": [(reverse(name), label) for name, label in self.links],
                **(self.context(request) if self.context else {}),
            },
        )

    def export(self, request: AuthedRequest, fmt: str) -> HttpResponse:
        self._allow(request)
        form, records = self.filtered(request)
        prepare = self.export_rows or self.rows
        chosen = records[:EXPORT_LIMIT]
        rows = (
            (row for batch in batched(chosen, EXPORT_BATCH) for row in prepare(request, batch))
            if prepare
            else chosen
        )
        return export(fmt, file_stem(self.stem, form), self.title, self.columns, rows)

    @property
    def views(self) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
        """The list page and its export, as views."""
        return login_required(self.page), login_required(self.export)
