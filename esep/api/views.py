"""The REST API: the records and steps of the pages, for scripts. Every call runs as the
token's user, through the same scoped querysets, forms and actions as the pages: a record
outside the user's scope is a 404, a step their role does not give is a 403."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import JsonResponse, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import filters, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esep.access.models import User
from esep.api import serializers as s
from esep.api.errors import Conflict, NotFoundIn, conflict
from esep.api.filtering import Filters, unreadable
from esep.api.forms import CODE, _describe, as_form_data, body_of, checked, keyed
from esep.api.idempotency import once
from esep.appeals.forms import RegisterAppealForm
from esep.appeals.models import (
    Appeal,
    AppealEvent,
    Category,
    Extension,
    Forwarding,
    StateBody,
)
from esep.appeals.pages import APPEAL_PAGE, INBOX, REGISTER, applicant_contacts
from esep.control.instructions.forms import InstructionForm
from esep.control.instructions.pages import INSTRUCTION_PAGE, INSTRUCTIONS
from esep.control.issues.forms import IssueForm
from esep.control.issues.pages import ISSUE_PAGE, ISSUES
from esep.control.models import ControlPost, Instruction, Issue
from esep.control.posts.forms import PostForm
from esep.control.posts.pages import POST_PAGE, POSTS
from esep.figures import compute as c
from esep.figures.models import PublishedReport
from esep.figures.pages import dashboard_form, period_query
from esep.figures.periods import FIRST_YEAR, day_pattern, last_year
from esep.figures.registry import BREAKDOWNS, registry
from esep.figures.table import rows
from esep.lib.listing import Listing
from esep.lib.permissions import require
from esep.lib.steps import CreatePage, RecordPage, Stale, offered
from esep.org.models import Branch, Person, Territory
from esep.org.pages import PEOPLE
from esep.org.privacy import personal_data_for
from esep.org.roles import Capability
from esep.receptions.forms import PlanReceptionForm
from esep.receptions.models import Reception
from esep.receptions.pages import PAGE as RECEPTION_PAGE
from esep.receptions.pages import RECEPTIONS


class Needs(permissions.BasePermission):
    """The view's `capability` somewhere in the user's grants (the pages' `require`)."""

    message = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        capability = getattr(view, "capability", None)
        if capability is not None and request.user.is_authenticated:
            require(request.user, capability)
        return True


class Scoped(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated, Needs]
    # A list filters through its page's FilterSet (`filterset_class`), read as strictly as
    # the schema says (`filtering.Filters`): a value it refuses is a 400 naming the
    # parameter, one naming no record the user may use a 404 naming it.
    filter_backends = [Filters, filters.OrderingFilter]
    capability: Capability | None = None

    def context_for(self, instance: Any) -> dict[str, Any]:
        """What the serializer needs of the records it is given, read once for all."""
        return {}

    def performed(self, perform: Any, data: dict[str, Any]) -> Any:
        """A page's step (or creation) done with its form's cleaned data, its refusal
        answered as the resource answers its actions' (by default `performed`'s 409)."""
        return performed(perform, data)

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["context"] = {
            **self.get_serializer_context(),
            "language": (get_language() or "kk")[:2],
            **(self.context_for(args[0]) if args else {}),
        }
        return self.get_serializer_class()(*args, **kwargs)


def _many(instance: Any) -> list[Any]:
    return list(instance) if isinstance(instance, list | QuerySet) else [instance]


def _parent_keys(model: Any, key: str, instance: Any) -> dict[str, str]:
    paths = {o.path[: -model.steplen] for o in _many(instance) if o.depth > 1}
    return dict(model.objects.filter(path__in=paths).values_list("path", key))


class WithPageSteps(Scoped):
    """A record page's steps (esep.lib.steps) as `POST <id>/steps/<name>/`, offered and
    refused as on the page; the detail lists those open to the user now (`steps`)."""

    page: RecordPage
    # The steps whose files come with them (a paper count's protocol, a candidate's
    # documents): read as multipart/form-data, as their page posts them. Any other step
    # reads JSON (a form's optional file is then the page's alone).
    multipart_steps: frozenset[str] = frozenset()

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet):
            return {}
        return {"steps": list(self.page.steps(self.request, instance))}

    def get_parsers(self) -> list[Any]:
        # Called before the action is known: read it from the method, as the router maps
        # it (a documented step's action is `step_<name>`; the one taking any step by name
        # has it in the URL).
        request = getattr(self, "request", None)
        mapped = getattr(self, "action_map", None) or {}
        chosen = mapped.get(request.method.lower(), "") if request is not None else ""
        name = (getattr(self, "kwargs", None) or {}).get("name", "")
        if chosen.startswith("step_"):
            name = chosen.removeprefix("step_").replace("_", "-")
        if chosen.startswith("step") and name in self.multipart_steps:
            return [MultiPartParser()]
        return super().get_parsers()

    @extend_schema(
        summary="Take a step offered on the record's page",
        request={"application/json": {"type": "object", "additionalProperties": True}},
        parameters=[
            OpenApiParameter(
                "name",
                {"type": "string", "pattern": r"^[\w-]+$"},
                OpenApiParameter.PATH,
                description="One of the record's `steps`; its fields are the page form's",
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<name>[\w-]+)")
    def steps(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        return take_step(self, self.page, request, name)


def documented_steps(
    viewset: type[WithPageSteps], noun: str, described: dict[str, str] | None = None
) -> None:
    """Each step the viewset's record page declares (`RecordPage.forms`) as an operation of
    its own, `POST <id>/steps/<name>/`, its body described from the page form (the
    viewset's `multipart_steps` as multipart/form-data), instead of the one operation
    taking any step by name; `described` gives a step's operation a description (by its
    name)."""
    for name, form_class in viewset.page.forms.items():
        attribute = "step_" + name.replace("-", "_")
        text = (described or {}).get(name, "")
        multipart = name in viewset.multipart_steps
        step = _documented_step(name, form_class, noun, attribute, text, multipart)
        setattr(viewset, attribute, step)
    viewset.steps = None  # type: ignore[assignment]


def _documented_step(
    name: str,
    form_class: Any,
    noun: str,
    attribute: str,
    description: str = "",
    multipart: bool = False,
) -> Any:
    # The record's key by whatever name its URL gives it (`pk`, a `code`).
    def step(self: WithPageSteps, request: Request, **key: Any) -> Response:
        return take_step(self, self.page, request, name)

    step.__name__ = attribute
    step.__doc__ = f"Take the step “{name}” offered on the record's page."
    body = f"{noun}{name.title().replace('-', '')}Step"
    described = (
        {"multipart/form-data": multipart_of(form_class, body)}
        if multipart
        else body_of(form_class, body)
    )
    # extend_schema goes on top of action, or drf-spectacular reads the action without it.
    return extend_schema(
        summary=f"{noun}: {name}", description=description or None, request=described
    )(
        action(detail=True, methods=["post"], url_path=f"steps/{name}", url_name=f"step-{name}")(
            step
        )
    )


def multipart_of(form_class: Any, name: str) -> type[serializers.Serializer]:
    """A form as multipart fields, for the schema: text, and a file for its file fields; a
    value left out rather than null (a form field carries no null)."""
    fields: dict[str, serializers.Field] = {}
    for field_name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            fields[field_name] = serializers.FileField(
                required=field.required,
                help_text=f"{field.label}: a PDF, a JPEG or PNG image, or a Word, Excel or "
                "OpenDocument file, at most 10 MB",
            )
            continue
        # Made again from its arguments without null (a serializer copies its fields so,
        # and a changed attribute would be lost).
        described = _describe(field_name, field)
        kwargs = {**described._kwargs, "allow_null": False}  # type: ignore[attr-defined]
        fields[field_name] = type(described)(*described._args, **kwargs)  # type: ignore[attr-defined]
    return type(name, (serializers.Serializer,), fields)


class ListedOnly(Scoped):
    """A page's list declaration (esep.lib.listing) as an API list: the same records,
    filters and the capability it needs."""

    listing: Listing

    @property
    def capability(self) -> Any:  # type: ignore[override]
        return self.listing.capability

    def get_queryset(self) -> Any:
        return self.listing.records(self.request)

    @property
    def filterset_class(self) -> Any:
        return self.listing.filterset


class Listed(ListedOnly, WithPageSteps):
    """A listed record with a page of its own: the list, and the record page's steps."""


class Creating(Scoped):
    """`POST` makes one as the page that adds one does (`creation`, a lib.steps.CreatePage,
    whose step the page runs too)."""

    creation: CreatePage

    def create(self, request: Request) -> Response:
        """Make one as the page that adds one does."""
        user: User = request.user
        page = self.creation
        require(user, page.capability)
        step = page.creation(user)
        form = keyed(step.form(as_form_data(request.data), None))
        made = self.performed(step.perform, checked(form))
        # Read back as the list reads them (with the counts it annotates), in their order.
        many = isinstance(made, list)
        pks = [record.pk for record in (made if many else [made])]
        by_pk = {record.pk: record for record in self.get_queryset().filter(pk__in=pks)}
        read = [by_pk[pk] for pk in pks]
        body = self.get_serializer(read if many else read[0], many=many).data
        return Response(body, status=status.HTTP_201_CREATED)


class MadeFromListing(Creating, ListedOnly):
    """A listed record that its list's page also makes (`listing.create`)."""

    @property
    def creation(self) -> CreatePage:  # type: ignore[override]
        assert self.listing.create is not None  # every list served so has one
        return self.listing.create


class FromListing(MadeFromListing, Listed):
    """A listed record with its own page, that its list's page also makes."""


def take_step(view: Scoped, page: RecordPage, request: Request, name: str) -> Response:
    """Perform a step of the record's page as the page does: one not offered to the user on
    the record now is a 403, a refused value a 400, a stale copy a 409."""
    record = view.get_object()
    step = offered(page.steps(request, record), name)
    if name in getattr(view, "multipart_steps", ()):  # as its page posts it, with its files
        form = step.bound(request.POST, request.FILES, prefixed=False)
    else:
        form = keyed(step.bound(as_form_data(request.data), prefixed=False))
    view.performed(step.perform, checked(form))
    return Response(view.get_serializer(view.get_object()).data)


def performed(perform: Any, data: dict[str, Any]) -> Any:
    """The action done with the form's cleaned data; its refusal (a stale copy, or values
    the record as it is now does not take) is a 409."""
    try:
        return perform(data)
    except Stale as stale:
        raise Conflict(" ".join(stale.messages)) from stale
    except DjangoValidationError as refused:
        raise conflict(refused) from refused


# --- reference data -----------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Territories (KATO)",
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, enum=Territory.Level.values),
            OpenApiParameter(
                "parent",
                {"type": "string", "pattern": CODE, "minLength": 1},
                description="KATO code of the parent",
            ),
        ],
    )
)
class TerritoryViewSet(Scoped):
    serializer_class = s.TerritorySerializer
    queryset = Territory.objects.none()  # the schema's model; get_queryset scopes it
    lookup_field = "kato"
    ordering_fields = ["kato"]

    def get_queryset(self) -> QuerySet[Territory]:
        found = Territory.objects.order_by("path")
        if self.action != "list":
            return found
        query = self.request.query_params
        level, parent = query.getlist("level"), query.getlist("parent")
        if level:
            if len(level) > 1 or level[0] not in Territory.Level.values:
                raise ValidationError({"level": [_("Give one of the levels.")]})
            found = found.filter(level=level[0])
        if parent:
            above = Territory.objects.filter(kato=parent[0]).first() if len(parent) == 1 else None
            if above is None:
                raise NotFoundIn({"parent": [_("No territory has this KATO code.")]})
            found = found.filter(path__startswith=above.path, depth=above.depth + 1)
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        return {"kato_by_path": _parent_keys(Territory, "kato", instance)}


