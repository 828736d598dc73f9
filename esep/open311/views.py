"""GeoReport v2 endpoints (and FixMyStreet's request updates). Each parses, authorises
with the client's key where it writes, calls a query or an action, and answers in the
format of the URL's extension and the language asked for."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.decorators import ratelimit

from esep.appeals.models import Appeal, Category, Kind
from esep.open311 import actions, queries
from esep.open311.formats import CONTENT_TYPES, Open311Error, error_response, respond
from esep.open311.location import locate
from esep.open311.models import Client, Submission
from esep.open311.params import comma_list, page, window

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00Z"  # when these endpoints last changed shape
MAX_TEXT = 5000
POST_RATE = "120/h"  # submissions and updates per client key
LIST_PAGE_SIZE, LIST_MAX_PAGE_SIZE = 50, 200
# FixMyStreet reads updates without paging: a page holds as many as it is likely to need.
UPDATES_PAGE_SIZE = 1000
FMS_STATUS_VALUES = frozenset(queries.FMS_STATUSES.values())
# Names of an action's fields in the request's terms, for errors about them.
PARAMETERS = {"surname": "last_name", "given_name": "first_name", "phone": "phone"}


def jurisdiction() -> str:
    return getattr(settings, "OPEN311_JURISDICTION", "esep.kz")


def language_of(request: HttpRequest) -> str:
    """The `locale` parameter when given (kk, ru, en; anything else is Kazakh), otherwise
    what LocaleMiddleware read from Accept-Language."""
    locale = (request.GET.get("locale") or request.POST.get("locale") or "").strip()
    if locale:
        code = locale[:2].lower()
        return code if code in dict(settings.LANGUAGES) else "kk"
    return (translation.get_language() or "kk")[:2]


def descriptions(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{PARAMETERS.get(field, field)}: {message}"
            for field, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    return list(error.messages)


View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """A GeoReport endpoint: machine clients (no CSRF), the format from the extension, the
    spec's errors for refusals, 405 for other methods, jurisdiction_id checked.

    A GET's answer is public and the same for everyone who asks it in the same language,
    so Django's page cache keeps it OPEN311_CACHE_SECONDS (by its address and
    Accept-Language; POSTs and refusals never) and says so in Cache-Control, for a proxy
    in front to keep it too: a civic app polling the lists costs one query a minute."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @functools.wraps(view)
        def run(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            with translation.override(language_of(request)):
                if fmt not in CONTENT_TYPES:
                    response = error_response(
                        "json", Open311Error(404, _("Unknown format: ask for .json or .xml."))
                    )
                else:
                    response = answer(request, view, methods, fmt, *args, **kwargs)
                response["Content-Language"] = translation.get_language()
                # Said here, before the page cache keys the answer (LocaleMiddleware says
                # it only after): the language follows Accept-Language.
                patch_vary_headers(response, ["Accept-Language"])
                if response.status_code == 405:
                    response["Allow"] = ", ".join(methods)
                return response

        if settings.OPEN311_CACHE_SECONDS:
            return cache_page(settings.OPEN311_CACHE_SECONDS, key_prefix="open311")(run)
        return run

    return decorate


def answer(
    request: HttpRequest, view: View, methods: tuple[str, ...], fmt: str, *args: Any, **kwargs: Any
) -> HttpResponse:
    try:
        if request.method not in methods:
            raise Open311Error(
                405,
                _("This resource does not accept %(method)s requests.")
                % {"method": request.method},
            )
        given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
        if given and given != jurisdiction():
            raise Open311Error(
                404,
                _("Unknown jurisdiction_id: this server serves %(id)s.") % {"id": jurisdiction()},
            )
        return view(request, fmt, *args, **kwargs)
    except Open311Error as error:
        return error_response(fmt, error)
    except ValidationError as error:
        return error_response(fmt, Open311Error(400, *descriptions(error)))
    except PermissionDenied as error:
        return error_response(fmt, Open311Error(403, str(error)))
    except Http404 as error:
        return error_response(fmt, Open311Error(404, str(error)))


def post_rate(group: str, request: HttpRequest) -> str:
    return POST_RATE


def client_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("api_key", "")


limited = ratelimit(
    group="open311-post", key=client_key, rate=post_rate, method="POST", block=False
)


def authorised_client(request: HttpRequest) -> Client:
    if getattr(request, "limited", False):
        raise Open311Error(429, _("Too many requests with this api_key: try again later."))
    client = actions.authenticate(request.POST.get("api_key", ""))
    if client is None:
        raise Open311Error(403, _("Invalid api_key"))
    return client


def text_of(request: HttpRequest, name: str = "description") -> str:
    text = request.POST.get(name, "").strip()
    if not text:
        raise Open311Error(400, _("%(name)s is required.") % {"name": name})
    if len(text) > MAX_TEXT:
        raise Open311Error(
            400, _("%(name)s may be at most %(max)s characters.") % {"name": name, "max": MAX_TEXT}
        )
    return text


def category_of(code: str) -> Category:
    if not code.strip():
        raise Open311Error(400, _("service_code is required."))
    category = Category.objects.filter(code=code.strip()).first()
    if category is None:
        raise Open311Error(400, _("Unknown service_code: %(code)s.") % {"code": code.strip()})
    return category


# --- Discovery and services ----------------------------------------------------------------


@endpoint("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    here = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    contact = _("API keys and help: %(email)s") % {"email": settings.DEFAULT_FROM_EMAIL}
    data = {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _(
            "esep's administrators issue an api_key to a civic app for a branch of the party; "
            "write to %(email)s."
        )
        % {"email": settings.DEFAULT_FROM_EMAIL},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": here.rsplit("/", 1)[0],
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, data, root="discovery")


@endpoint("GET", "HEAD")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, queries.services(), root="services", item="service")


@endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("Unknown service_code: %(code)s.") % {"code": code})
    return respond(fmt, queries.service_definition(category), root="service_definition")


