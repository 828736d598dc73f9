"""The awards staff pages."""

from django.urls import URLPattern

app_name = "awards"
urlpatterns: list[URLPattern] = []
