"""Bodies, convocations, mandates and posts, sittings and attendance, and the
deputies' work the branch records: their staff pages."""

from django.urls import URLPattern, path, re_path

from esep.deputies.registry import views

EXPORT = r"export\.(?P<fmt>csv|xlsx)$"

patterns: list[URLPattern] = [
    path("bodies/", views.body_list, name="bodies"),
    re_path(rf"^bodies/{EXPORT}", views.body_export, name="body-export"),
    path("bodies/new/", views.body_new, name="body-new"),
    # A body is addressed by its code (the view's argument keeps the pages' name, pk).
    path("bodies/<slug:pk>/", views.body_detail, name="body"),
    path("bodies/<slug:pk>/<slug:name>/", views.body_step, name="body-step"),
    path("convocations/<int:pk>/", views.convocation_detail, name="convocation"),
    path("convocations/<int:pk>/<slug:name>/", views.convocation_step, name="convocation-step"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting"),
    path("sittings/<int:pk>/<slug:name>/", views.sitting_step, name="sitting-step"),
    path("mandates/", views.mandate_list, name="mandates"),
    re_path(rf"^mandates/{EXPORT}", views.mandate_export, name="mandate-export"),
    path("mandates/new/", views.mandate_new, name="mandate-new"),
    path("mandates/<int:pk>/", views.mandate_detail, name="mandate"),
    path("mandates/<int:pk>/<slug:name>/", views.mandate_step, name="mandate-step"),
    path("inquiries/", views.inquiry_list, name="inquiries"),
    re_path(rf"^inquiries/{EXPORT}", views.inquiry_export, name="inquiry-export"),
    path("inquiries/new/", views.inquiry_new, name="inquiry-new"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/<slug:name>/", views.inquiry_step, name="inquiry-step"),
    path("initiatives/", views.initiative_list, name="initiatives"),
    re_path(rf"^initiatives/{EXPORT}", views.initiative_export, name="initiative-export"),
    path("initiatives/new/", views.initiative_new, name="initiative-new"),
    path("voter-reports/", views.voter_report_list, name="voter-reports"),
    re_path(rf"^voter-reports/{EXPORT}", views.voter_report_export, name="voter-report-export"),
    path("voter-reports/new/", views.voter_report_new, name="voter-report-new"),
]