# --- Service requests ----------------------------------------------------------------------


@endpoint("GET", "HEAD", "POST")
@limited
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return submit(request, fmt)
    params = request.GET
    numbers = comma_list(params, "service_request_id")
    codes = comma_list(params, "service_code")
    categories = list(Category.objects.filter(code__in=codes))
    if unknown := set(codes) - {c.code for c in categories}:
        raise Open311Error(
            400, _("Unknown service_code: %(code)s.") % {"code": ", ".join(sorted(unknown))}
        )
    statuses = [s.lower() for s in comma_list(params, "status")]
    if set(statuses) - {"open", "closed"}:
        raise Open311Error(400, _("status is open or closed (or both, comma-separated)."))
    offset, limit = page(params, default_size=LIST_PAGE_SIZE, max_size=LIST_MAX_PAGE_SIZE)
    appeals = queries.filtered_appeals(
        numbers=numbers,
        categories=categories,
        window=None if numbers else window(params, timezone.now()),
        statuses=statuses,
    )
    rows = queries.request_rows(queries.for_publication(appeals)[offset : offset + limit])
    return respond(fmt, rows, root="service_requests", item="request")


def submit(request: HttpRequest, fmt: str) -> HttpResponse:
    client = authorised_client(request)
    data = request.POST
    category = category_of(data.get("service_code", ""))
    text = text_of(request)
    kind = data.get("attribute[kind]", "").strip() or Kind.COMPLAINT
    if kind not in Kind.values:
        raise Open311Error(400, _("Unknown attribute[kind]: %(kind)s.") % {"kind": kind})
    reports_crime = data.get("attribute[reports_crime]", "").strip().lower()
    if reports_crime not in ("", "true", "false"):
        raise Open311Error(400, _("attribute[reports_crime] is true or false."))
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"email": error.error_list}) from None
    # GeoReport v2 has no word for consent: the applicant's own yes, passed on by the client,
    # is this attribute; without it the e-mail is kept as a contact and nothing is sent to it.
    email_updates = data.get("attribute[email_updates]", "").strip().lower()
    if email_updates not in ("", "true", "false"):
        raise Open311Error(400, _("attribute[email_updates] is true or false."))
    if email_updates == "true" and not (email and data.get("phone", "").strip()):
        raise Open311Error(
            400,
            _(
                "attribute[email_updates] needs the applicant's email and phone: a request "
                "without a phone is anonymous and keeps no contacts."
            ),
        )
    territory = locate(
        latitude=data.get("lat", ""),
        longitude=data.get("long", ""),
        address_id=data.get("address_id", ""),
        address_string=data.get("address_string", ""),
        territory_code=data.get("attribute[territory]", ""),
    )
    # media_url is not fetched: esep keeps files only from its own upload, checked by type.
    # device_id and account_id are not kept.
    submission = actions.submit_request(
        client=client,
        category=category,
        territory=territory,
        kind=kind,
        text=text,
        language=translation.get_language() or "kk",
        reports_crime=reports_crime == "true",
        phone=data.get("phone", ""),
        surname=data.get("last_name", ""),
        given_name=data.get("first_name", ""),
        email=email,
        email_updates=email_updates == "true",
    )
    appeal = submission.appeal
    follow = request.build_absolute_uri(
        reverse("open311:request", kwargs={"number": appeal.number, "fmt": fmt})
    )
    if appeal.is_considered:
        notice = _(
            "Registered as appeal %(number)s; the answer is due by %(date)s. Follow it at %(url)s."
        ) % {"number": appeal.number, "date": appeal.due_on.strftime("%d.%m.%Y"), "url": follow}
    else:
        notice = _(
            "Registered as appeal %(number)s. Sent without a phone number, it is anonymous and "
            "is not considered unless it reports a crime or a threat to security. Follow it at "
            "%(url)s."
        ) % {"number": appeal.number, "url": follow}
    row = {
        "service_request_id": appeal.number,
        "token": submission.token,
        "service_notice": notice,
        "account_id": None,
    }
    return respond(fmt, [row], root="service_requests", item="request")


