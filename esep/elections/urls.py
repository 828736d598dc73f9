"""The elections' staff pages."""

from django.urls import path, re_path

from esep.elections import import_views, views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="elections"),
    path("new/", views.election_new, name="election-new"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.election_export, name="election-export"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    re_path(
        r"^campaigns/export\.(?P<fmt>csv|xlsx)$", views.campaign_export, name="campaign-export"
    ),
    path("campaigns/<slug:pk>/", views.campaign_detail, name="campaign"),
    path("akims/", views.tenure_list, name="tenures"),
    path("akims/new/", views.tenure_new, name="tenure-new"),
    re_path(r"^akims/export\.(?P<fmt>csv|xlsx)$", views.tenure_export, name="tenure-export"),
    path("<int:pk>/", views.election_detail, name="election"),
    path("<int:pk>/import/", import_views.protocol_import, name="protocol-import"),
    path(
        "<int:pk>/import/template.xlsx",
        import_views.protocol_import_template,
        name="protocol-import-template",
    ),
    path("import-jobs/<int:pk>/", import_views.import_job, name="protocol-import-job"),
    path("<int:pk>/<slug:name>/", views.election_step, name="election-step"),
]
