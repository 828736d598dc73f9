from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from esep.api import aid as aid_api
from esep.api import assemblies, deputies, popolo, programme, views
from esep.api import awards as awards_api
from esep.api import elections as elections_api
from esep.api import ethics as ethics_api
from esep.api import outreach as outreach_api

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("territories", views.TerritoryViewSet, basename="territory")
router.register("branches", views.BranchViewSet, basename="branch")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("state-bodies", views.StateBodyViewSet, basename="state-body")
router.register("people", views.PersonViewSet, basename="person")
router.register("appeals", views.AppealViewSet, basename="appeal")
router.register("receptions", views.ReceptionViewSet, basename="reception")
router.register("control-posts", views.ControlPostViewSet, basename="control-post")
router.register("issues", views.IssueViewSet, basename="issue")
router.register("instructions", views.InstructionViewSet, basename="instruction")
router.register("programmes", programme.ProgrammeViewSet, basename="programme")
router.register("promises", programme.PromiseViewSet, basename="promise")
router.register("road-maps", programme.RoadMapViewSet, basename="road-map")
router.register("measures", programme.MeasureViewSet, basename="measure")
router.register("indicators", programme.IndicatorViewSet, basename="indicator")
router.register("observations", programme.ObservationViewSet, basename="observation")
router.register("changes", programme.ChangeViewSet, basename="change")
router.register("proposals", programme.ProposalViewSet, basename="proposal")
router.register(
    "representative-bodies", deputies.RepresentativeBodyViewSet, basename="representative-body"
)
router.register("convocations", deputies.ConvocationViewSet, basename="convocation")
router.register("mandates", deputies.MandateViewSet, basename="mandate")
router.register("sittings", deputies.SittingViewSet, basename="sitting")
router.register("inquiries", deputies.InquiryViewSet, basename="inquiry")
router.register("initiatives", deputies.InitiativeViewSet, basename="initiative")
router.register("voter-reports", deputies.VoterReportViewSet, basename="voter-report")
router.register("corrections", deputies.CorrectionViewSet, basename="correction")
router.register("snapshots", deputies.SnapshotViewSet, basename="snapshot")
router.register("rating-branches", deputies.RatingBranchViewSet, basename="rating-branch")
router.register("rating-methods", deputies.MethodViewSet, basename="rating-method")
router.register("reports", views.PublishedReportViewSet, basename="report")
# The party's assemblies: conferences, their polls (and the primaries' vote), primaries.
router.register("conferences", assemblies.ConferenceViewSet, basename="conference")
router.register("polls", assemblies.PollViewSet, basename="poll")
router.register("primaries", assemblies.CampaignViewSet, basename="primaries")
# The party's awards: the catalogue and the nominations.
router.register("awards", awards_api.AwardViewSet, basename="award")
router.register("award-nominations", awards_api.NominationViewSet, basename="award-nomination")
# Outreach: campaigns, their plan, meetings with voters and door-to-door rounds.
router.register(
    "outreach-campaigns", outreach_api.OutreachCampaignViewSet, basename="outreach-campaign"
)
router.register("outreach-plans", outreach_api.OutreachPlanViewSet, basename="outreach-plan")
router.register(
    "outreach-meetings", outreach_api.OutreachMeetingViewSet, basename="outreach-meeting"
)
router.register("outreach-rounds", outreach_api.OutreachRoundViewSet, basename="outreach-round")
# Members' ethics cases.
router.register("ethics-cases", ethics_api.CaseViewSet, basename="ethics-case")
# Aid campaigns: campaigns and their money, families helped, deliveries, contributions.
router.register("aid-campaigns", aid_api.AidCampaignViewSet, basename="aid-campaign")
router.register("aid-households", aid_api.AidHouseholdViewSet, basename="aid-household")
router.register("aid-deliveries", aid_api.AidDeliveryViewSet, basename="aid-delivery")
router.register("aid-contributions", aid_api.AidContributionViewSet, basename="aid-contribution")
# Public elections: the certified ones to anyone, those in the user's scope to staff.
router.register("elections", elections_api.ElectionViewSet, basename="election")

# The index's list: every resource by its prefix, and the figures.
RESOURCES = [(prefix, f"api:{basename}-list") for prefix, _viewset, basename in router.registry]
RESOURCES.append(("figures", "api:figures"))

urlpatterns = [
    path("", views.IndexView.as_view(resources=RESOURCES), name="index"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles on its elements: allowed on this page only (its scripts
    # stay files served by esep).
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    # The party-list seats by Kazakhstan's rule for the votes given: public.
    path("seats/", elections_api.SeatsView.as_view(), name="seats"),
    # The deputies as open data in Popolo JSON: public.
    path("popolo.json", popolo.PopoloView.as_view(), name="popolo"),
    # A conference's or primaries' log checked: public, as the portal's check page.
    path("assembly-logs/<slug:code>/", assemblies.LogCheckView.as_view(), name="assembly-log"),
    path("", include(router.urls)),
    # Any other address under the API is its 404, in its error format (one without its
    # trailing slash is first sent to the one with it, as everywhere).
    re_path(r"^(?P<path>[\s\S]*/)$", views.not_found),
]
