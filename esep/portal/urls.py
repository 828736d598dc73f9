from django.urls import path, re_path

from esep.portal import (
    aid,
    assemblies,
    awards,
    elections,
    open_data,
    proposals,
    public,
    rating,
    rating_data,
    tracker,
    views,
)

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
    # the public promise tracker and its open data
    path("promises/", tracker.index, name="promises"),
    path("promises/<int:pk>/", tracker.promise_detail, name="promise"),
    path("promises/<int:pk>/demand.svg", tracker.demand_chart, name="promise-demand-chart"),
    path("promises/road-maps/<int:pk>/", tracker.road_map_detail, name="road-map"),
    path("promises/open-data/", open_data.page, name="open-data"),
    re_path(
        r"^promises/open-data/(?P<name>[a-z]+)\.(?P<fmt>csv|json)$",
        open_data.download,
        name="open-data-file",
    ),
    # the deputies' public rating, its methodology, the deputies' profiles and open data
    path("rating/", rating.index, name="rating"),
    path("rating/methodology/", rating.methodology, name="rating-methodology"),
    path("rating/deputies/", rating.directory, name="deputies"),
    path("rating/deputies/<int:person_id>/", rating.deputy, name="deputy"),
    re_path(
        r"^rating/(?P<month>[0-9]{4}-[0-9]{2})\.(?P<fmt>csv|json)$",
        rating_data.download,
        name="rating-file",
    ),
    # the party's assemblies: conferences, certified votes, published ballots, logs, primaries
    path("party/conferences/", assemblies.conferences, name="conferences"),
    path("party/conferences/<slug:code>/", assemblies.conference, name="conference"),
    path("party/primaries/<slug:code>/", assemblies.primaries, name="primaries"),
    path("party/polls/<int:pk>/ballots/", assemblies.poll_ballots, name="poll-ballots"),
    path(
        "party/polls/<int:pk>/ballots.csv", assemblies.poll_ballots_file, name="poll-ballots-file"
    ),
    path("party/log/<slug:code>/", assemblies.assembly_log, name="assembly-log"),
    path("party/log/<slug:code>.json", assemblies.assembly_log_file, name="assembly-log-file"),
    # the party's aid campaigns: families helped and the aid's value, counts by territory
    path("party/aid/", aid.campaigns, name="aid"),
    path("party/aid/<slug:code>/", aid.campaign, name="aid-campaign"),
    re_path(
        r"^party/aid/(?P<code>[-a-zA-Z0-9_]+)/households\.(?P<fmt>csv|json)$",
        aid.open_data,
        name="aid-open-data",
    ),
    # the party's awards: ceremonies and what was granted (names only by consent)
    path("party/awards/", awards.ceremonies, name="awards"),
    path("party/awards/<int:pk>/", awards.ceremony, name="ceremony"),
    # the certified results of public elections, by campaign and election, with a chart
    # ("results/": the staff's elections pages are at "elections/")
    path("results/", elections.index, name="elections"),
    path("results/campaigns/<slug:code>/", elections.campaign, name="campaign"),
    path("results/<slug:code>/", elections.election, name="election"),
    path("results/<slug:code>/votes.svg", elections.chart, name="election-chart"),
]
