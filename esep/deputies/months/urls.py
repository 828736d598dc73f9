"""A deputy's month, the corrections queue, the rating's months and their
publication, the methodology: their staff pages."""

from django.urls import URLPattern, path, re_path

from esep.deputies.months import views

patterns: list[URLPattern] = [
    path("rating/month/", views.month, name="month"),
    path("rating/corrections/", views.correction_list, name="corrections"),
    re_path(
        r"^rating/corrections/export\.(?P<fmt>csv|xlsx)$",
        views.correction_export,
        name="correction-export",
    ),
    path("rating/corrections/<int:pk>/", views.correction_detail, name="correction"),
    path(
        "rating/corrections/<int:pk>/evidence/",
        views.correction_evidence,
        name="correction-evidence",
    ),
    path("rating/corrections/<int:pk>/<slug:name>/", views.correction_step, name="correction-step"),
    path("rating/months/", views.rating_months, name="rating-months"),
    path("rating/months/<int:pk>/", views.rating_branch, name="rating-branch"),
    path(
        "rating/months/<int:pk>/<slug:name>/",
        views.rating_branch_step,
        name="rating-branch-step",
    ),
    path("rating/methods/", views.methods, name="methods"),
    path("rating/methods/new/", views.method_new, name="method-new"),
]
