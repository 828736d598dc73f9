from django.urls import path, re_path

from esep.receptions import views

app_name = "receptions"
urlpatterns = [
    path("", views.reception_list, name="list"),
    path("new/", views.plan, name="plan"),
    path("schedule/", views.public_schedule, name="schedule"),
    path("schedule/week/", views.public_week, name="week"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:name>/", views.step, name="step"),
]
