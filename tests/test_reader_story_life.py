"""A story's life after import, as readers see it: withdrawals and kills
("410 Gone" with a notice), the "Updated" line, corrections and
clarifications (under the story, on the corrections page, in the structured
data and the feeds), and embargoes holding until their time.

Everything goes through the real views, feeds and sitemaps on the test
database.  Arabic words that are not in the shipped catalogue yet come from
a small catalogue this module writes (:func:`arabic_catalogue`), loaded
through ``LOCALE_PATHS`` by Django's own translation machinery: a word
printed in English, or outside the article's language, fails the tests.

Dates: the suite's time zone is Asia/Muscat (UTC+4, no daylight saving);
Oman began Jumada al-akhirah 1447 on 23 November 2025, so 7 December 2025
is the 15th, as the seed page prints it.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import struct
import time
import xml.etree.ElementTree as ET
from array import array
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from newsdesk.models import Article, Correction, HijriMonthStart
from tests.factories import (
    afp,
    make_article,
    make_caption,
    make_correction,
    make_embargoed,
    make_published,
)

pytestmark = pytest.mark.django_db

MUSCAT = ZoneInfo("Asia/Muscat")
UTC = datetime.timezone.utc
#: Sunday 7 December 2025, 10:30 in Muscat: 15 Jumada al-akhirah 1447 in Oman.
SEED_DAY = datetime.datetime(2025, 12, 7, 10, 30, tzinfo=MUSCAT)
#: Monday 8 December 2025, 12:00 in Muscat: the 16th.
NEXT_DAY_NOON = datetime.datetime(2025, 12, 8, 12, 0, tzinfo=MUSCAT)
SEED_DATE_EN = "Sunday, December 07, 2025 | Jumada al-akhirah 15, 1447 H"
NEXT_DATE_EN = "Monday, December 08, 2025 | Jumada al-akhirah 16, 1447 H"

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SCRIPT_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

#: The new words, in the Arabic proposed for the shipped catalogue.
ARABIC = {
    "correction": "تصحيح",
    "clarification": "توضيح",
    "Corrections and clarifications": "تصحيحات وتوضيحات",
    "Updated %(date)s": "آخر تحديث: %(date)s",
    "This article has been withdrawn.": "سُحب هذا المقال.",
    "This article has been removed.": "أُزيل هذا المقال.",
    "Article removed": "مقال محذوف",
    "No corrections have been published.": "لم تُنشر أي تصحيحات.",
    "%(kind)s: %(text)s": "%(kind)s: %(text)s",
}


@pytest.fixture(autouse=True)
def oman_month_start():
    HijriMonthStart.objects.create(year=1447, month=6, starts_on=datetime.date(2025, 11, 23))


def _write_mo(path: Path, messages: dict[str, str]) -> None:
    """``messages`` as a GNU ``.mo`` catalogue (the layout msgfmt writes)."""
    header = (
        "Content-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 "
        "&& n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;\n"
    )
    entries = sorted({"": header, **messages}.items())
    ids = strs = b""
    spans = []
    for msgid, msgstr in entries:
        key, value = msgid.encode(), msgstr.encode()
        spans.append((len(ids), len(key), len(strs), len(value)))
        ids += key + b"\0"
        strs += value + b"\0"
    count = len(entries)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    offsets = [n for start, length, _, _ in spans for n in (length, start + key_start)]
    offsets += [n for _, _, start, length in spans for n in (length, start + value_start)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
        + array("i", offsets).tobytes()
        + ids
        + strs
    )


@pytest.fixture
def arabic_catalogue(tmp_path):
    """:data:`ARABIC` loaded through ``LOCALE_PATHS`` (Django resets its
    translations when the setting changes, and again afterwards)."""
    _write_mo(tmp_path / "ar" / "LC_MESSAGES" / "django.mo", ARABIC)
    with override_settings(LOCALE_PATHS=[str(tmp_path)]):
        yield


def _page(client, url: str, status: int = 200, language: str = "en") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def _rss_titles(client, url: str = "/news/feeds/rss/") -> list[str]:
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [html.unescape(entry.title) for entry in feed.entries]


def _atom_titles(client, url: str = "/news/feeds/atom/") -> list[str]:
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [entry.title for entry in feed.entries]


def _sitemap_locs(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SM}loc")]


#: Every reader-facing list of articles.
PLACES = ("list", "rss", "atom", "tag rss", "tag atom", "sitemap", "news sitemap")


def _everywhere(client, article: Article) -> dict[str, bool]:
    """Where ``article`` shows among :data:`PLACES`: the list, the four
    feeds (two of them for its tag, Oman) and both sitemaps."""
    address = f"http://testserver{article.get_absolute_url()}"
    return {
        "list": article.headline in _page(client, "/news/"),
        "rss": article.headline in _rss_titles(client),
        "atom": article.headline in _atom_titles(client),
        "tag rss": article.headline in _rss_titles(client, "/news/feeds/tag/oman/rss/"),
        "tag atom": article.headline in _atom_titles(client, "/news/feeds/tag/oman/atom/"),
        "sitemap": address in _sitemap_locs(client, "/sitemap-articles.xml"),
        "news sitemap": address in _sitemap_locs(client, "/sitemap-news.xml"),
    }


# --- withdrawn and killed: 410 Gone ----------------------------------------------------


def _withdrawn(headline: str, reason: str, *, kill: bool = False, **fields) -> Article:
    article = make_published(headline, published_at=SEED_DAY, **fields)
    article.withdraw(reason, kill=kill, when=NEXT_DAY_NOON)
    article.save()
    return article


def test_a_withdrawn_article_answers_410_with_its_headline_the_notice_the_date_and_the_reason(client):
    article = _withdrawn("Port deal signed", "The agency withdrew the story & its photos.\nA corrected one follows.")
    response = client.get(article.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 410
    assert [t.name for t in response.templates][0] == "newsdesk/article_withdrawn.html"
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in content
    assert "<title>Port deal signed</title>" in content
    assert '<article class="newsdesk-withdrawn" lang="en" dir="ltr">' in content
    assert '<h1 class="newsdesk-withdrawn__headline">Port deal signed</h1>' in content
    assert '<p class="newsdesk-withdrawn__notice">This article has been withdrawn.</p>' in content
    assert (
        '<p class="newsdesk-withdrawn__date"><time class="newsdesk-dual-date" '
        f'datetime="2025-12-08T12:00:00+04:00">{NEXT_DATE_EN}</time></p>'
    ) in content
    # Plain text: escaped, its line break kept.
    assert (
        '<p class="newsdesk-withdrawn__reason">The agency withdrew the story &amp; its photos.<br>'
        "A corrected one follows.</p>"
    ) in content
    # Nothing for search engines or link previews to keep.
    assert "application/ld+json" not in content
    assert 'property="og:' not in content


def test_a_killed_article_answers_410_with_the_notice_and_the_reason_only(client):
    article = _withdrawn(
        "Secret witness named in court",
        "Removed on legal advice.",
        kill=True,
        standfirst="<p>The witness spoke.</p>",
        body="<p>Witness statement.</p>",
    )
    response = client.get(article.get_absolute_url())
    content = response.content.decode()

    assert response.status_code == 410
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in content
    assert "<title>Article removed</title>" in content
    assert '<h1 class="newsdesk-withdrawn__notice">This article has been removed.</h1>' in content
    assert '<p class="newsdesk-withdrawn__reason">Removed on legal advice.</p>' in content
    # Not a word of the story, nor its slug, nor a date.
    assert "witness" not in content.lower()
    assert "newsdesk-withdrawn__headline" not in content
    assert "newsdesk-withdrawn__date" not in content
    assert "application/ld+json" not in content


@pytest.mark.parametrize("kill", [False, True])
def test_a_wrong_slug_on_an_article_taken_down_is_410_not_a_redirect(client, kill):
    article = _withdrawn("Port deal signed", "Withdrawn by the agency.", kill=kill)
    response = client.get(f"/news/{article.pk}/old-slug/")
    assert response.status_code == 410
    assert "Location" not in response
    assert "port-deal-signed" not in response.content.decode()


def test_an_article_withdrawn_before_it_was_ever_published_stays_a_404(client):
    never = make_article("Never went out", status=Article.Status.WITHDRAWN)
    assert never.published_at is None
    scheduled = make_article(
        "Scheduled, then dropped",
        status=Article.Status.KILLED,
        published_at=timezone.now() + datetime.timedelta(days=1),
        withdrawal_reason="Dropped.",
    )
    for article in (never, scheduled):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert article.headline not in response.content.decode()
    assert client.get("/news/999999/no-such-story/").status_code == 404


def test_the_withdrawal_notice_is_in_the_articles_language(client, arabic_catalogue):
    withdrawn = _withdrawn("ميناء الدقم يفتتح رصيفاً", "سحبت الوكالة الخبر.", language="ar")
    killed = _withdrawn("شاهد سري", "أزيل لأسباب قانونية.", kill=True, language="ar")

    content = _page(client, withdrawn.get_absolute_url(), 410, language="en")
    assert '<html lang="en" dir="ltr">' in content
    assert '<article class="newsdesk-withdrawn" lang="ar" dir="rtl">' in content
    assert '<p class="newsdesk-withdrawn__notice">سُحب هذا المقال.</p>' in content
    assert "8 ديسمبر 2025 | 16 جمادى الآخرة 1447 هـ</time>" in content
    assert "This article has been withdrawn." not in content

    content = _page(client, killed.get_absolute_url(), 410, language="en")
    assert '<h1 class="newsdesk-withdrawn__notice">أُزيل هذا المقال.</h1>' in content
    assert '<p class="newsdesk-withdrawn__reason">أزيل لأسباب قانونية.</p>' in content
    assert "شاهد" not in content


def test_a_kill_takes_the_article_out_of_every_list_feed_and_sitemap_at_once(client):
    now = timezone.now()
    article = make_published("Secret witness named", now - datetime.timedelta(hours=1))
    article.tags.add("Oman")
    make_correction(article, "The court's name was wrong.")
    assert _everywhere(client, article) == dict.fromkeys(PLACES, True)
    assert "The court&#x27;s name was wrong." in _page(client, "/news/corrections/")

    article.withdraw("Removed on legal advice.", kill=True)
    article.save()

    # No cache to clear, no job to run: the very next requests leave it out.
    assert _everywhere(client, article) == dict.fromkeys(PLACES, False)
    assert "court" not in _page(client, "/news/corrections/")
    assert client.get(article.get_absolute_url()).status_code == 410


def test_a_withdrawn_article_leaves_them_too(client):
    article = make_published("Port deal signed", timezone.now() - datetime.timedelta(hours=1))
    article.tags.add("Oman")
    assert _everywhere(client, article) == dict.fromkeys(PLACES, True)
    article.withdraw("Withdrawn by the agency.")
    article.save()
    assert _everywhere(client, article) == dict.fromkeys(PLACES, False)


# --- the "Updated" line -----------------------------------------------------------------


def test_an_article_updated_after_publication_says_so_under_its_date(client):
    article = make_published("Duqm port opens", published_at=SEED_DAY, revised_at=NEXT_DAY_NOON, byline="Staff")
    content = _page(client, article.get_absolute_url())
    updated = (
        '<p class="newsdesk-article__updated"><time datetime="2025-12-08T12:00:00+04:00">'
        f"Updated {NEXT_DATE_EN}</time></p>"
    )
    assert updated in content
    assert content.index('class="newsdesk-article__date"') < content.index(updated)
    assert content.index(updated) < content.index('class="newsdesk-article__byline"')


@pytest.mark.parametrize("revised_at", [None, SEED_DAY, SEED_DAY - datetime.timedelta(hours=1)])
def test_no_updated_line_unless_the_change_came_after_publication(client, revised_at):
    article = make_published("Duqm port opens", published_at=SEED_DAY, revised_at=revised_at)
    assert "newsdesk-article__updated" not in _page(client, article.get_absolute_url())


def test_the_updated_line_is_in_the_articles_language(client, arabic_catalogue):
    article = make_published("ميناء الدقم", language="ar", published_at=SEED_DAY, revised_at=NEXT_DAY_NOON)
    content = _page(client, article.get_absolute_url(), language="en")
    match = re.search(r'<p class="newsdesk-article__updated"><time [^>]*>([^<]*)</time></p>', content)
    assert match, content
    assert match.group(1).startswith("آخر تحديث: ")
    assert match.group(1).endswith("8 ديسمبر 2025 | 16 جمادى الآخرة 1447 هـ")


# --- corrections under the story -----------------------------------------------------------


def test_corrections_are_listed_after_the_body_oldest_first_with_kind_date_and_escaped_text(client):
    article = make_published("Duqm port opens", published_at=SEED_DAY, body="<p>Story body.</p>", credit=afp())
    first = make_correction(article, "The minister's name is Salim.\nWe apologise.", published_at=NEXT_DAY_NOON)
    later = make_correction(
        article,
        "A <b>bold</b> & claim was softened.",
        kind=Correction.Kind.CLARIFICATION,
        published_at=NEXT_DAY_NOON + datetime.timedelta(days=1),
    )
    content = _page(client, article.get_absolute_url())

    section = content.index('<section class="newsdesk-corrections" lang="en" dir="ltr">')
    assert content.index("<p>Story body.</p>") < section < content.index('<footer class="newsdesk-article__footer">')
    assert '<h2 class="newsdesk-corrections__title">Corrections and clarifications</h2>' in content
    first_at = content.index(f'<div class="newsdesk-correction" id="correction-{first.pk}">')
    later_at = content.index(f'<div class="newsdesk-correction" id="correction-{later.pk}">')
    assert section < first_at < later_at
    assert (
        '<p class="newsdesk-correction__meta"><strong class="newsdesk-correction__kind">Correction</strong> '
        f'<time class="newsdesk-correction__date" datetime="2025-12-08T12:00:00+04:00">{NEXT_DATE_EN}</time></p>'
    ) in content
    assert '<p class="newsdesk-correction__text">The minister&#x27;s name is Salim.<br>We apologise.</p>' in content
    assert '<strong class="newsdesk-correction__kind">Clarification</strong>' in content
    assert ('<p class="newsdesk-correction__text">A &lt;b&gt;bold&lt;/b&gt; &amp; claim was softened.</p>') in content
    # The latest correction updated the story for readers.
    assert "Updated Tuesday, December 09, 2025 | Jumada al-akhirah 17, 1447 H</time>" in content


def test_an_article_without_corrections_prints_no_section(client):
    article = make_published("Duqm port opens")
    assert "newsdesk-corrections" not in _page(client, article.get_absolute_url())


def test_an_arabic_articles_corrections_are_arabic_on_the_english_site(client, arabic_catalogue):
    article = make_published("ميناء الدقم", language="ar", published_at=SEED_DAY)
    make_correction(article, "الاسم الصحيح للوزير سالم.", published_at=NEXT_DAY_NOON)
    make_correction(article, "أوضحنا موعد الافتتاح.", kind=Correction.Kind.CLARIFICATION, published_at=NEXT_DAY_NOON)
    content = _page(client, article.get_absolute_url(), language="en")

    assert '<html lang="en" dir="ltr">' in content
    assert '<section class="newsdesk-corrections" lang="ar" dir="rtl">' in content
    assert '<h2 class="newsdesk-corrections__title">تصحيحات وتوضيحات</h2>' in content
    assert '<strong class="newsdesk-correction__kind">تصحيح</strong>' in content
    assert '<strong class="newsdesk-correction__kind">توضيح</strong>' in content
    assert "8 ديسمبر 2025 | 16 جمادى الآخرة 1447 هـ</time>" in content
    section = content[content.index('<section class="newsdesk-corrections"') : content.index("</section>")]
    assert "Correction" not in section
    assert "Clarification" not in section


def test_an_english_articles_corrections_stay_english_on_the_arabic_site(client, arabic_catalogue):
    article = make_published("Duqm port opens", published_at=SEED_DAY)
    make_correction(article, "The minister is Salim.", published_at=NEXT_DAY_NOON)
    content = _page(client, article.get_absolute_url(), language="ar")
    assert '<html lang="ar" dir="rtl">' in content
    assert '<section class="newsdesk-corrections" lang="en" dir="ltr">' in content
    assert '<strong class="newsdesk-correction__kind">Correction</strong>' in content
    section = content[content.index('<section class="newsdesk-corrections"') : content.index("</section>")]
    assert "تصحيح" not in section


@pytest.mark.parametrize("corrections", [1, 30])
def test_the_article_page_queries_do_not_grow_with_corrections(client, django_assert_num_queries, corrections):
    article = make_published("Duqm port opens", credit=afp())
    article.tags.add("Oman", "Ports")
    make_caption(article, "Cranes.", image="newsdesk/captions/cranes.jpg", credit=afp())
    for number in range(corrections):
        make_correction(article, f"Correction {number}.")
    _page(client, article.get_absolute_url())  # builds the Hijri calendar once per process
    # 1. the article with its credit, 2. its tags, 3. its captions with their
    # credits, 4. its corrections.
    with django_assert_num_queries(4):
        content = _page(client, article.get_absolute_url())
    assert content.count('<div class="newsdesk-correction" ') == corrections


# --- the corrections page ------------------------------------------------------------


def test_the_corrections_page_is_named_and_linked_from_the_list(client):
    assert reverse("newsdesk_corrections") == "/news/corrections/"
    content = _page(client, "/news/")
    assert (
        '<footer class="newsdesk-list__footer"><a class="newsdesk-list__corrections" href="/news/corrections/">'
        "Corrections and clarifications</a></footer>"
    ) in content


def test_the_corrections_page_lists_published_articles_corrections_newest_first(client, arabic_catalogue):
    now = timezone.now().replace(microsecond=0)
    hour_ago = now - datetime.timedelta(hours=1)
    port = make_published("Duqm port opens", now - datetime.timedelta(days=1))
    rain = make_published("أمطار في صلالة", now - datetime.timedelta(days=1), language="ar")
    older = make_correction(
        port, "The berth is the second, not the third.", published_at=now - datetime.timedelta(hours=3)
    )
    newer = make_correction(rain, "الأمطار في ظفار.", kind=Correction.Kind.CLARIFICATION, published_at=hour_ago)
    hidden = [
        make_article("A draft"),
        make_article("Ready", status=Article.Status.READY),
        make_published("Scheduled", now + datetime.timedelta(days=1)),
        _withdrawn("Withdrawn", "Withdrawn."),
        _withdrawn("Killed", "Killed.", kill=True),
    ]
    for article in hidden:
        make_correction(article, f"Hidden correction of {article.headline}.", published_at=hour_ago)

    response = client.get("/news/corrections/", HTTP_ACCEPT_LANGUAGE="ar")
    content = response.content.decode()

    assert response.status_code == 200
    assert [c.pk for c in response.context["corrections"]] == [newer.pk, older.pk]
    assert "Hidden correction" not in content
    # The page in the reader's language, each item in its article's.
    assert '<html lang="ar" dir="rtl">' in content
    assert "<title>تصحيحات وتوضيحات</title>" in content
    assert '<h1 class="newsdesk-correction-list__title">تصحيحات وتوضيحات</h1>' in content
    items = re.findall(
        r'<article class="newsdesk-correction" lang="([^"]*)" dir="([^"]*)">(.*?)</article>', content, re.S
    )
    assert [(lang, direction) for lang, direction, _ in items] == [("ar", "rtl"), ("en", "ltr")]
    arabic_item, english_item = items[0][2], items[1][2]
    assert (
        f'<h2 class="newsdesk-correction__article"><a href="{rain.get_absolute_url()}">أمطار في صلالة</a></h2>'
    ) in arabic_item
    assert '<strong class="newsdesk-correction__kind">توضيح</strong>' in arabic_item
    assert '<p class="newsdesk-correction__text">الأمطار في ظفار.</p>' in arabic_item
    assert f'datetime="{timezone.localtime(hour_ago):%Y-%m-%dT%H:%M:%S}+04:00"' in arabic_item
    assert (
        f'<h2 class="newsdesk-correction__article"><a href="{port.get_absolute_url()}">Duqm port opens</a></h2>'
    ) in english_item
    assert '<strong class="newsdesk-correction__kind">Correction</strong>' in english_item
    assert '<p class="newsdesk-correction__text">The berth is the second, not the third.</p>' in english_item


def test_the_corrections_page_says_when_there_are_none(client, arabic_catalogue):
    assert '<p class="newsdesk-correction-list__empty">No corrections have been published.</p>' in _page(
        client, "/news/corrections/"
    )
    assert '<p class="newsdesk-correction-list__empty">لم تُنشر أي تصحيحات.</p>' in _page(
        client, "/news/corrections/", language="ar"
    )


def test_the_corrections_page_shows_fifty_a_page(client):
    article = make_published("Duqm port opens")
    start = timezone.now() - datetime.timedelta(days=1)
    for number in range(51):
        make_correction(article, f"Fix number {number}.", published_at=start + datetime.timedelta(minutes=number))
    first = client.get("/news/corrections/")
    assert len(first.context["corrections"]) == 50
    assert "Fix number 50." in first.content.decode()  # the newest
    assert "Page 1 of 2" in first.content.decode()
    second = client.get("/news/corrections/?page=2")
    assert [c.text for c in second.context["corrections"]] == ["Fix number 0."]


@pytest.mark.parametrize("corrections", [1, 30])
def test_the_corrections_page_queries_do_not_grow(client, django_assert_num_queries, corrections):
    start = timezone.now() - datetime.timedelta(days=1)
    for number in range(corrections):
        article = make_published(f"Story {number % 7}", start, language="ar" if number % 2 else "en")
        make_correction(article, f"Correction {number}.")
    _page(client, "/news/corrections/")  # builds the Hijri calendar once per process
    # 1. count the corrections of published articles (the paginator), 2. the
    # page of them with their articles (a join).
    with django_assert_num_queries(2):
        content = _page(client, "/news/corrections/")
    assert content.count('<article class="newsdesk-correction" ') == corrections


# --- structured data -----------------------------------------------------------------------


def _json_ld(article: Article) -> tuple[dict, str]:
    fetched = Article.objects.for_listing().get(pk=article.pk)
    markup = Template("{% load newsdesk %}{% article_meta article %}").render(Context({"article": fetched}))
    scripts = SCRIPT_RE.findall(markup)
    assert len(scripts) == 1, markup
    return json.loads(scripts[0]), markup


def test_json_ld_carries_each_correction_as_a_correction_comment(client):
    article = make_published("Duqm port opens", published_at=SEED_DAY)
    make_correction(article, "The minister's name is Salim,\n not Saleh.", published_at=NEXT_DAY_NOON)
    make_correction(
        article,
        "</script><script>alert(1)</script>",
        kind=Correction.Kind.CLARIFICATION,
        published_at=NEXT_DAY_NOON + datetime.timedelta(hours=1),
    )
    data, markup = _json_ld(article)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "The minister's name is Salim, not Saleh.",
            "datePublished": "2025-12-08T12:00:00+04:00",
        },
        {
            "@type": "CorrectionComment",
            "text": "</script><script>alert(1)</script>",
            "datePublished": "2025-12-08T13:00:00+04:00",
        },
    ]
    assert markup.count("</script>") == 1
    # The latest correction is when the story last changed for readers.
    assert data["dateModified"] == "2025-12-08T13:00:00+04:00"
    assert ("article:modified_time", "2025-12-08T13:00:00+04:00") in re.findall(
        r'<meta property="([^"]*)" content="([^"]*)">', markup
    )
    # On the real page too.
    page = _page(client, article.get_absolute_url())
    assert json.loads(SCRIPT_RE.findall(page)[0])["correction"] == data["correction"]


def test_json_ld_has_no_correction_key_without_corrections():
    data, _ = _json_ld(make_published("Duqm port opens", published_at=SEED_DAY))
    assert "correction" not in data


def test_date_modified_is_the_updated_time_readers_see_not_any_save():
    article = make_published("Duqm port opens", published_at=SEED_DAY)
    # A save readers never see (a tag fixed the next day) moves updated_at only.
    Article.objects.filter(pk=article.pk).update(updated_at=NEXT_DAY_NOON)
    data, markup = _json_ld(article)
    assert data["datePublished"] == data["dateModified"] == "2025-12-07T10:30:00+04:00"
    assert '<meta property="article:modified_time" content="2025-12-07T10:30:00+04:00">' in markup

    Article.objects.filter(pk=article.pk).update(revised_at=NEXT_DAY_NOON)
    data, _ = _json_ld(article)
    assert data["dateModified"] == "2025-12-08T12:00:00+04:00"


def test_a_scheduled_article_is_never_modified_before_it_was_published():
    # Saved now, goes live tomorrow: updated_at is before published_at.
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)
    data, _ = _json_ld(make_published("Budget day", tomorrow))
    assert data["dateModified"] == data["datePublished"]


def test_rendering_corrections_costs_no_query(django_assert_num_queries):
    article = make_published("Duqm port opens", published_at=SEED_DAY)
    for number in range(3):
        make_correction(article, f"Fix {number}.")
    fetched = Article.objects.published().for_listing().get(pk=article.pk)
    template = Template("{% load newsdesk %}{% article_meta article %}")
    with django_assert_num_queries(0):
        markup = template.render(Context({"article": fetched}))
    assert markup.count("CorrectionComment") == 3


# --- feeds -------------------------------------------------------------------------------


def _raw_descriptions(client) -> tuple[list[str], list[str]]:
    """The item descriptions as the feeds carry them (HTML, before any feed
    reader's sanitising): RSS ``<description>`` and Atom ``<summary>``."""
    rss = ET.fromstring(client.get("/news/feeds/rss/").content)
    atom = ET.fromstring(client.get("/news/feeds/atom/").content)
    return (
        [item.findtext("description") for item in rss.iter("item")],
        [entry.findtext(f"{ATOM}summary") for entry in atom.iter(f"{ATOM}entry")],
    )


def test_a_feed_items_description_ends_with_its_corrections_escaped(client):
    article = make_published("Duqm port opens", standfirst="<p>Ships dock.</p>")
    make_correction(article, "Fish & <chips>\nsecond line", published_at=timezone.now() - datetime.timedelta(minutes=2))
    make_correction(article, 'Said "soon".', kind=Correction.Kind.CLARIFICATION)
    expected = (
        "<p>Ships dock.</p>"
        "<p>Correction: Fish &amp; &lt;chips&gt;<br>second line</p>"
        "<p>Clarification: Said &quot;soon&quot;.</p>"
    )
    rss, atom = _raw_descriptions(client)
    assert rss == atom == [expected]
    feed = feedparser.parse(client.get("/news/feeds/atom/").content)
    assert not feed.bozo
    assert "<script" not in feed.entries[0].summary


def test_an_item_without_a_standfirst_ends_with_its_corrections_too(client):
    article = make_published("Rain", body="<p>It rained.</p>")
    make_correction(article, "It was Salalah.")
    rss, _ = _raw_descriptions(client)
    assert rss == ["<p>It rained.</p><p>Correction: It was Salalah.</p>"]


def test_a_feed_items_corrections_are_in_the_articles_language(client, arabic_catalogue):
    article = make_published("ميناء الدقم", language="ar", standfirst="<p>سفن.</p>")
    make_correction(article, "الوزير سالم.")
    rss, atom = _raw_descriptions(client)  # the reader's language is English
    assert rss == atom == ["<p>سفن.</p><p>تصحيح: الوزير سالم.</p>"]


def test_a_feed_items_updated_date_is_when_it_changed_for_readers(client):
    published = datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC)
    corrected = make_published("Corrected", published)
    quiet = make_published("Only saved again", published - datetime.timedelta(hours=1))
    Article.objects.filter(pk=quiet.pk).update(updated_at=published + datetime.timedelta(days=2))
    make_correction(corrected, "Fixed.", published_at=published + datetime.timedelta(hours=3))

    entries = feedparser.parse(client.get("/news/feeds/atom/").content).entries
    assert [(entry.title, entry.updated) for entry in entries] == [
        ("Corrected", "2025-12-07T09:00:00+00:00"),
        ("Only saved again", "2025-12-07T05:00:00+00:00"),
    ]
    rss = feedparser.parse(client.get("/news/feeds/rss/").content)
    assert rss.feed.updated == "Sun, 07 Dec 2025 09:00:00 +0000"


