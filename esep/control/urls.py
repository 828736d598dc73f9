from django.urls import path, re_path

from esep.control.instructions import views as instructions
from esep.control.issues import views as issues
from esep.control.meetings import views as meetings
from esep.control.posts import views as posts

app_name = "control"
urlpatterns = [
    path("posts/", posts.post_list, name="posts"),
    path("posts/new/", posts.post_new, name="post-new"),
    re_path(r"^posts/export\.(?P<fmt>csv|xlsx)$", posts.post_export, name="post-export"),
    path("posts/<int:pk>/", posts.post_detail, name="post"),
    path("posts/<int:pk>/photos/<int:photo_id>/", posts.visit_photo, name="photo"),
    path("posts/<int:pk>/<slug:name>/", posts.post_step, name="post-step"),
    path("issues/", issues.issue_list, name="issues"),
    path("issues/new/", issues.issue_new, name="issue-new"),
    re_path(r"^issues/export\.(?P<fmt>csv|xlsx)$", issues.issue_export, name="issue-export"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue"),
    path("issues/<int:pk>/<slug:name>/", issues.issue_step, name="issue-step"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting-new"),
    re_path(
        r"^meetings/export\.(?P<fmt>csv|xlsx)$", meetings.meeting_export, name="meeting-export"
    ),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/<slug:name>/", meetings.meeting_step, name="meeting-step"),
    path("instructions/", instructions.instruction_list, name="instructions"),
    path("instructions/new/", instructions.instruction_new, name="instruction-new"),
    re_path(
        r"^instructions/export\.(?P<fmt>csv|xlsx)$",
        instructions.instruction_export,
        name="instruction-export",
    ),
    path("instructions/<int:pk>/", instructions.instruction_detail, name="instruction"),
    path(
        "instructions/<int:pk>/reports/<int:report_id>/",
        instructions.report_file,
        name="report-file",
    ),
    path(
        "instructions/<int:pk>/<slug:name>/",
        instructions.instruction_step,
        name="instruction-step",
    ),
]
