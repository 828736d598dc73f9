from django.urls import path, re_path

from esep.control import views

app_name = "control"
urlpatterns = [
    path("posts/", views.post_list, name="posts"),
    path("posts/new/", views.post_new, name="post-new"),
    re_path(r"^posts/export\.(?P<fmt>csv|xlsx)$", views.post_export, name="post-export"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/photos/<int:photo_id>/", views.visit_photo, name="photo"),
    path("posts/<int:pk>/<slug:name>/", views.post_step, name="post-step"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/new/", views.issue_new, name="issue-new"),
    re_path(r"^issues/export\.(?P<fmt>csv|xlsx)$", views.issue_export, name="issue-export"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/<slug:name>/", views.issue_step, name="issue-step"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    re_path(r"^meetings/export\.(?P<fmt>csv|xlsx)$", views.meeting_export, name="meeting-export"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/<slug:name>/", views.meeting_step, name="meeting-step"),
    path("instructions/", views.instruction_list, name="instructions"),
    path("instructions/new/", views.instruction_new, name="instruction-new"),
    re_path(
        r"^instructions/export\.(?P<fmt>csv|xlsx)$",
        views.instruction_export,
        name="instruction-export",
    ),
    path("instructions/<int:pk>/", views.instruction_detail, name="instruction"),
    path("instructions/<int:pk>/reports/<int:report_id>/", views.report_file, name="report-file"),
    path("instructions/<int:pk>/<slug:name>/", views.instruction_step, name="instruction-step"),
]
