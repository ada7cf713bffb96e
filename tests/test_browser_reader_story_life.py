"""Corrections and the notice of a withdrawn article in a real headless
Chromium, with newsdesk.css: an Arabic article's corrections lay out right
to left with their rule on the right (the logical ``border-inline-start``),
an English article's on the same Arabic site left to right with the rule on
the left, and a withdrawn article's notice keeps the article's direction.
A failed test leaves a screenshot (tests/conftest.py)."""

from __future__ import annotations

import datetime
import os
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from newsdesk.models import Article, HijriMonthStart
from tests.conftest import chromium_page, save_screenshot_if_failed
from tests.factories import make_article, make_correction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MUSCAT = ZoneInfo("Asia/Muscat")
SEED_DAY = datetime.datetime(2025, 12, 7, 10, 30, tzinfo=MUSCAT)
NEXT_DAY_NOON = datetime.datetime(2025, 12, 8, 12, 0, tzinfo=MUSCAT)


@pytest.fixture
def articles():
    """Rows made before Playwright starts (see test_browser_reader_pages)."""
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    published = {"status": Article.Status.PUBLISHED, "published_at": SEED_DAY}
    arabic = make_article("ميناء الدقم يفتتح رصيفاً", language="ar", body="<p>افتتح الميناء.</p>", **published)
    make_correction(arabic, "الاسم الصحيح للوزير سالم.", published_at=NEXT_DAY_NOON)
    english = make_article("Duqm port opens a berth", body="<p>The port opened.</p>", **published)
    make_correction(english, "The minister is Salim, not Saleh.", published_at=NEXT_DAY_NOON)
    withdrawn = make_article("سحب خبر الميناء", language="ar", **published)
    withdrawn.withdraw("سحبت الوكالة الخبر.", when=NEXT_DAY_NOON)
    withdrawn.save()
    return arabic, english, withdrawn


@pytest.fixture
def page(request):
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        with chromium_page() as page:
            page.set_default_timeout(15_000)
            page.set_viewport_size({"width": 1366, "height": 900})
            page.set_extra_http_headers({"Accept-Language": "ar"})
            yield page
            save_screenshot_if_failed(request, page)


def _style(page, selector: str, *names: str) -> dict[str, str]:
    return page.eval_on_selector(
        selector,
        "(element, names) => { const s = getComputedStyle(element);"
        " return Object.fromEntries(names.map(n => [n, s.getPropertyValue(n)])); }",
        list(names),
    )


def _rule_sides(page, selector: str) -> tuple[str, str]:
    style = _style(page, selector, "border-left-width", "border-right-width")
    return style["border-left-width"], style["border-right-width"]


def test_an_arabic_articles_corrections_run_right_to_left(live_server, articles, page):
    arabic, _, _ = articles
    page.goto(f"{live_server.url}{arabic.get_absolute_url()}")
    section = "section.newsdesk-corrections"
    assert _style(page, section, "direction")["direction"] == "rtl"
    # The accent rule is at the start of the line: on the right in Arabic.
    assert _rule_sides(page, section) == ("0px", "3px")
    assert page.locator(".newsdesk-correction__text").inner_text() == "الاسم الصحيح للوزير سالم."
    # The kind's text hugs the right edge of the section's content box.
    box = page.locator(section).bounding_box()
    kind = page.locator(".newsdesk-correction__kind").bounding_box()
    padding = float(_style(page, section, "padding-right")["padding-right"].removesuffix("px"))
    assert abs((box["x"] + box["width"] - 3 - padding) - (kind["x"] + kind["width"])) < 2


def test_an_english_articles_corrections_run_left_to_right_on_the_arabic_site(live_server, articles, page):
    _, english, _ = articles
    page.goto(f"{live_server.url}{english.get_absolute_url()}")
    assert _style(page, "html", "direction")["direction"] == "rtl"
    section = "section.newsdesk-corrections"
    assert _style(page, section, "direction")["direction"] == "ltr"
    assert _rule_sides(page, section) == ("3px", "0px")
    assert page.locator(".newsdesk-correction__kind").inner_text().casefold() == "correction"


def test_a_withdrawn_arabic_article_shows_its_notice_right_to_left(live_server, articles, page):
    _, _, withdrawn = articles
    response = page.goto(f"{live_server.url}{withdrawn.get_absolute_url()}")
    assert response.status == 410
    assert _style(page, "article.newsdesk-withdrawn", "direction")["direction"] == "rtl"
    assert page.locator("h1.newsdesk-withdrawn__headline").inner_text() == "سحب خبر الميناء"
    assert page.locator(".newsdesk-withdrawn__reason").inner_text() == "سحبت الوكالة الخبر."
    assert _rule_sides(page, ".newsdesk-withdrawn__reason") == ("0px", "3px")
