"""The awards' staff pages: nominations, ceremonies, certificates."""

from django.urls import path, re_path

from esep.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.nomination_list, name="nominations"),
    path("new/", views.nomination_new, name="nomination-new"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.nomination_export, name="nomination-export"),
    path("<int:pk>/", views.nomination_detail, name="nomination"),
    path("<int:pk>/certificate-<str:language>.pdf", views.certificate, name="certificate"),
    path("<int:pk>/<slug:name>/", views.nomination_step, name="nomination-step"),
    path("ceremonies/", views.ceremony_list, name="ceremonies"),
    path("ceremonies/new/", views.ceremony_new, name="ceremony-new"),
    re_path(
        r"^ceremonies/export\.(?P<fmt>csv|xlsx)$",
        views.ceremony_export,
        name="ceremony-export",
    ),
    path("ceremonies/<int:pk>/", views.ceremony_detail, name="ceremony"),
    path("ceremonies/<int:pk>/<slug:name>/", views.ceremony_step, name="ceremony-step"),
]
