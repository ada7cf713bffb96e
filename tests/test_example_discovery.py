"""The example site wires the discovery outputs as a real site would:
``/robots.txt`` names ``/sitemap.xml`` by its absolute address, the index
names the article and Google News sitemaps, the feeds live under
``/feeds/``, and every page's ``<head>`` links to them.

The demo runs in a subprocess with its own settings (``demo.settings``) on
a fresh SQLite file, after its own steps (``migrate``, ``setup_demo``, which
publishes the five samples in ``example_project/wire_samples/``); Django's
test client reads the pages there, as the host ``localhost``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_project"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
URLS = ["/robots.txt", "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-news.xml", "/feeds/rss/", "/feeds/atom/", "/"]

READ_THE_DEMO = f"""
import io, json
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from newsdesk.checks import check_sitemaps_app
call_command("migrate", "--no-input", verbosity=0)
call_command("setup_demo", stdout=io.StringIO(), stderr=io.StringIO())
client = Client(HTTP_HOST="localhost")
pages = {{}}
for url in {URLS!r}:
    response = client.get(url)
    pages[url] = {{"status": response.status_code, "type": response["Content-Type"],
                  "body": response.content.decode()}}
pages["checks"] = [message.id for message in check_sitemaps_app(None)]
print(json.dumps(pages))
"""


@pytest.fixture(scope="module")
def demo_pages(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "NEWSDESK_TEST_DB"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="demo.settings", DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(ROOT),
        DJANGO_DEBUG="0",
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_THE_DEMO], cwd=EXAMPLE, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_robots_txt_names_the_sitemap_index_by_its_absolute_address(demo_pages):
    robots = demo_pages["/robots.txt"]
    assert (robots["status"], robots["type"]) == (200, "text/plain; charset=utf-8")
    assert robots["body"] == "User-agent: *\nDisallow: /admin/\nSitemap: http://localhost/sitemap.xml\n"


def test_the_sitemap_index_names_the_article_and_news_sitemaps(demo_pages):
    assert demo_pages["checks"] == []  # django.contrib.sitemaps is installed: no newsdesk.W003
    index = ET.fromstring(demo_pages["/sitemap.xml"]["body"])
    assert [entry.findtext(f"{SM}loc") for entry in index] == [
        "http://localhost/sitemap-articles.xml",
        "http://localhost/sitemap-news.xml",
    ]
    assert len(ET.fromstring(demo_pages["/sitemap-articles.xml"]["body"])) == 5


def test_the_news_sitemap_lists_the_freshly_published_samples(demo_pages):
    urlset = ET.fromstring(demo_pages["/sitemap-news.xml"]["body"])
    assert len(urlset) == 5  # setup_demo publishes the five samples now
    names = {url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") for url in urlset}
    assert names == {"The Newsdesk Demo"}  # NEWSDESK["PUBLICATION_NAME"] in demo.settings
    titles = {url.findtext(f"{NEWS}news/{NEWS}title") for url in urlset}
    assert "Russia, US diplomats discuss 'next steps' on Ukraine" in titles  # 000_f126c589adc6e714.txt
    languages = {url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}language") for url in urlset}
    assert languages == {"en", "ar"}  # 003_arabic_exhibition.txt is in Arabic


def test_the_feeds_are_served_under_feeds(demo_pages):
    for url in ("/feeds/rss/", "/feeds/atom/"):
        feed = feedparser.parse(demo_pages[url]["body"].encode())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.title == "The Newsdesk Demo: latest news"
        assert len(feed.entries) == 5
        assert all(entry.link.startswith("http://localhost/") for entry in feed.entries)


def test_the_front_page_links_to_the_feeds(demo_pages):
    page = demo_pages["/"]["body"]
    head = page.split("<head>", 1)[1].split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Latest news (RSS)" '
        'href="http://localhost/feeds/rss/">'
    ) in head
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Latest news (Atom)" '
        'href="http://localhost/feeds/atom/">'
    ) in head
