"""RSS and Atom feeds (newsdesk.feeds), read by a real feed reader (feedparser),
and the ``{% feed_links %}`` autodiscovery tag.

tests/urls.py includes ``newsdesk.urls`` at ``/news/`` and
``newsdesk.feed_urls`` at ``/news/feeds/``; the test client's host is
``testserver``, which is also the publication's name when
``NEWSDESK["PUBLICATION_NAME"]`` is unset (no ``django.contrib.sites``).
"""

from __future__ import annotations

import datetime
import html

import feedparser
import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import include, path
from django.utils import timezone
from taggit.models import Tag

from newsdesk.checks import check_settings
from newsdesk.models import Article
from tests.factories import afp, make_article, make_published, make_published_stories

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
# 10:00 in Muscat on Sunday 7 December 2025, and two hours earlier.
SUNDAY_10 = datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC)
SUNDAY_08 = datetime.datetime(2025, 12, 7, 4, 0, tzinfo=UTC)

# A URLconf with the reader pages but no feeds: {% feed_links %} prints nothing.
urlpatterns = [path("news/", include("newsdesk.urls"))]


def _set_updated_at(article: Article, when: datetime.datetime) -> None:
    # Updated for readers (revised_at, the item's <updated>) and saved then.
    # updated_at is auto_now: only update() can set a value by hand.
    Article.objects.filter(pk=article.pk).update(updated_at=when, revised_at=when)