@pytest.mark.parametrize("count", [1, 30])
def test_feeds_with_corrections_keep_a_constant_number_of_queries(client, django_assert_num_queries, count):
    now = timezone.now()
    for number in range(count):
        article = make_published(f"Story {number}", now - datetime.timedelta(minutes=number + 1), credit=afp())
        article.tags.add("Oman")
        make_correction(article, f"Fix {number}.")
    # 1. the articles with their credit, 2. their tags, 3. their corrections.
    with django_assert_num_queries(3):
        rss = client.get("/news/feeds/rss/")
    assert rss.content.decode().count("Correction: Fix") == count
    # And a tag's feed: 1. the tag, then the same three.
    with django_assert_num_queries(4):
        atom = client.get("/news/feeds/tag/oman/atom/")
    assert atom.content.decode().count("Correction: Fix") == count


# --- sitemaps -------------------------------------------------------------------------------


def test_a_correction_moves_the_sitemaps_lastmod(client):
    published = datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC)
    article = make_published("Duqm port opens", published)
    Article.objects.filter(pk=article.pk).update(updated_at=published)

    def lastmods():
        urlset = ET.fromstring(client.get("/sitemap-articles.xml").content)
        index = ET.fromstring(client.get("/sitemap.xml").content)
        return [url.findtext(f"{SM}lastmod") for url in urlset], index[0].findtext(f"{SM}lastmod")

    assert lastmods() == (["2025-12-07"], "2025-12-07T10:00:00+04:00")
    # A correction on the 9th (12:00 in Muscat) changes the page, not updated_at.
    make_correction(article, "Fixed.", published_at=datetime.datetime(2025, 12, 9, 8, 0, tzinfo=UTC))
    assert Article.objects.get(pk=article.pk).updated_at == published
    assert lastmods() == (["2025-12-09"], "2025-12-09T12:00:00+04:00")


