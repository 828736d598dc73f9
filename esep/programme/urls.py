from django.urls import path, re_path

from esep.programme.plans import import_views
from esep.programme.plans import views as plans
from esep.programme.proposals import views as proposals

app_name = "programme"
urlpatterns = [
    path("promises/", plans.promise_list, name="promises"),
    re_path(r"^promises/export\.(?P<fmt>csv|xlsx)$", plans.promise_export, name="promise-export"),
    path("promises/<int:pk>/", plans.promise_detail, name="promise"),
    path("promises/<int:pk>/<slug:name>/", plans.promise_step, name="promise-step"),
    path("programmes/new/", plans.programme_new, name="programme-new"),
    path("programmes/<int:pk>/", plans.programme_detail, name="programme"),
    path("programmes/<int:pk>/<slug:name>/", plans.programme_step, name="programme-step"),
    path("road-maps/", plans.road_map_list, name="road-maps"),
    path("road-maps/new/", plans.road_map_new, name="road-map-new"),
    re_path(
        r"^road-maps/export\.(?P<fmt>csv|xlsx)$", plans.road_map_export, name="road-map-export"
    ),
    path("road-maps/<int:pk>/", plans.road_map_detail, name="road-map"),
    path("road-maps/<int:pk>/<slug:name>/", plans.road_map_step, name="road-map-step"),
    path("measures/", plans.measure_list, name="measures"),
    re_path(r"^measures/export\.(?P<fmt>csv|xlsx)$", plans.measure_export, name="measure-export"),
    path("measures/<int:pk>/", plans.measure_detail, name="measure"),
    path(
        "measures/<int:pk>/observations/<int:observation_id>/",
        plans.observation_document,
        name="observation-document",
    ),
    path("measures/<int:pk>/<slug:name>/", plans.measure_step, name="measure-step"),
    path("changes/", plans.change_list, name="changes"),
    re_path(r"^changes/export\.(?P<fmt>csv|xlsx)$", plans.change_export, name="change-export"),
    path("changes/<int:pk>/", plans.change_detail, name="change"),
    path(
        "changes/<int:pk>/evidence/<int:evidence_id>/",
        plans.evidence_document,
        name="evidence-document",
    ),
    path("changes/<int:pk>/<slug:name>/", plans.change_step, name="change-step"),
    # citizens' proposals
    path("proposals/", proposals.proposal_list, name="proposals"),
    re_path(
        r"^proposals/export\.(?P<fmt>csv|xlsx)$", proposals.proposal_export, name="proposal-export"
    ),
    path("proposals/new/", proposals.proposal_new, name="proposal-new"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/<slug:name>/", proposals.proposal_step, name="proposal-step"),
]

# a road map's spreadsheet imports (plans/import_views.py)
urlpatterns += [
    path("imports/<int:pk>/", import_views.import_job, name="import-job"),
    path("imports/road-maps/<int:pk>/", import_views.road_map_import, name="road-map-import"),
    path(
        "imports/road-maps/<int:pk>/template.xlsx",
        import_views.road_map_import_template,
        name="road-map-import-template",
    ),
    path(
        "imports/road-maps/<int:pk>/observations/",
        import_views.observations_import,
        name="observations-import",
    ),
    path(
        "imports/road-maps/<int:pk>/observations/template.xlsx",
        import_views.observations_import_template,
        name="observations-import-template",
    ),
    re_path(
        r"^imports/road-maps/(?P<pk>\d+)/observations\.(?P<fmt>csv|xlsx)$",
        import_views.observations_export,
        name="observations-export",
    ),
]
