"""The conferences staff pages' URL patterns (mounted by esep/assemblies/urls.py): the list
and its export, convening one, a conference's page and its steps, its minutes (their steps
and the printable sheet in Kazakh or Russian), and the import of its delegates."""

from django.urls import URLPattern, path, re_path

from esep.assemblies.conferences import import_views, views

CONFERENCE = "conferences/<slug:pk>/"

patterns: list[URLPattern] = [
    path("conferences/", views.conference_list, name="conferences"),
    re_path(
        r"^conferences/export\.(?P<fmt>csv|xlsx)$",
        views.conference_export,
        name="conference-export",
    ),
    path("conferences/new/", views.conference_new, name="conference-new"),
    path("delegate-imports/<int:pk>/", import_views.import_job, name="delegate-import-job"),
    # A conference is addressed by its code (the views' argument keeps the pages' name, pk).
    path(CONFERENCE, views.conference_detail, name="conference"),
    path(f"{CONFERENCE}minutes/", views.minutes_detail, name="minutes"),
    re_path(
        r"^conferences/(?P<pk>[-a-zA-Z0-9_]+)/minutes/print/(?P<language>kk|ru)/$",
        views.minutes_print,
        name="minutes-print",
    ),
    path(f"{CONFERENCE}minutes/<slug:name>/", views.minutes_step, name="minutes-step"),
    path(f"{CONFERENCE}import/", import_views.delegates_import, name="import-delegates"),
    path(
        f"{CONFERENCE}import/template.xlsx",
        import_views.delegates_import_template,
        name="import-delegates-template",
    ),
    path(f"{CONFERENCE}<slug:name>/", views.conference_step, name="conference-step"),
]
