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
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/report.xlsx", views.report_xlsx, name="report-xlsx"),
    re_path(
        r"^reports/(?P<pk>\d+)/chart-(?P<kind>counts|shares)\.svg$",
        views.report_chart,
        name="report-chart",
    ),
    path("public/", views.public_figures, name="public"),
    re_path(
        r"^public/chart-(?P<kind>territories|months)\.svg$",
        views.public_chart,
        name="public-chart",
    ),
]
