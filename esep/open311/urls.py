"""GeoReport v2 at /open311/v2/: every resource in .json and .xml."""

from django.urls import URLPattern, re_path

from esep.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>[^/.]+)$"

urlpatterns: list[URLPattern] = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[^/]+?)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(r"^requests/(?P<number>[^/]+?)" + FMT, views.service_request, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FMT, views.token, name="token"),
    re_path(r"^servicerequestupdates" + FMT, views.updates, name="updates"),
    # Anything else (no extension, an unknown resource) is answered in the spec's format.
    re_path(r"^(?P<path>.*)$", views.not_found),
]
