"""The whole site on a phone: the demo's data, an anonymous visitor and several roles, every
kind of page reached by following links (tests/pages.py says which and how many), each
read in Chromium at 375 px wide and at 1280. Every page fits the phone's width and the
desktop's (nothing wider than the screen but a table scrolling in its own box), no form's
field or button lies over another form (a tap lands in the form it shows), and a Kazakh or
Russian page has no English of the catalogs left on it."""

from __future__ import annotations

import time

import pytest

from tests.pages import Frontier, english_left, kind, read

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "esep-demo-2026"  # esep.demo.access.DEMO_PASSWORD

# Who reads the site, in which languages. Each role sees its own menus, lists and steps;
# the layout does not depend on who reads, so each role reads in one language: the admin,
# who reaches nearly every page, in Kazakh (the longest words), the others in Russian and
# English, the public pages in all three. Which English is left in every language on every
# page is tests/test_pages_in_every_language.py's to say, without a browser.
READERS = [
    (None, ("kk", "ru", "en")),
    ("admin", ("kk",)),
    ("atyrau.officer", ("ru",)),
    ("kostanay.analyst", ("ru",)),
    ("atyrau.deputy", ("en",)),
    ("kostanay.statebody", ("kk",)),
    ("kostanay.delegate", ("ru",)),
]
TYPED = ["/{}/", "/{}/submit/", "/{}/track/", "/{}/accounts/login/"]

# The page's width, and each form control that lies over another form's box.
MEASURE = """() => {
  const width = document.documentElement.scrollWidth;
  const forms = [...document.querySelectorAll("form")]
    .map(form => [form, form.getBoundingClientRect()])
    .filter(([form, box]) => box.width > 0 && box.height > 0 && form.checkVisibility());
  const over = [];
  for (const [form, box] of forms) {
    for (const control of form.querySelectorAll("input, select, textarea, button")) {
      const own = control.getBoundingClientRect();
      if (control.type === "hidden" || own.width === 0 || !control.checkVisibility()) continue;
      for (const [other, theirs] of forms) {
        if (other === form || other.contains(form) || form.contains(other)) continue;
        const x = Math.min(own.right, theirs.right) - Math.max(own.left, theirs.left);
        const y = Math.min(own.bottom, theirs.bottom) - Math.max(own.top, theirs.top);
        if (x > 1 && y > 1) over.push(`${control.name || control.textContent.trim()} of ${form.id || form.action} over ${other.id || other.action}`);
      }
    }
  }
  return {width, over};
}"""


def log_in(page, base: str, username: str) -> str:
    page.goto(f"{base}/en/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return page.url.removeprefix(base)


def test_every_page_fits_a_phone_has_no_form_over_another_and_no_english_left(
    demo, browser, live_server
):
    started = time.monotonic()
    problems: list[str] = []
    pages = 0
    for username, languages in READERS:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(15_000)
        seeds = [typed.format(language) for language in languages for typed in TYPED]
        if username:
            landing = log_in(page, live_server.url, username)
            seeds = [landing.replace("/en/", f"/{language}/", 1) for language in languages] + seeds
        frontier = Frontier(seeds, per_kind=1, queries=username == "admin")
        for address in frontier:
            response = page.goto(live_server.url + address)
            reader = username or "anonymous"
            if response is None or response.status >= 400:
                status = response.status if response else "no response"
                found_on = frontier.found_on[address]
                problems.append(f"{reader} {address} (a link on {found_on}): {status}")
                continue
            pages += 1
            here = page.url.removeprefix(live_server.url)
            reading = read(page.content())
            frontier.add(reading.links, base=here)
            phone = page.evaluate(MEASURE)
            page.set_viewport_size(DESKTOP)
            desktop = page.evaluate(MEASURE)
            page.set_viewport_size(PHONE)
            if phone["width"] > PHONE["width"]:
                problems.append(f"{reader} {here}: {phone['width']} px wide on a phone")
            if desktop["width"] > DESKTOP["width"]:
                problems.append(f"{reader} {here}: {desktop['width']} px wide on a desktop")
            for over in {*phone["over"], *desktop["over"]}:
                problems.append(f"{reader} {here}: {over}")
            what = kind(here)
            if what and (english := english_left(what[0], reading.text)):
                problems.append(f"{reader} {here}: English left: {english}")
        context.close()
    assert not problems, "\n".join(problems)
    assert pages > 150, "the crawl should read the whole site"
    print(f"{pages} pages in {time.monotonic() - started:.0f} s")
