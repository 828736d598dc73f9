"""The ethics staff pages."""

from django.urls import URLPattern

app_name = "ethics"
urlpatterns: list[URLPattern] = []
