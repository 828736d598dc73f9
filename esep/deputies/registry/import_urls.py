"""The import pages of a convocation's mandates and attendance (`import_views.py`)."""

from django.urls import URLPattern, path

from esep.deputies.registry import import_views

patterns: list[URLPattern] = [
    path("imports/<int:pk>/", import_views.import_job, name="import-job"),
    path(
        "convocations/<int:pk>/import/mandates/",
        import_views.mandates_import,
        name="import-mandates",
    ),
    path(
        "convocations/<int:pk>/import/mandates/template.xlsx",
        import_views.mandates_import_template,
        name="import-mandates-template",
    ),
    path(
        "convocations/<int:pk>/import/attendance/",
        import_views.attendance_import,
        name="import-attendance",
    ),
    path(
        "convocations/<int:pk>/import/attendance/template.xlsx",
        import_views.attendance_import_template,
        name="import-attendance-template",
    ),
]
