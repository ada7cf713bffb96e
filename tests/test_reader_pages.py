"""Reader pages on an Arabic-first site: language, direction, the dual date
in the article's language, and markup that prints nothing empty.

The pages follow ``Accept-Language`` through Django's ``LocaleMiddleware``
(tests/settings.py has it, as a real bilingual site would).  Arabic strings
below were checked against the catalogue by hand, not copied from output.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.models import Article, HijriMonthStart, language_direction
from tests.factories import afp, make_caption, make_published

pytestmark = pytest.mark.django_db

MUSCAT = ZoneInfo("Asia/Muscat")
#: Sunday 7 December 2025: 15 Jumada al-akhirah 1447 in Oman, where the
#: month began a day after Umm al-Qura's (16th) — the seed page's date bar.
SEED_DAY = datetime.datetime(2025, 12, 7, 10, 30, tzinfo=MUSCAT)


@pytest.fixture(autouse=True)
def oman_month_start():
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))


def _html_tag(content: str) -> str:
    match = re.search(r"<html[^>]*>", content)
    assert match, content[:200]
    return match.group(0)


def _get(client, url: str, language: str = "en") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


# --- direction --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "direction"),
    [("ar", "rtl"), ("ar-om", "rtl"), ("AR", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("he", "rtl"),
     ("en", "ltr"), ("en-gb", "ltr"), ("fr", "ltr"), ("", "ltr"), (None, "ltr"), ("arc", "ltr")],
)
def test_language_direction(code, direction):
    assert language_direction(code) == direction


# --- the list ---------------------------------------------------------------------------


def test_arabic_list_is_arabic_and_right_to_left(client):
    make_published("مسقط تستضيف المعرض", language="ar", dateline="مسقط")
    content = _get(client, "/news/", "ar")
    assert _html_tag(content) == '<html lang="ar" dir="rtl">'
    assert "<title>آخر الأخبار</title>" in content
    assert '<h1 class="newsdesk-list__title">آخر الأخبار</h1>' in content
    assert "Latest news" not in content
    assert '<article class="newsdesk-teaser" lang="ar" dir="rtl">' in content


def test_empty_list_says_so_in_arabic(client):
    content = _get(client, "/news/", "ar")
    assert '<p class="newsdesk-list__empty">لا توجد مقالات منشورة بعد.</p>' in content


def test_english_list_is_left_to_right(client):
    make_published("Muscat hosts the fair")
    content = _get(client, "/news/", "en")
    assert _html_tag(content) == '<html lang="en" dir="ltr">'
    assert "<title>Latest news</title>" in content
    assert '<article class="newsdesk-teaser" lang="en" dir="ltr">' in content


def test_each_teaser_keeps_its_own_language_on_a_mixed_list(client):
    make_published("Muscat hosts the fair")
    make_published("مسقط تستضيف المعرض", language="ar")
    content = _get(client, "/news/", "ar")
    assert _html_tag(content) == '<html lang="ar" dir="rtl">'
    assert '<article class="newsdesk-teaser" lang="en" dir="ltr">' in content
    assert '<article class="newsdesk-teaser" lang="ar" dir="rtl">' in content


def test_teaser_without_a_credit_prints_no_dangling_separator(client):
    make_published("Rain in Salalah", dateline="SALALAH")
    content = _get(client, "/news/")
    assert '<span class="newsdesk-teaser__dateline">SALALAH</span>' in content
    assert "newsdesk-teaser__separator" not in content
    assert "newsdesk-teaser__credit" not in content


def test_teaser_without_a_dateline_prints_no_separator_either(client):
    make_published("Port traffic grows", credit=afp())
    content = _get(client, "/news/")
    assert '<span class="newsdesk-teaser__credit">AFP</span>' in content
    assert "newsdesk-teaser__separator" not in content


def test_pagination_is_translated(client):
    for number in range(25):  # 20 a page
        make_published(f"story {number}")
    first = _get(client, "/news/", "ar")
    assert 'rel="next" href="?page=2">أقدم</a>' in first
    assert "الصفحة 1 من 2" in first
    second = _get(client, "/news/?page=2", "ar")
    assert 'rel="prev" href="?page=1">أحدث</a>' in second


# --- the article page ----------------------------------------------------------------


def test_arabic_article_prints_the_arabic_dual_date(client):
    article = make_published("مسقط تستضيف المعرض", language="ar", published_at=SEED_DAY)
    content = _get(client, article.get_absolute_url(), "ar")
    assert '<article class="newsdesk-article" lang="ar" dir="rtl">' in content
    assert (
        '<time class="newsdesk-dual-date" datetime="2025-12-07T10:30:00+04:00">'
        "الأحد 7 ديسمبر 2025 | 15 جمادى الآخرة 1447 هـ</time>"
    ) in content


def test_english_article_prints_the_seed_dual_date(client):
    article = make_published("Muscat hosts the fair", published_at=SEED_DAY)
    content = _get(client, article.get_absolute_url(), "en")
    assert (
        '<time class="newsdesk-dual-date" datetime="2025-12-07T10:30:00+04:00">'
        "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H</time>"
    ) in content


def test_english_article_on_the_arabic_site_stays_english_and_left_to_right(client):
    article = make_published("Muscat hosts the fair", published_at=SEED_DAY, credit=afp())
    content = _get(client, article.get_absolute_url(), "ar")
    assert _html_tag(content) == '<html lang="ar" dir="rtl">'
    assert '<article class="newsdesk-article" lang="en" dir="ltr">' in content
    assert "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H" in content
    assert '<p class="newsdesk-article__credit">Source: AFP</p>' in content


def test_arabic_article_on_the_english_site_is_arabic_inside(client):
    article = make_published("مسقط تستضيف المعرض", language="ar", published_at=SEED_DAY, credit=afp())
    article.tags.add("طقس")
    content = _get(client, article.get_absolute_url(), "en")
    assert _html_tag(content) == '<html lang="en" dir="ltr">'
    assert '<article class="newsdesk-article" lang="ar" dir="rtl">' in content
    assert '<p class="newsdesk-article__credit">المصدر: AFP</p>' in content
    assert '<ul class="newsdesk-tags" aria-label="الوسوم">' in content


def test_caption_without_an_image_prints_no_figure(client):
    article = make_published("Rain in Salalah")
    make_caption(article, "Clouds over the hills.", credit_text="Staff photographer")
    content = _get(client, article.get_absolute_url())
    assert "<figure" not in content
    assert "Clouds over the hills." not in content


def test_unpublished_article_has_no_date_line(client):
    """``published()`` admits published articles with no date (imported
    before dates were kept); the page then prints no empty date element."""
    article = make_published("Undated", published_at=None)
    content = _get(client, article.get_absolute_url())
    assert "newsdesk-article__date" not in content


def test_article_page_queries_do_not_grow_with_captions_and_tags(client):
    def queries_for(article: Article) -> int:
        _get(client, article.get_absolute_url())  # builds the Hijri calendar once per process
        with CaptureQueriesContext(connection) as captured:
            _get(client, article.get_absolute_url())
        return len(captured.captured_queries)

    small = make_published("Small story", credit=afp())
    make_caption(small, "One.", image="newsdesk/captions/one.jpg", credit=afp())
    small.tags.add("Oman")
    large = make_published("Large story", credit=afp())
    for number in range(12):
        make_caption(large, f"Photo {number}.", image=f"newsdesk/captions/{number}.jpg", credit=afp())
    large.tags.add(*[f"tag {number}" for number in range(12)])
    # The article with its credit, then its tags, then its captions with
    # their credits, then its corrections: four, however many of each.
    assert queries_for(small) == queries_for(large) == 4