def test_the_news_sitemap_lastmod_follows_a_correction_too(client):
    now = timezone.now().replace(microsecond=0)
    article = make_published("Duqm port opens", now - datetime.timedelta(hours=5))
    Article.objects.filter(pk=article.pk).update(updated_at=now - datetime.timedelta(hours=5))
    make_correction(article, "Fixed.", published_at=now - datetime.timedelta(hours=1))
    index = ET.fromstring(client.get("/sitemap.xml").content)
    news = [entry for entry in index if entry.findtext(f"{SM}loc").endswith("sitemap-news.xml")][0]
    expected = timezone.localtime(now - datetime.timedelta(hours=1)).isoformat(timespec="seconds")
    assert news.findtext(f"{SM}lastmod") == expected


# --- embargo ------------------------------------------------------------------------------


def test_an_embargoed_article_appears_everywhere_when_its_embargo_passes(client):
    """No mocked clock and no job: the same requests, made again after the
    embargo's time, find the article."""
    until = timezone.now() + datetime.timedelta(seconds=2)
    article = make_embargoed("Budget figures released", until)
    article.tags.add("Oman")
    make_correction(article, "Embargoed correction.")

    assert _everywhere(client, article) == dict.fromkeys(PLACES, False)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Embargoed correction." not in _page(client, "/news/corrections/")

    time.sleep(max(0.0, (until - timezone.now()).total_seconds()) + 0.2)

    assert _everywhere(client, article) == dict.fromkeys(PLACES, True)
    assert "Budget figures released" in _page(client, article.get_absolute_url())
    assert "Embargoed correction." in _page(client, "/news/corrections/")


def test_a_backdated_correction_never_moves_updated_backwards():
    from newsdesk.models import Correction

    article = make_article("Corrected", status="published", published_at=timezone.now() - datetime.timedelta(days=2))
    later = timezone.now() - datetime.timedelta(hours=1)
    Correction.objects.create(article=article, text="A figure was wrong.", published_at=later)
    Correction.objects.create(
        article=article, text="An older note.", published_at=timezone.now() - datetime.timedelta(days=1)
    )
    article.refresh_from_db()
    assert article.revised_at == later