class CategoryViewSet(Scoped):
    serializer_class = s.CategorySerializer
    lookup_field = "code"
    queryset = Category.objects.order_by("path")
    ordering_fields = ["code"]

    def context_for(self, instance: Any) -> dict[str, Any]:
        return {"code_by_path": _parent_keys(Category, "code", instance)}


class StateBodyViewSet(Scoped):
    serializer_class = s.StateBodySerializer
    lookup_field = "code"
    queryset = StateBody.objects.select_related("territory").order_by("code")
    ordering_fields = ["code"]


class BranchViewSet(Scoped):
    serializer_class = s.BranchSerializer
    queryset = Branch.objects.none()  # the schema's model; get_queryset scopes it
    lookup_field = "code"
    capability = Capability.VIEW_ORG
    ordering_fields = ["code"]

    def get_queryset(self) -> QuerySet[Branch]:
        return Branch.objects.visible_to(self.request.user).select_related("territory")

    def context_for(self, instance: Any) -> dict[str, Any]:
        return {"code_by_path": _parent_keys(Branch, "code", instance)}


class PersonViewSet(Scoped):
    """The register of people as its page declares it (`org.pages.PEOPLE`: the records, the
    filters — searching by IIN counts as seeing personal data — and who may open it);
    personal data masked unless the role shows it, every showing logged, as on the page."""

    serializer_class = s.PersonSerializer
    queryset = Person.objects.none()  # the schema's model; get_queryset scopes it
    capability = PEOPLE.capability
    filterset_class = PEOPLE.filterset
    ordering_fields = ["surname", "id"]

    def get_queryset(self) -> QuerySet[Person]:
        return PEOPLE.records(self.request).order_by("surname", "given_name", "pk")

    def context_for(self, instance: Any) -> dict[str, Any]:
        people = _many(instance)
        return {
            "personal_data": personal_data_for(self.request.user, people, page=self.request.path)
        }


