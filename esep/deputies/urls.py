"""The deputies' staff pages, each part's patterns in its own package."""

from esep.deputies.months.urls import patterns as months
from esep.deputies.registry.import_urls import patterns as imports
from esep.deputies.registry.urls import patterns as registry

app_name = "deputies"
urlpatterns = [*registry, *imports, *months]
