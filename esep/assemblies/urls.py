"""The assemblies' staff pages, each part's patterns in its own package."""

from esep.assemblies.conferences.urls import patterns as conferences
from esep.assemblies.polls.urls import patterns as polls
from esep.assemblies.primaries.urls import patterns as primaries

app_name = "assemblies"
urlpatterns = [*conferences, *polls, *primaries]