# --- appeals ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="The inbox"),
    retrieve=extend_schema(summary="One appeal, as its page shows it"),
)
class AppealViewSet(Scoped):
    capability = INBOX.capability
    filterset_class = INBOX.filterset
    queryset = Appeal.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["registered_on", "due_on", "number", "id"]

    def get_serializer_class(self) -> Any:
        return s.AppealSerializer if self.action in ("list", "create") else s.AppealDetailSerializer

    def get_queryset(self) -> QuerySet[Appeal]:
        found = Appeal.objects.visible_to(self.request.user).select_related(
            "category", "territory", "branch", "assignee", "submitter"
        )
        if self.action != "list":
            # Each with whom it names, as the appeal's page reads them: a query each.
            found = found.prefetch_related(
                Prefetch("events", AppealEvent.objects.select_related("actor")),
                Prefetch("forwardings", Forwarding.objects.select_related("state_body")),
                Prefetch("extensions", Extension.objects.select_related("decided_by")),
            )
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet) or self.action == "create":
            return {}
        user = self.request.user
        return {
            "applicant_contacts": applicant_contacts(user, [instance], page=self.request.path),
            "steps": list(APPEAL_PAGE.steps(self.request, instance)),
        }

    @extend_schema(
        summary="Register an appeal",
        request=body_of(RegisterAppealForm, "AppealCreate"),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The same key again returns the appeal the first call made",
            )
        ],
        responses={201: s.AppealSerializer, 200: s.AppealSerializer},
    )
    def create(self, request: Request) -> Response:
        user: User = request.user
        require(user, REGISTER.capability)
        data = as_form_data(request.data)
        step = REGISTER.creation(user)

        def register() -> Appeal:
            return performed(step.perform, checked(step.bound(data)))

        key = request.headers.get("Idempotency-Key", "")
        appeal, made = once(user=user, key=key, body=data, make=register)
        code = status.HTTP_201_CREATED if made else status.HTTP_200_OK
        return Response(self.get_serializer(appeal).data, status=code)


