from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import check_for_language


def root(request: HttpRequest) -> HttpResponse:
    """The bare address opens the site in the language the visitor chose before, or in
    Kazakh: the browser's own preference does not override the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{language}/")
