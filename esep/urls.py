from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from esep.frame.views import root

urlpatterns: list[URLPattern | URLResolver] = [
    path("", root, name="root"),
    path("i18n/setlang/", set_language, name="set_language"),
    # Machine interfaces: no language prefix; they answer in the Accept-Language asked for.
    path("api/v1/", include("esep.api.urls")),
    path("open311/v2/", include("esep.open311.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("esep.portal.urls")),
    path("accounts/", include("esep.access.urls")),
    path("org/", include("esep.org.urls")),
    path("appeals/", include("esep.appeals.urls")),
    path("receptions/", include("esep.receptions.urls")),
    path("control/", include("esep.control.urls")),
    path("programme/", include("esep.programme.urls")),
    path("deputies/", include("esep.deputies.urls")),
    path("assemblies/", include("esep.assemblies.urls")),
    path("ethics/", include("esep.ethics.urls")),
    path("awards/", include("esep.awards.urls")),
    path("aid/", include("esep.aid.urls")),
    path("outreach/", include("esep.outreach.urls")),
    path("elections/", include("esep.elections.urls")),
    path("figures/", include("esep.figures.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