def _step_action(name: str) -> Any:
    def step(self: AppealViewSet, request: Request, pk: str | None = None) -> Response:
        return take_step(self, APPEAL_PAGE, request, name)

    step.__name__ = name.replace("-", "_")
    step.__doc__ = (
        f"Take the step “{name}” on the appeal (its `version` guards against stale copies)."
    )
    # extend_schema goes on top of action, or drf-spectacular reads the action without it.
    return extend_schema(
        summary=f"Appeal: {name}",
        request=body_of(APPEAL_PAGE.forms[name], "Appeal" + name.title().replace("-", "") + "Step"),
        responses={200: s.AppealDetailSerializer},
    )(action(detail=True, methods=["post"], url_path=name, url_name=name)(step))


for _name in APPEAL_PAGE.forms:
    setattr(AppealViewSet, _name.replace("-", "_"), _step_action(_name))


# --- party work ---------------------------------------------------------------------------


@extend_schema_view(
    # Its answer is a list (the receptions planned), so the schema would give it the list's
    # filters and ordering: it takes neither.
    create=extend_schema(
        request=body_of(PlanReceptionForm, "ReceptionCreate"),
        responses={201: s.ReceptionSerializer(many=True)},
        filters=False,
    ),
)
class ReceptionViewSet(FromListing):
    serializer_class = s.ReceptionSerializer
    queryset = Reception.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["starts_at", "id"]
    listing = RECEPTIONS
    page = RECEPTION_PAGE

    def get_queryset(self) -> QuerySet[Reception]:
        return (
            super()
            .get_queryset()
            .prefetch_related("receivers")
            .annotate(appeal_count=Count("appeals"))
        )


@extend_schema_view(
    create=extend_schema(
        request=body_of(PostForm, "ControlPostCreate"), responses={201: s.ControlPostSerializer}
    ),
)
class ControlPostViewSet(FromListing):
    serializer_class = s.ControlPostSerializer
    queryset = ControlPost.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["opened_on", "id"]
    listing = POSTS
    page = POST_PAGE

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().annotate(visit_count=Count("visits"))


@extend_schema_view(
    create=extend_schema(
        request=body_of(IssueForm, "IssueCreate"), responses={201: s.IssueSerializer}
    ),
)
class IssueViewSet(FromListing):
    serializer_class = s.IssueSerializer
    queryset = Issue.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["created_at", "control_deadline", "id"]
    listing = ISSUES
    page = ISSUE_PAGE


