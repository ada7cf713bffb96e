"""Reader pages in a real headless Chromium: an Arabic list and article lay
out right to left (the computed ``direction``, not just the attribute), the
Arabic dual date shows, and an English story on the same Arabic site stays
left to right.  A failed test leaves a screenshot (tests/conftest.py)."""

from __future__ import annotations

import datetime
import os
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from newsdesk.models import Article, HijriMonthStart
from tests.conftest import chromium_page, save_screenshot_if_failed
from tests.factories import afp, make_article
from tests.wire_import_support import ensure_wire_credits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_DAY = datetime.datetime(2025, 12, 7, 10, 30, tzinfo=ZoneInfo("Asia/Muscat"))


def _direction(page, selector: str) -> str:
    return page.eval_on_selector(selector, "element => getComputedStyle(element).direction")


@pytest.fixture
def articles():
    """Rows made before Playwright starts (see test_browser_admin_import).
    Oman began Jumada al-akhirah 1447 on 23 November 2025, so the seed day
    is the 15th, as the seed page prints it."""
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))
    ensure_wire_credits()  # a transactional test starts with no migrated rows
    afp_credit = afp()
    arabic = make_article(
        "مسقط تستضيف معرض الكتاب", language="ar", status=Article.Status.PUBLISHED,
        published_at=SEED_DAY, dateline="مسقط", credit=afp_credit,
        body="<p>افتتح معرض مسقط الدولي للكتاب أبوابه صباح اليوم.</p>",
    )
    english = make_article(
        "Muscat book fair opens", language="en", status=Article.Status.PUBLISHED,
        published_at=SEED_DAY - datetime.timedelta(hours=1), dateline="MUSCAT", credit=afp_credit,
        body="<p>The Muscat International Book Fair opened this morning.</p>",
    )
    return arabic, english


@pytest.fixture
def page(request):
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        with chromium_page() as page:
            page.set_default_timeout(15_000)
            page.set_viewport_size({"width": 1366, "height": 900})
            yield page
            save_screenshot_if_failed(request, page)


def _text_box(page, selector: str) -> dict:
    """Where the text of the element sits (a block's own box spans the line)."""
    return page.eval_on_selector(
        selector,
        """element => { const range = document.createRange(); range.selectNodeContents(element);
                        const r = range.getBoundingClientRect(); return {x: r.x, width: r.width}; }""",
    )


def _arabic(page) -> None:
    page.set_extra_http_headers({"Accept-Language": "ar"})


def test_arabic_list_is_right_to_left(live_server, articles, page):
    _arabic(page)
    page.goto(f"{live_server.url}/news/")
    assert _direction(page, "html") == "rtl"
    assert page.locator("h1.newsdesk-list__title").inner_text() == "آخر الأخبار"
    arabic_teaser = page.locator("article.newsdesk-teaser[lang=ar]")
    english_teaser = page.locator("article.newsdesk-teaser[lang=en]")
    assert _direction(page, "article.newsdesk-teaser[lang=ar]") == "rtl"
    assert _direction(page, "article.newsdesk-teaser[lang=en]") == "ltr"
    # Right to left means the Arabic headline hugs the right edge of its box.
    box = arabic_teaser.bounding_box()
    headline = arabic_teaser.locator("h2 a").bounding_box()
    assert abs((box["x"] + box["width"]) - (headline["x"] + headline["width"])) < 2
    english_headline = english_teaser.locator("h2 a").bounding_box()
    assert abs(english_teaser.bounding_box()["x"] - english_headline["x"]) < 2


def test_arabic_article_is_right_to_left_with_the_arabic_dual_date(live_server, articles, page):
    arabic, _ = articles
    _arabic(page)
    page.goto(f"{live_server.url}{arabic.get_absolute_url()}")
    assert _direction(page, "article.newsdesk-article") == "rtl"
    assert page.locator("time.newsdesk-dual-date").inner_text() == (
        "الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ"
    )
    assert page.locator(".newsdesk-article__credit").inner_text() == "المصدر: AFP"
    # The headline's text hugs the right edge of the article.
    article_box = page.locator("article.newsdesk-article").bounding_box()
    headline_text = _text_box(page, "h1.newsdesk-article__headline")
    assert headline_text["width"] < article_box["width"] - 100
    right_edge = article_box["x"] + article_box["width"]
    assert abs(right_edge - (headline_text["x"] + headline_text["width"])) < 2


def test_english_article_on_the_arabic_site_stays_left_to_right(live_server, articles, page):
    _, english = articles
    _arabic(page)
    page.goto(f"{live_server.url}{english.get_absolute_url()}")
    assert _direction(page, "html") == "rtl"
    assert _direction(page, "article.newsdesk-article") == "ltr"
    assert _direction(page, ".newsdesk-article__body p") == "ltr"
    assert page.locator("time.newsdesk-dual-date").inner_text() == (
        "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
    )
    # The headline's text starts at the left edge of the article.
    article_box = page.locator("article.newsdesk-article").bounding_box()
    headline_text = _text_box(page, "h1.newsdesk-article__headline")
    assert headline_text["width"] < article_box["width"] - 100
    assert abs(article_box["x"] - headline_text["x"]) < 2
