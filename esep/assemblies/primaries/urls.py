"""The primaries staff pages' URL patterns (mounted by esep/assemblies/urls.py)."""

from django.urls import URLPattern, path, re_path

from esep.assemblies.primaries import views

patterns: list[URLPattern] = [
    path("primaries/", views.campaign_list, name="campaigns"),
    re_path(
        r"^primaries/export\.(?P<fmt>csv|xlsx)$", views.campaign_export, name="campaign-export"
    ),
    path("primaries/new/", views.campaign_new, name="campaign-new"),
    # Primaries are addressed by their code (the view's argument keeps the pages' name, pk).
    path("primaries/<slug:pk>/", views.campaign_detail, name="campaign"),
    path(
        "primaries/<slug:pk>/documents/<int:candidate_id>/",
        views.candidate_documents,
        name="candidate-documents",
    ),
    path("primaries/<slug:pk>/<slug:name>/", views.campaign_step, name="campaign-step"),
]
