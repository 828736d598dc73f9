from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict:
    """The current page in each language, for the switcher. Resolved here, within the
    request's own language, because the switch view itself runs outside the URL prefix."""
    path = request.get_full_path()
    return {
        "language_links": [
            (code, get_language_info(code)["name_local"], translate_url(path, code))
            for code, _name in settings.LANGUAGES
        ]
    }
