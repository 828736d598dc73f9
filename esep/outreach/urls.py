"""The outreach staff pages."""

from django.urls import URLPattern

app_name = "outreach"
urlpatterns: list[URLPattern] = []
