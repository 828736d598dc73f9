"""The figures pages read right in every language: labels that say what a figure counts,
no figure codes as text, Kazakh month names in lower case, the drill-down's columns named,
and no previous period beside a figure of today's state."""

import datetime as dt
import html
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from esep.figures.registry import registry
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
QUERY = {"scope": "atyrau", "start": "2021-01-01", "end": "2021-12-31"}
LANGUAGES = ["kk", "ru", "en"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def analyst(client, world, tree):
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    return client


class _Text(HTMLParser):
    """The text a reader sees: text nodes, not tags, attributes or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _Text()
    parser.feed(response.content.decode())
    return html.unescape(" ".join(parser.parts))


def url(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def test_no_figure_label_reads_as_a_date():
    """ "appeals.answered" counts appeals: not "Жауап берілген күні" / "Дата ответа"."""
    for code, figure in registry().items():
        with translation.override("kk"):
            assert "күні" not in str(figure.label), code
        with translation.override("ru"):
            assert "Дата" not in str(figure.label), code
    answered = registry()["appeals.answered"]
    with translation.override("kk"):
        assert str(answered.label) != "Жауап берілген күні"
    with translation.override("ru"):
        assert str(answered.label) != "Дата ответа"
    with translation.override("en"):
        assert str(answered.label) == "Appeals answered"


@pytest.mark.parametrize("language", LANGUAGES)
def test_figure_codes_are_not_shown_as_text(analyst, language):
    codes = list(registry())
    pages = [
        analyst.get(url(language, "figures:dashboard"), QUERY),
        analyst.get(url(language, "figures:drill", "appeals.received"), QUERY),
        analyst.get(url(language, "figures:drill", "appeals.resolved_positively_share"), QUERY),
        analyst.get(
            url(language, "figures:drill", "receptions.people_received"),  # a sum
            {**QUERY, "group": "kind:office"},
        ),
        analyst.get(
            url(language, "figures:drill", "appeals.received"),
            {**QUERY, "group": "channel:reception_office"},
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        text = visible_text(page)
        shown = [code for code in codes if code in text]
        assert not shown, (page.request["PATH_INFO"], shown)
        assert "reception_office" not in text and "people_received" not in text
        assert "kind:office" not in text and "channel:reception" not in text
    # Codes stay where a machine reads them: links.
    assert "appeals.received" in pages[0].content.decode()


def test_a_drill_down_names_its_group_as_the_dashboard_does(analyst):
    page = analyst.get(
        url("en", "figures:drill", "appeals.received"), {**QUERY, "group": "channel:hotline"}
    )
    assert "by channel: hotline" in visible_text(page)
    # A breakdown that does not apply to the records is no page (not a server error).
    none = analyst.get(
        url("en", "figures:drill", "receptions.held"), {**QUERY, "group": "channel:hotline"}
    )
    assert none.status_code == 404


def test_kazakh_month_names_are_lower_case(analyst):
    from esep.figures import grammar

    assert grammar.month(dt.date(2021, 3, 1), "kk") == "2021 ж. наурыз"
    dashboard = visible_text(analyst.get(url("kk", "figures:dashboard"), QUERY))
    assert "2021 ж. қаңтар" in dashboard
    drill = analyst.get(
        url("kk", "figures:drill", "appeals.received"), {**QUERY, "group": "month:2021-03"}
    )
    text = visible_text(drill)
    assert "2021 ж. наурыз" in text
    for name in (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ):
        assert name.capitalize() not in text, name


@pytest.mark.parametrize(
    ("code", "columns"),
    [
        ("appeals.received", 6),
        ("receptions.held", 5),
        ("control_posts.active", 3),
        ("control_posts.visits", 3),
        ("issues.taken_under_control", 3),
    ],
)
def test_the_drill_down_table_names_its_columns(analyst, code, columns):
    page = analyst.get(url("en", "figures:drill", code), QUERY)
    assert page.context["page"].paginator.count > 0
    body = page.content.decode()
    head = body[body.index("<thead>") : body.index("</thead>")]
    assert head.count('<th scope="col">') + head.count('<th scope="col" class="num">') == columns
    row = body[body.index("<tbody>") : body.index("</tr>", body.index("<tbody>"))]
    assert row.count("<td") == columns


def test_no_previous_period_beside_a_figure_of_today(analyst):
    page = analyst.get(url("en", "figures:dashboard"), QUERY)
    headline = {row.code: row for row, _change in page.context["headline"]}
    for code in ("appeals.overdue_now", "issues.overdue_now"):
        assert headline[code].now and headline[code].previous is None
        assert headline[code].value is not None
    assert headline["appeals.received"].previous == 1
    body = page.content.decode()
    previous = page.context["previous_query"]
    for code in ("appeals.overdue_now", "issues.overdue_now"):
        assert (
            f"{reverse('figures:drill', args=[code])}?{previous}".replace("&", "&amp;") not in body
        )
    assert (
        f"{reverse('figures:drill', args=['appeals.received'])}?{previous}".replace("&", "&amp;")
        in body
    )
    export = analyst.get(url("en", "figures:export", "csv"), {**QUERY, "table": "headline"})
    lines = {line.split(",")[0]: line.split(",") for line in export.content.decode().splitlines()}
    assert lines["appeals.overdue_now"][3] == ""
