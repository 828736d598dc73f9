from django.urls import path

from esep.programme.proposals import views as proposals

app_name = "programme"
urlpatterns = [
    # citizens' proposals
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/export.<str:fmt>", proposals.proposal_export, name="proposal-export"),
    path("proposals/new/", proposals.proposal_new, name="proposal-new"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/<str:name>/", proposals.proposal_step, name="proposal-step"),
]