@endpoint("GET", "HEAD")
def service_request(request: HttpRequest, fmt: str, number: str) -> HttpResponse:
    appeals = queries.for_publication(Appeal.objects.filter(number=number))
    rows = queries.request_rows(appeals)
    if not rows:
        raise Open311Error(404, _("No service request has the id %(id)s.") % {"id": number})
    return respond(fmt, rows, root="service_requests", item="request")


@endpoint("GET", "HEAD")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    submission = Submission.objects.filter(token=token).select_related("appeal").first()
    if submission is None:
        raise Open311Error(404, _("Unknown token."))
    row = {"service_request_id": submission.appeal.number, "token": submission.token}
    return respond(fmt, [row], root="service_requests", item="request")


# --- Service request updates (FixMyStreet) -------------------------------------------------


@endpoint("GET", "HEAD", "POST")
@limited
def updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return post_update(request, fmt)
    params = request.GET
    numbers = comma_list(params, "service_request_id")
    # One request's updates: all of them unless dates narrow them.
    dated = params.get("start_date") or params.get("end_date")
    period = window(params, timezone.now()) if dated or not numbers else None
    offset, limit = page(params, default_size=UPDATES_PAGE_SIZE, max_size=UPDATES_PAGE_SIZE)
    rows = queries.update_rows(queries.public_steps(numbers=numbers, window=period), offset, limit)
    return respond(fmt, rows, root="service_request_updates", item="request_update")


def post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    client = authorised_client(request)
    data = request.POST
    number = data.get("service_request_id", "").strip()
    if not number:
        raise Open311Error(400, _("service_request_id is required."))
    status = data.get("status", "").strip().upper()
    if status not in FMS_STATUS_VALUES:
        raise Open311Error(
            400,
            _("status must be one of: %(statuses)s.")
            % {"statuses": ", ".join(sorted(FMS_STATUS_VALUES))},
        )
    text = text_of(request)
    appeal = Appeal.objects.filter(number=number).first()
    if appeal is None:
        raise Open311Error(404, _("No service request has the id %(id)s.") % {"id": number})
    # email, first_name and last_name identify the applicant to the client, not to esep:
    # the submission already links the appeal to them; they are neither kept nor logged.
    event = actions.post_update(
        client=client,
        appeal=appeal,
        status=status,
        description=text,
        update_id=data.get("update_id", "").strip(),
    )
    return respond(
        fmt,
        [{"update_id": str(event.pk)}],
        root="service_request_updates",
        item="request_update",
    )


def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    with translation.override(language_of(request)):
        return error_response(
            "json", Open311Error(404, _("No such Open311 resource. Ask for .json or .xml."))
        )
