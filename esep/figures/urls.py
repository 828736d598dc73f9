from django.urls import path, re_path

from esep.figures import views

app_name = "figures"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    re_path(r"^chart/(?P<kind>trend|breakdown)\.svg$", views.chart, name="chart"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("drill/<str:code>/", views.drill, name="drill"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.freeze, name="freeze"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
]
