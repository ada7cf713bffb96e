"""Sitemaps (newsdesk.sitemaps): every published article with its lastmod, the
Google News sitemap's rules (two days, 1,000 URLs, publication name and
language, date, title), the index, constant queries, and newsdesk.W003.

tests/urls.py includes ``newsdesk.sitemap_urls`` at the root and the article
pages at ``/news/``; the client's host is ``testserver``; the site's time zone
is Asia/Muscat (UTC+4, no daylight saving).
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.test import RequestFactory, override_settings
from django.urls import include, path
from django.utils import timezone

from newsdesk.checks import check_sitemaps_app
from newsdesk.models import Article
from newsdesk.publication import publication_name
from newsdesk.sitemaps import news_language
from tests.factories import make_article, make_published, make_published_stories

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
UTC = datetime.timezone.utc

# A URLconf without newsdesk's sitemaps: newsdesk.W003 stays quiet.
urlpatterns = [path("news/", include("newsdesk.urls"))]


def _xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def _now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


# --- the article sitemap ---


def test_article_sitemap_lists_published_articles_with_lastmod(client):
    port = make_published("Duqm port opens", datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC))
    # 22:30 UTC on the 7th is 02:30 on the 8th in Muscat: lastmod is the local day.
    Article.objects.filter(pk=port.pk).update(updated_at=datetime.datetime(2025, 12, 7, 22, 30, tzinfo=UTC))
    rain = make_published("Rain in Salalah", datetime.datetime(2025, 12, 6, 6, 0, tzinfo=UTC))
    Article.objects.filter(pk=rain.pk).update(updated_at=datetime.datetime(2025, 12, 6, 6, 0, tzinfo=UTC))
    now = timezone.now()
    make_article("A draft")
    make_article("Ready", status=Article.Status.READY)
    make_article("Withdrawn", status=Article.Status.WITHDRAWN, published_at=now - datetime.timedelta(days=1))
    make_published("Scheduled", now + datetime.timedelta(hours=1))

    urlset = _xml(client, "/sitemap-articles.xml")

    assert urlset.tag == f"{SM}urlset"
    assert [(url.findtext(f"{SM}loc"), url.findtext(f"{SM}lastmod")) for url in urlset] == [
        (f"http://testserver/news/{port.pk}/duqm-port-opens/", "2025-12-08"),
        (f"http://testserver/news/{rain.pk}/rain-in-salalah/", "2025-12-06"),
    ]


def test_index_names_both_sections_with_their_lastmod(client):
    port = make_published("Duqm port opens", datetime.datetime(2025, 12, 7, 6, 0, tzinfo=UTC))
    Article.objects.filter(pk=port.pk).update(updated_at=datetime.datetime(2025, 12, 7, 22, 30, tzinfo=UTC))

    index = _xml(client, "/sitemap.xml")

    assert index.tag == f"{SM}sitemapindex"
    assert [(entry.findtext(f"{SM}loc"), entry.findtext(f"{SM}lastmod")) for entry in index] == [
        ("http://testserver/sitemap-articles.xml", "2025-12-08T02:30:00+04:00"),
        # Nothing published in the last two days: no news, no lastmod.
        ("http://testserver/sitemap-news.xml", None),
    ]
    assert len(_xml(client, "/sitemap-news.xml")) == 0


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-weather.xml").status_code == 404


# --- the Google News sitemap ---


def test_news_sitemap_holds_the_last_two_days_with_name_language_date_and_title(client):
    now = _now()
    hour_ago = now - datetime.timedelta(hours=1)
    latest = make_published("Duqm's \"new\" berth & cranes <open>", hour_ago, language="en-GB")
    arabic = make_published("أمطار في صلالة", now - datetime.timedelta(hours=47), language="ar")
    make_published("Three days old", now - datetime.timedelta(days=3))
    make_published("49 hours old", now - datetime.timedelta(hours=49))
    make_published("Scheduled", now + datetime.timedelta(hours=1))
    make_article("A draft", published_at=hour_ago)
    make_article("Ready", status=Article.Status.READY, published_at=hour_ago)
    make_article("Withdrawn", status=Article.Status.WITHDRAWN, published_at=hour_ago)

    urlset = _xml(client, "/sitemap-news.xml")

    assert urlset.tag == f"{SM}urlset"
    rows = [
        (
            url.findtext(f"{SM}loc"),
            url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name"),
            url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language"),
            url.findtext(f"{NEWS}news/{NEWS}publication_date"),
            url.findtext(f"{NEWS}news/{NEWS}title"),
        )
        for url in urlset
    ]
    muscat = datetime.timedelta(hours=4)
    assert rows == [
        (
            f"http://testserver/news/{latest.pk}/duqms-new-berth-cranes-open/",
            "testserver",  # no PUBLICATION_NAME, no django.contrib.sites: the request's host
            "en",
            (hour_ago + muscat).strftime("%Y-%m-%dT%H:%M:%S") + "+04:00",
            "Duqm's \"new\" berth & cranes <open>",
        ),
        (
            f"http://testserver/news/{arabic.pk}/{quote('أمطار-في-صلالة')}/",  # percent-encoded
            "testserver",
            "ar",
            (now - datetime.timedelta(hours=47) + muscat).strftime("%Y-%m-%dT%H:%M:%S") + "+04:00",
            "أمطار في صلالة",
        ),
    ]


def test_news_sitemap_names_the_publication_from_the_setting(client):
    make_published("Duqm port opens", _now() - datetime.timedelta(hours=1))
    with override_settings(NEWSDESK={"PUBLICATION_NAME": "Dhofar Ledger"}):
        urlset = _xml(client, "/sitemap-news.xml")
    assert [url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") for url in urlset] == ["Dhofar Ledger"]


def test_news_sitemap_holds_at_most_1000_urls_the_newest(client):
    now = _now()
    # bulk_create skips Article.save (sanitising, slugs): plain headlines need neither.
    Article.objects.bulk_create(
        Article(
            headline=f"Story {n}", slug=f"story-{n}", status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(seconds=n),
        )
        for n in range(1, 1006)
    )

    urlset = _xml(client, "/sitemap-news.xml")

    titles = [url.findtext(f"{NEWS}news/{NEWS}title") for url in urlset]
    assert len(titles) == 1000
    assert titles == [f"Story {n}" for n in range(1, 1001)]  # newest first; 1001-1005 left out
    assert client.get("/sitemap-news.xml?p=2").status_code == 404
    index = _xml(client, "/sitemap.xml")
    locs = [entry.findtext(f"{SM}loc") for entry in index]
    # The article sitemap keeps them all, on one page (50,000 per page).
    assert locs == ["http://testserver/sitemap-articles.xml", "http://testserver/sitemap-news.xml"]
    assert len(_xml(client, "/sitemap-articles.xml")) == 1005


@pytest.mark.parametrize("count", [3, 30])
def test_sitemaps_run_a_constant_number_of_queries(client, django_assert_num_queries, count):
    make_published_stories(count, _now())
    # 1. count the section's articles (the paginator), 2. read the page.
    with django_assert_num_queries(2):
        assert len(_xml(client, "/sitemap-articles.xml")) == count
    with django_assert_num_queries(2):
        assert len(_xml(client, "/sitemap-news.xml")) == count
    # Per section: 1. the newest updated_at (an aggregate), 2. the count (pages).
    with django_assert_num_queries(4):
        assert len(_xml(client, "/sitemap.xml")) == 2


# --- helpers ---


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en"), ("en-GB", "en"), ("ar", "ar"), ("ar_OM", "ar"), ("zh-Hans", "zh-cn"), ("zh_TW", "zh-tw"),
     ("zh-hant", "zh-tw"), ("zh-cn", "zh-cn"), ("zh", "zh"), ("", "")],
)
def test_news_language_is_iso_639_with_googles_chinese_exceptions(code, expected):
    assert news_language(code) == expected


def test_publication_name_prefers_the_setting_then_the_sites_name_then_the_host():
    request = RequestFactory().get("/", HTTP_HOST="example-times.om")
    assert publication_name(RequestSite(request)) == "example-times.om"
    with override_settings(NEWSDESK={"PUBLICATION_NAME": "  Times of Oman "}):
        assert publication_name(RequestSite(request)) == "Times of Oman"
    # A site with its own name (as a django.contrib.sites Site has), and one
    # whose name is empty.  Installing django.contrib.sites for this test
    # alone would leave its models behind for the admin tests that follow.
    site = RequestSite(RequestFactory().get("/", HTTP_HOST="timesofoman.com"))
    site.name = "Times of Oman"
    assert publication_name(site) == "Times of Oman"
    site.name = ""
    assert publication_name(site) == "timesofoman.com"


# --- newsdesk.W003 ---


def test_w003_sitemaps_included_without_the_sitemaps_app():
    assert check_sitemaps_app(None) == []
    apps = [app for app in settings.INSTALLED_APPS if app != "django.contrib.sitemaps"]
    with override_settings(INSTALLED_APPS=apps):
        messages = check_sitemaps_app(None)
        with override_settings(ROOT_URLCONF=__name__):
            assert check_sitemaps_app(None) == []  # no newsdesk sitemaps served: nothing to say
    assert [m.id for m in messages] == ["newsdesk.W003"]
    assert messages[0].hint == 'Add "django.contrib.sitemaps" to INSTALLED_APPS.'


def test_w003_is_registered():
    from django.core import checks

    assert check_sitemaps_app in checks.registry.registry.get_checks()
