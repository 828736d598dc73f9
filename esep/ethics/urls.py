"""The ethics staff pages (and the member's own cases)."""

from django.urls import path, re_path

from esep.ethics import views

app_name = "ethics"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("new/", views.case_new, name="case-new"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.case_export, name="case-export"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/<slug:name>/", views.case_step, name="case-step"),
]
