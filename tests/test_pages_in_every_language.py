"""Every page of esep, read in Kazakh, Russian and English on the demo's data as several
roles and an anonymous visitor see it: it opens, its element ids are unique (a label leads
to its own field), and a Kazakh or Russian page has no English of the catalogs left on it.

The pages are found as a user finds them: from the home page and the pages a role starts
on, following the links, each kind of page (language, URL pattern) read once or twice, so
that every page of the URLconf is read without reading thousands. The browser's crawl
(tests/browser/test_crawl.py) does the same at a phone's width."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from esep.access.models import User
from esep.appeals.models import Appeal
from tests.pages import (
    LANGUAGES,
    SKIPPED_NAMESPACES,
    SKIPPED_VIEWS,
    Frontier,
    duplicate_ids,
    english_left,
    kind,
    read,
)

pytestmark = [pytest.mark.django_db, pytest.mark.whole_site]

# The roles read, each in the languages read as it: each role sees other steps, lists and
# menus; a page's ids and whether it opens do not depend on the language.
USERS = {
    None: LANGUAGES,
    "admin": LANGUAGES,
    "atyrau.officer": ("kk",),
    "kostanay.analyst": ("ru",),
    "atyrau.deputy": ("kk",),
    "kostanay.statebody": ("ru",),
    # A conference's delegates: their own votes (no role; their person is on the roll) —
    # one still to register, one registered who has not voted yet.
    "kostanay.delegate": ("kk", "ru"),
    "kostanay.voter": ("kk", "ru"),
}


# Addresses no link leads to: typed in, or sent in a message.
def typed(language: str, tracking_code: str) -> list[str]:
    return [
        f"/{language}/",
        f"/{language}/submit/",
        f"/{language}/track/",
        f"/{language}/track/{tracking_code}/",
        f"/{language}/accounts/login/",
        f"/{language}/accounts/me/",
    ]


# Views of the URLconf that are not pages to open: the steps and other POSTs, and pages
# reached only with a one-time token or code from a message, or right after a submission.
NOT_OPENED = {
    "api-token-revoke",
    "two-factor-verify",
    "two-factor-codes",
    "password_reset_confirm",
    "password_reset_done",
    "password_reset_complete",
    "portal:receipt",
    "portal:rate",
    "portal:dispute",
    "portal:stop-news",
    "portal:proposal-receipt",
    "org:person-step",
    "appeals:bulk-assign",
    "appeals:link",
    "appeals:attach",
    "appeals:step",
    "appeals:import-job",
    "programme:import-job",
    "deputies:import-job",
    "assemblies:delegate-import-job",
    "elections:protocol-import-job",
    "receptions:step",
    "deputies:correction-step",
    "deputies:rating-branch-step",
    "control:post-step",
    "control:issue-step",
    "control:meeting-step",
    "control:instruction-step",
    "programme:proposal-step",
    "programme:programme-step",
    "programme:promise-step",
    "programme:road-map-step",
    "programme:measure-step",
    "programme:change-step",
    "deputies:body-step",
    "deputies:convocation-step",
    "deputies:sitting-step",
    "deputies:mandate-step",
    "deputies:inquiry-step",
    "assemblies:conference-step",
    "assemblies:minutes-step",
    "assemblies:campaign-step",
    "elections:election-step",
    "figures:freeze",
    "figures:report-edit",
    "start",  # where signing in leads: it sends each user on to their own work
    # The polls' steps, a delegate's online registration (POSTs) and the candidate picker's
    # matches (a fragment the picker asks for as a name is typed).
    "assemblies:console-step",
    "assemblies:poll-step",
    "assemblies:my-votes-register",
    "assemblies:poll-people",
    "api-token",  # the form that makes a token posts here
    # Members' party life: the records' steps (POSTs), an import's job page (reached right
    # after an upload) and the speakers' picker (a fragment asked for as a name is typed).
    "ethics:case-step",
    "awards:nomination-step",
    "awards:ceremony-step",
    "aid:campaign-step",
    "aid:household-step",
    "aid:import-job",
    "outreach:campaign-step",
    "outreach:speakers",
}


def page_views() -> set[str]:
    def walk(patterns: list, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None)) - SKIPPED_VIEWS - {"root"}


def crawl(client: Client, seeds: list[str], queries: bool) -> tuple[set[str], list[str]]:
    """The views read, and what is wrong on the pages read."""
    frontier = Frontier(seeds, per_kind=1, queries=queries)
    views, problems = set(), []
    for address in frontier:
        response = client.get(address)
        if response.status_code in (301, 302):
            frontier.add([response["Location"]], base=address)
            continue
        if response.status_code != 200:
            found_on = frontier.found_on[address]
            problems.append(f"{address} (a link on {found_on}): {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        what = kind(address)
        assert what is not None
        views.add(what[1])
        reading = read(response.content.decode())
        frontier.add(reading.links, base=address)
        if duplicates := duplicate_ids(reading):
            problems.append(f"{address}: ids used twice: {duplicates}")
        if english := english_left(what[0], reading.text):
            problems.append(f"{address}: English left: {english}")
    return views, problems


def test_every_page_opens_in_each_language_with_unique_ids_and_no_english_left(demo):
    code = Appeal.objects.filter(answered_at__isnull=False).first().tracking_code  # type: ignore[union-attr]
    seen: set[str] = set()
    problems: list[str] = []
    for username, languages in USERS.items():
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        seeds = [address for language in languages for address in typed(language, code)]
        views, found = crawl(client, seeds, queries=username == "admin")
        seen |= views
        problems += [f"{username or 'anonymous'} {problem}" for problem in found]
    assert not problems, "\n".join(problems)
    assert page_views() - NOT_OPENED - seen == set(), "pages the crawl never reached"
