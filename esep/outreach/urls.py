"""The outreach staff pages: campaigns, their plan lines, meetings with voters and
door-to-door rounds."""

from django.urls import path, re_path

from esep.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("new/", views.campaign_new, name="campaign-new"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.campaign_export, name="campaign-export"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/chart.svg", views.campaign_chart, name="campaign-chart"),
    path("<int:pk>/<slug:name>/", views.campaign_step, name="campaign-step"),
    path("plan/", views.plan_list, name="plans"),
    path("plan/new/", views.plan_new, name="plan-new"),
    re_path(r"^plan/export\.(?P<fmt>csv|xlsx)$", views.plan_export, name="plan-export"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/speakers/", views.speakers, name="speakers"),
    re_path(r"^meetings/export\.(?P<fmt>csv|xlsx)$", views.meeting_export, name="meeting-export"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round-new"),
    re_path(r"^rounds/export\.(?P<fmt>csv|xlsx)$", views.round_export, name="round-export"),
]