@extend_schema_view(
    create=extend_schema(
        request=body_of(InstructionForm, "InstructionCreate"),
        responses={201: s.InstructionSerializer},
    ),
)
class InstructionViewSet(FromListing):
    serializer_class = s.InstructionSerializer
    queryset = Instruction.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["deadline", "issued_on", "id"]
    listing = INSTRUCTIONS
    page = INSTRUCTION_PAGE


# --- figures ------------------------------------------------------------------------------


DAY_IN_BOUNDS = {"type": "string", "format": "date", "pattern": day_pattern()}


class FiguresView(APIView):
    """Figures of a branch or territory for a period, as the dashboard computes them for
    this user, each with a link to the records it counts."""

    permission_classes = [permissions.IsAuthenticated]
    reads_a_form = True  # the dashboard's: its rules may refuse well-formed values (422)

    @extend_schema(
        summary="Figures",
        parameters=[
            OpenApiParameter(
                "scope",
                {"type": "string", "pattern": CODE, "minLength": 1},
                description="Branch code or KATO code (default: the user's widest branch)",
            ),
            # A period within the bounds every period keeps (figures.periods); outside
            # them, a 400.
            OpenApiParameter("from", DAY_IN_BOUNDS, description="With `to`"),
            OpenApiParameter("to", DAY_IN_BOUNDS, description="With `from`"),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": last_year()},
                description="Instead of from/to: a year (default: the last with appeals)",
            ),
            OpenApiParameter("breakdown", OpenApiTypes.STR, enum=list(BREAKDOWNS)),
            OpenApiParameter(
                "figure", OpenApiTypes.STR, many=True, enum=list(registry()), explode=True
            ),
        ],
        responses={200: s.FiguresSerializer},
    )
    def get(self, request: Request) -> Response:
        user: User = request.user
        require(user, Capability.VIEW_FIGURES)
        query = request.query_params
        names = ("scope", "from", "to", "year", "breakdown", "figure")
        if refused := unreadable(query, names, many={"figure"}):
            raise ValidationError(refused)
        asked = {k: query.get(k, "") for k in ("scope", "year", "breakdown")}
        asked.update(start=query.get("from", ""), end=query.get("to", ""))
        data = QueryDict(mutable=True)
        data.update({k: v for k, v in asked.items() if v})
        form = dashboard_form(user, data)
        cleaned = checked(form)
        codes = query.getlist("figure") or list(registry())
        unknown = [code for code in codes if code not in registry()]
        if unknown:
            raise ValidationError({"figure": [_("Unknown figure: %s.") % ", ".join(unknown)]})
        scope = c.parse_scope(cleaned["scope"])
        period = cleaned["period"]
        breakdown = cleaned["breakdown"] if asked["breakdown"] else None
        results = []
        for row in rows(codes, scope, period, user=user, breakdown=breakdown):
            group = {"group": f"{breakdown}:{row.group}"} if breakdown else {}
            drill = reverse("figures:drill", args=[row.code])
            results.append(
                {
                    **row.as_dict(),
                    "drill_down": request.build_absolute_uri(
                        f"{drill}?{period_query(scope, period, **group)}"
                    ),
                }
            )
        return Response(
            {
                "scope": scope.code,
                "scope_name": scope.name,
                "from": period.start,
                "to": period.end,
                "breakdown": breakdown,
                "results": results,
            }
        )


class PublishedReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Published reports: public, as on the public pages; the figures as frozen."""

    serializer_class = s.PublishedReportSerializer
    permission_classes = [permissions.AllowAny]
    queryset = PublishedReport.objects.public().select_related("branch", "author")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "language": (get_language() or "kk")[:2]}


# --- the index ----------------------------------------------------------------------------


class IndexView(APIView):
    """What the API offers: each resource's URL, the schema's and the docs'. Public, as the
    schema is: it tells what there is, not what the user may see of it."""

    permission_classes = [permissions.AllowAny]
    never_missing = True  # takes nothing that could name a missing record
    resources: list[tuple[str, str]] = []  # (name, URL name): given by the URL map

    @extend_schema(summary="The API's resources", responses={200: s.IndexSerializer})
    def get(self, request: Request) -> Response:
        def url(name: str) -> str:
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "resources": {name: url(url_name) for name, url_name in self.resources},
                "schema": url("api:schema"),
                "docs": url("api:docs"),
            }
        )


@csrf_exempt  # refuses every call alike: nothing to forge
def not_found(request: Any, path: str = "") -> Any:
    """Any other address under the API: its 404, in its format (not the site's page)."""
    return JsonResponse(
        {"error": {"status": 404, "code": "not_found", "message": _("No such resource.")}},
        status=404,
    )
