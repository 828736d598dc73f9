from django.urls import path

from esep.portal import proposals, public, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", public.submit, name="submit"),
    path("submit/<str:code>/receipt/", public.receipt, name="receipt"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.track_detail, name="track-detail"),
    path("track/<str:code>/rate/", public.rate, name="rate"),
    path("track/<str:code>/dispute/", public.dispute, name="dispute"),
    path("track/<str:code>/stop/<str:token>/", public.stop_news, name="stop-news"),
    # citizens' proposals to the programme
    path("proposals/", proposals.submit, name="proposal-submit"),
    path("proposals/track/", proposals.track, name="proposal-track"),
    path("proposals/track/<str:code>/", proposals.track_detail, name="proposal-track-detail"),
    path("proposals/<str:code>/receipt/", proposals.receipt, name="proposal-receipt"),
]