def _read(client, url: str, content_type: str, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def _rss(client, url="/news/feeds/rss/", **headers):
    return _read(client, url, "application/rss+xml; charset=utf-8", **headers)


def _atom(client, url="/news/feeds/atom/", **headers):
    return _read(client, url, "application/atom+xml; charset=utf-8", **headers)


@pytest.fixture
def two_stories():
    port = make_published(
        "Duqm port's \"new\" berth & cranes open", SUNDAY_10, credit=afp(),
        standfirst="<p>Ships <em>dock</em> in Duqm.</p>", body="<p>Not shown: the standfirst wins.</p>",
    )
    port.tags.add("Oman", "Ports")
    _set_updated_at(port, datetime.datetime(2025, 12, 7, 9, 30, tzinfo=UTC))
    words = " ".join(f"w{n}" for n in range(1, 101))
    rain = make_published("أمطار في صلالة", SUNDAY_08, language="ar", credit_text="Staff", body=f"<p>{words}</p>")
    rain.tags.add("Weather")
    _set_updated_at(rain, datetime.datetime(2025, 12, 7, 5, 0, tzinfo=UTC))
    return port, rain


def test_rss_lists_published_articles_newest_first_with_dates_credit_and_language(client, two_stories):
    port, rain = two_stories
    feed = _rss(client)

    assert feed.version == "rss20"
    assert feed.feed.title == "testserver: latest news"
    assert feed.feed.link == "http://testserver/news/"
    assert feed.feed.language == "en"  # the active language
    first, second = feed.entries
    # RSS readers read <title> as HTML: the headline comes back once unescaped.
    assert html.unescape(first.title) == "Duqm port's \"new\" berth & cranes open"
    assert first.link == f"http://testserver/news/{port.pk}/duqm-ports-new-berth-cranes-open/"
    assert first.id == first.link
    assert first.published == "Sun, 07 Dec 2025 06:00:00 +0000"
    assert first.author == "AFP"  # <dc:creator>
    assert first.language == "en"  # <dc:language>
    assert [tag.term for tag in first.tags] == ["Oman", "Ports"]
    assert first.summary == "<p>Ships <em>dock</em> in Duqm.</p>"

    assert second.title == "أمطار في صلالة"
    assert second.published == "Sun, 07 Dec 2025 04:00:00 +0000"
    assert second.author == "Staff"
    assert second.language == "ar"
    # No standfirst: the body's first 60 words.
    assert second.summary == "<p>" + " ".join(f"w{n}" for n in range(1, 61)) + "…</p>"
    # The channel's date is the newest updated_at (09:30 UTC).
    assert feed.feed.updated == "Sun, 07 Dec 2025 09:30:00 +0000"


def test_atom_has_the_same_entries_with_updated_dates_and_entry_languages(client, two_stories):
    port, rain = two_stories
    feed = _atom(client)

    assert feed.version == "atom10"
    assert feed.feed.title == "testserver: latest news"
    assert feed.feed.subtitle == "The latest articles published by testserver."
    assert feed.feed.author == "testserver"
    assert feed.feed.language == "en"
    first, second = feed.entries
    assert first.title == "Duqm port's \"new\" berth & cranes open"  # plain text, not escaped twice
    assert first.title_detail.language == "en"  # the entry's xml:lang
    assert first.link == f"http://testserver/news/{port.pk}/duqm-ports-new-berth-cranes-open/"
    assert first.published == "2025-12-07T06:00:00+00:00"
    assert first.updated == "2025-12-07T09:30:00+00:00"
    assert first.author == "AFP"
    assert [tag.term for tag in first.tags] == ["Oman", "Ports"]
    assert first.summary == "<p>Ships <em>dock</em> in Duqm.</p>"
    assert second.title == "أمطار في صلالة"
    assert second.title_detail.language == "ar"
    assert second.published == "2025-12-07T04:00:00+00:00"
    assert second.updated == "2025-12-07T05:00:00+00:00"
    assert second.author == "Staff"


def test_feed_language_follows_the_active_language(client, two_stories):
    assert _rss(client, HTTP_ACCEPT_LANGUAGE="ar").feed.language == "ar"
    assert _atom(client, HTTP_ACCEPT_LANGUAGE="ar").feed.language == "ar"
    # Each item keeps its own language whatever the reader's.
    assert [entry.language for entry in _rss(client, HTTP_ACCEPT_LANGUAGE="ar").entries] == ["en", "ar"]


def test_publication_name_setting_titles_the_feeds(client, two_stories):
    with override_settings(NEWSDESK={"PUBLICATION_NAME": "Dhofar Ledger"}):
        assert _rss(client).feed.title == "Dhofar Ledger: latest news"
        assert _atom(client).feed.author == "Dhofar Ledger"


@pytest.mark.parametrize(
    "url", ["/news/feeds/rss/", "/news/feeds/atom/", "/news/feeds/tag/oman/rss/", "/news/feeds/tag/oman/atom/"]
)
def test_only_published_articles_ever_appear(client, url):
    now = timezone.now()
    shown = make_published("Published an hour ago", now - datetime.timedelta(hours=1))
    hidden = [
        make_article("A draft", status=Article.Status.DRAFT),
        make_article("Ready, not published", status=Article.Status.READY, publish_at=now - datetime.timedelta(hours=1)),
        make_article("Withdrawn", status=Article.Status.WITHDRAWN, published_at=now - datetime.timedelta(days=1)),
        make_published("Scheduled for tomorrow", now + datetime.timedelta(days=1)),
    ]
    for article in [shown, *hidden]:
        article.tags.add("Oman")
    feed = feedparser.parse(client.get(url).content)
    assert not feed.bozo
    assert [html.unescape(entry.title) for entry in feed.entries] == ["Published an hour ago"]


def test_a_tag_feed_lists_only_that_tag(client, two_stories):
    port, rain = two_stories
    make_published("Untagged")

    oman = _rss(client, "/news/feeds/tag/oman/rss/")
    assert oman.feed.title == "testserver: articles tagged Oman"
    assert oman.feed.description == "The latest articles tagged Oman published by testserver."
    assert [html.unescape(entry.title) for entry in oman.entries] == ["Duqm port's \"new\" berth & cranes open"]
    weather = _atom(client, "/news/feeds/tag/weather/atom/")
    assert weather.feed.title == "testserver: articles tagged Weather"
    assert [entry.title for entry in weather.entries] == ["أمطار في صلالة"]


def test_an_arabic_tag_has_its_feed(client):
    story = make_published("Rain in Salalah")
    story.tags.add("الطقس")
    slug = Tag.objects.get(name="الطقس").slug
    assert slug == "الطقس"  # django-taggit keeps Unicode in slugs
    feed = _rss(client, f"/news/feeds/tag/{slug}/rss/")
    assert [entry.title for entry in feed.entries] == ["Rain in Salalah"]


@pytest.mark.parametrize("url", ["/news/feeds/tag/no-such-tag/rss/", "/news/feeds/tag/no-such-tag/atom/"])
def test_an_unknown_tag_is_not_found(client, url):
    make_published("Something").tags.add("Oman")
    assert client.get(url).status_code == 404


def test_feed_items_setting_limits_the_entries(client):
    now = timezone.now()
    for hours in (3, 1, 2):
        make_published(f"{hours} hours ago", now - datetime.timedelta(hours=hours))
    with override_settings(NEWSDESK={"FEED_ITEMS": 2}):
        assert [entry.title for entry in _rss(client).entries] == ["1 hours ago", "2 hours ago"]
        assert [entry.title for entry in _atom(client).entries] == ["1 hours ago", "2 hours ago"]


def test_an_article_published_without_a_date_comes_last_without_pubdate(client):
    make_published("Dated", timezone.now() - datetime.timedelta(days=3))
    Article.objects.create(headline="Undated", status=Article.Status.PUBLISHED, published_at=None)
    entries = _rss(client).entries
    assert [entry.title for entry in entries] == ["Dated", "Undated"]
    assert "published" not in entries[1]


@pytest.mark.parametrize("count", [3, 30])
def test_feeds_run_a_constant_number_of_queries(client, django_assert_num_queries, count):
    make_published_stories(count)
    # 1. the articles with their credit (a join), 2. their tags (prefetch),
    # 3. their corrections (prefetch).
    with django_assert_num_queries(3):
        assert len(_rss(client).entries) == count
    with django_assert_num_queries(3):
        assert len(_atom(client).entries) == count
    # 1. the tag by its slug, 2. its articles with their credit, 3. their
    # tags, 4. their corrections.
    with django_assert_num_queries(4):
        assert len(_rss(client, "/news/feeds/tag/oman/rss/").entries) == count
    with django_assert_num_queries(4):
        assert len(_atom(client, "/news/feeds/tag/oman/atom/").entries) == count


# --- {% feed_links %} ---

RSS_LINK = '<link rel="alternate" type="application/rss+xml" title="Latest news (RSS)" href="{}/news/feeds/rss/">'
ATOM_LINK = '<link rel="alternate" type="application/atom+xml" title="Latest news (Atom)" href="{}/news/feeds/atom/">'


def _render(source: str, **context) -> str:
    return Template("{% load newsdesk %}" + source).render(Context(context))


def test_feed_links_prints_the_site_feeds():
    assert _render("{% feed_links %}") == RSS_LINK.format("") + "\n" + ATOM_LINK.format("")


def test_feed_links_are_absolute_with_a_request():
    request = RequestFactory().get("/news/")
    assert _render("{% feed_links %}", request=request) == (
        RSS_LINK.format("http://testserver") + "\n" + ATOM_LINK.format("http://testserver")
    )


def test_feed_links_adds_a_tags_feeds():
    tag = Tag.objects.create(name='Gulf "Cup"', slug="gulf-cup")
    assert _render("{% feed_links tag %}", tag=tag).split("\n") == [
        RSS_LINK.format(""),
        ATOM_LINK.format(""),
        '<link rel="alternate" type="application/rss+xml" title="Articles tagged Gulf &quot;Cup&quot; (RSS)" '
        'href="/news/feeds/tag/gulf-cup/rss/">',
        '<link rel="alternate" type="application/atom+xml" title="Articles tagged Gulf &quot;Cup&quot; (Atom)" '
        'href="/news/feeds/tag/gulf-cup/atom/">',
    ]
    # A slug alone names the tag by its slug.
    assert _render('{% feed_links "oman" %}').split("\n")[2] == (
        '<link rel="alternate" type="application/rss+xml" title="Articles tagged oman (RSS)" '
        'href="/news/feeds/tag/oman/rss/">'
    )


@override_settings(ROOT_URLCONF=__name__)
def test_feed_links_prints_nothing_when_the_site_has_no_feeds():
    assert _render("{% feed_links %}{% feed_links 'oman' %}") == ""


def test_the_packages_base_template_carries_the_autodiscovery_links():
    # newsdesk/base.html, which the reader pages extend, calls {% feed_links %} in <head>.
    page = render_to_string("newsdesk/base.html", request=RequestFactory().get("/news/"))
    head = page.split("<head>", 1)[1].split("</head>", 1)[0]
    assert RSS_LINK.format("http://testserver") + "\n" + ATOM_LINK.format("http://testserver") in head


# --- newsdesk.E015 ---


@pytest.mark.parametrize("value", [0, -1, "30", 2.5, True, None])
def test_e015_bad_feed_items(value):
    with override_settings(NEWSDESK={"FEED_ITEMS": value}):
        messages = check_settings(None)
    assert [m.id for m in messages] == ["newsdesk.E015"]
    assert messages[0].msg == f'NEWSDESK["FEED_ITEMS"] is {value!r}; it must be a positive whole number of articles.'
    assert messages[0].hint == (
        'Set NEWSDESK["FEED_ITEMS"] to e.g. 30 (how many of the newest articles each feed lists).'
    )


def test_e015_accepts_any_positive_whole_number():
    with override_settings(NEWSDESK={"FEED_ITEMS": 1}):
        assert check_settings(None) == []
