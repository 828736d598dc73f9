"""The aid staff pages (mounted at /<lang>/aid/): the campaigns and their export, creating
one, a campaign's page and its steps, its imports and their templates; the families helped
and their export, registering one, a household's page and its steps; recording a delivery
and a contribution from their own pages; an import job's progress."""

from django.urls import URLPattern, path, re_path

from esep.aid import import_views, views

app_name = "aid"
CAMPAIGN = "campaigns/<slug:pk>/"
HOUSEHOLD = "households/<int:pk>/"

urlpatterns: list[URLPattern] = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    re_path(
        r"^campaigns/export\.(?P<fmt>csv|xlsx)$", views.campaign_export, name="campaign-export"
    ),
    path("campaigns/new/", views.campaign_new, name="campaign-new"),
    path("households/", views.household_list, name="households"),
    re_path(
        r"^households/export\.(?P<fmt>csv|xlsx)$", views.household_export, name="household-export"
    ),
    path("households/new/", views.household_new, name="household-new"),
    path(HOUSEHOLD, views.household_detail, name="household"),
    path(f"{HOUSEHOLD}<slug:name>/", views.household_step, name="household-step"),
    path("deliveries/new/", views.delivery_new, name="delivery-new"),
    path("contributions/new/", views.contribution_new, name="contribution-new"),
    path("imports/<int:pk>/", import_views.import_job, name="import-job"),
    # A campaign is addressed by its code (the views' argument keeps the pages' name, pk).
    path(CAMPAIGN, views.campaign_detail, name="campaign"),
    path(f"{CAMPAIGN}import/households/", import_views.households_import, name="import-households"),
    path(
        f"{CAMPAIGN}import/households/template.xlsx",
        import_views.households_import_template,
        name="import-households-template",
    ),
    path(f"{CAMPAIGN}import/deliveries/", import_views.deliveries_import, name="import-deliveries"),
    path(
        f"{CAMPAIGN}import/deliveries/template.xlsx",
        import_views.deliveries_import_template,
        name="import-deliveries-template",
    ),
    path(f"{CAMPAIGN}<slug:name>/", views.campaign_step, name="campaign-step"),
]
