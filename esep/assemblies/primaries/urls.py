"""The primaries staff pages' URL patterns (mounted by esep/assemblies/urls.py)."""

from django.urls import URLPattern

patterns: list[URLPattern] = []
