from django.urls import path, re_path

from esep.org import views

app_name = "org"
urlpatterns = [
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/<slug:code>/", views.branch_detail, name="branch-detail"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("people/", views.person_list, name="person-list"),
    re_path(r"^people/export\.(?P<fmt>csv|xlsx)$", views.person_export, name="person-export"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/<slug:name>/", views.person_step, name="person-step"),
    path("territories/", views.territory_list, name="territory-list"),
    path("personal-data-access/", views.access_list, name="access-list"),
    re_path(
        r"^personal-data-access/export\.(?P<fmt>csv|xlsx)$",
        views.access_export,
        name="access-export",
    ),
]
