"""``{% article_meta article %}``: schema.org NewsArticle JSON-LD and Open Graph.

Expected values are written out by hand from the article built in each test:
published 2025-12-07 05:30 UTC is 09:30 in Muscat (the suite's TIME_ZONE,
UTC+4, no daylight saving), AFP is the seeded credit "Agence France-Presse"
(website https://www.afp.com/).
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.test import override_settings

from newsdesk.models import Article
from newsdesk.structured_data import og_locale
from tests.factories import afp, make_article, make_caption

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
PUBLISHED = datetime.datetime(2025, 12, 7, 5, 30, tzinfo=UTC)  # 09:30 in Muscat
UPDATED = datetime.datetime(2025, 12, 7, 8, 0, tzinfo=UTC)  # 12:00 in Muscat
HOST = "news.example.om"

SCRIPT_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _published(headline: str, **fields) -> Article:
    """A published article, published at :data:`PUBLISHED`."""
    return make_article(headline, status=Article.Status.PUBLISHED, published_at=PUBLISHED, **fields)


def _fetch(article: Article) -> Article:
    """``article`` updated for readers at :data:`UPDATED` (``revised_at``, and
    ``updated_at`` with it), read back as the article page reads it (with
    ``for_listing()``'s prefetches)."""
    Article.objects.filter(pk=article.pk).update(updated_at=UPDATED, revised_at=UPDATED)
    return Article.objects.published().for_listing().get(pk=article.pk)


def _render(article: Article, rf=None) -> str:
    context = {"article": article}
    if rf is not None:
        context["request"] = rf.get("/", secure=True, HTTP_HOST=HOST)
    return Template("{% load newsdesk %}{% article_meta article %}").render(Context(context))


def _json_ld(html: str) -> dict:
    scripts = SCRIPT_RE.findall(html)
    assert len(scripts) == 1, html
    return json.loads(scripts[0])


def _meta(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<meta property="([^"]*)" content="([^"]*)">', html)


def test_exact_output_without_a_request():
    """No request: no URL can be made absolute, so none is printed."""
    article = _fetch(_published("Rain in Salalah"))
    assert _render(article) == (
        '<meta property="og:type" content="article">\n'
        '<meta property="og:title" content="Rain in Salalah">\n'
        '<meta property="og:locale" content="en_US">\n'
        '<meta property="article:published_time" content="2025-12-07T09:30:00+04:00">\n'
        '<meta property="article:modified_time" content="2025-12-07T12:00:00+04:00">\n'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "Rain in Salalah", "datePublished": "2025-12-07T09:30:00+04:00", '
        '"dateModified": "2025-12-07T12:00:00+04:00", "inLanguage": "en"}</script>'
    )


@override_settings(NEWSDESK={"PUBLICATION_NAME": "Muscat Daily Ledger"})
def test_json_ld_fields_and_their_sources(rf):
    article = _published(
        "Muscat port opens a second terminal",
        dateline="MUSCAT",
        byline="Salim Al Harthy",
        credit=afp(),
        standfirst="<p>Ships <em>dock</em> &amp; unload\n from Monday.</p>",
    )
    article.tags.add("Ports", "economy")
    url = f"https://{HOST}/news/{article.pk}/muscat-port-opens-a-second-terminal/"
    assert _json_ld(_render(_fetch(article), rf)) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Muscat port opens a second terminal",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": "2025-12-07T09:30:00+04:00",
        "dateModified": "2025-12-07T12:00:00+04:00",
        "inLanguage": "en",
        "dateline": "MUSCAT",
        "description": "Ships dock & unload from Monday.",
        # The reporter and the agency are the authors; the publication (not
        # AFP) publishes it.
        "author": [
            {"@type": "Person", "name": "Salim Al Harthy"},
            {
                "@type": "Organization", "name": "Agence France-Presse",
                "alternateName": "AFP", "url": "https://www.afp.com/",
            },
        ],
        "publisher": {"@type": "Organization", "name": "Muscat Daily Ledger"},
        # Sorted without regard to case.
        "keywords": ["economy", "Ports"],
    }


@override_settings(NEWSDESK={"PUBLICATION_NAME": "Muscat Daily Ledger"})
def test_open_graph_tags(rf):
    article = _published("Muscat port opens", standfirst="<p>Two berths.</p>")
    article.tags.add("Ports", "economy")
    assert _meta(_render(_fetch(article), rf)) == [
        ("og:type", "article"),
        ("og:title", "Muscat port opens"),
        ("og:description", "Two berths."),
        ("og:url", f"https://{HOST}/news/{article.pk}/muscat-port-opens/"),
        ("og:locale", "en_US"),
        ("og:site_name", "Muscat Daily Ledger"),
        ("article:published_time", "2025-12-07T09:30:00+04:00"),
        ("article:modified_time", "2025-12-07T12:00:00+04:00"),
        ("article:tag", "economy"),
        ("article:tag", "Ports"),
    ]


def test_without_a_byline_the_credit_is_the_author_and_the_site_the_publisher(rf):
    """PUBLICATION_NAME unset (the default ""), no sites framework: the
    agency is the author, and the publisher is the site, named by the
    request's host as the feeds and the news sitemap name it; never AFP."""
    html = _render(_fetch(_published("Talks in Geneva", credit=afp())), rf)
    data = _json_ld(html)
    assert data["author"] == {
        "@type": "Organization",
        "name": "Agence France-Presse",
        "alternateName": "AFP",
        "url": "https://www.afp.com/",
    }
    assert data["publisher"] == {"@type": "Organization", "name": HOST}
    assert ("og:site_name", HOST) in _meta(html)


def test_a_free_text_credit_is_an_organization_by_its_text(rf):
    data = _json_ld(_render(_fetch(_published("Dates harvest begins", credit_text="Oman News Agency")), rf))
    assert data["author"] == {"@type": "Organization", "name": "Oman News Agency"}


def test_no_byline_and_no_credit_names_no_author(rf):
    data = _json_ld(_render(_fetch(_published("Unattributed")), rf))
    assert "author" not in data


def test_without_a_request_nothing_names_the_publisher():
    """No request and no PUBLICATION_NAME: no host to name the site by, so
    no publisher is invented (tests/settings.py has no sites framework)."""
    data = _json_ld(_render(_fetch(_published("Unattributed"))))
    assert "publisher" not in data


def test_a_hostile_headline_stays_inside_the_json_string(rf):
    headline = "</script><script>alert(1)</script>"
    html = _render(_fetch(_published(headline, standfirst="<p>a &lt;/script&gt; b</p>")), rf)
    assert "</script><script>" not in html
    assert "<script>" not in html
    # The element's own closing tag is the only one.
    assert html.count("</script>") == 1
    assert html.endswith("</script>")
    data = _json_ld(html)
    assert data["headline"] == headline
    assert data["description"] == "a </script> b"
    assert '<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in html


def test_quotes_and_ampersands_are_escaped(rf):
    headline = """Oman & UAE sign "open skies" deal, Oman's minister says"""
    html = _render(_fetch(_published(headline)), rf)
    assert (
        '<meta property="og:title" content="Oman &amp; UAE sign &quot;open skies&quot; deal, '
        'Oman&#x27;s minister says">'
    ) in html
    # In the JSON, "&" is written \u0026 and the quotes \"; both read back.
    assert r'"headline": "Oman \u0026 UAE sign \"open skies\" deal, Oman' in html
    assert _json_ld(html)["headline"] == headline


def test_image_comes_from_the_first_caption_with_an_image(rf):
    article = _published("Harbour at dawn")
    make_caption(article, "A caption without a photo.", order=0)
    make_caption(
        article,
        "<p>Cranes at <em>Sultan Qaboos</em> port.</p>",
        order=1,
        image="newsdesk/captions/2025/12/harbour.jpg",
        alt_text="Cranes at the port",
    )
    make_caption(article, "A later photo.", order=2, image="newsdesk/captions/2025/12/later.jpg")
    html = _render(_fetch(article), rf)
    image = f"https://{HOST}/media/newsdesk/captions/2025/12/harbour.jpg"
    assert _json_ld(html)["image"] == image
    meta = _meta(html)
    assert ("og:image", image) in meta
    assert ("og:image:alt", "Cranes at the port") in meta
    assert [name for name, _ in meta].count("og:image") == 1


def test_image_alt_falls_back_to_the_caption_text(rf):
    article = _published("Harbour at dawn")
    make_caption(article, "<p>Cranes at <em>Sultan Qaboos</em> port.</p>", image="newsdesk/captions/x.jpg")
    assert ("og:image:alt", "Cranes at Sultan Qaboos port.") in _meta(_render(_fetch(article), rf))


def test_no_image_key_when_no_caption_has_an_image(rf):
    article = _published("Harbour at dawn")
    make_caption(article, "A caption without a photo.")
    html = _render(_fetch(article), rf)
    assert "image" not in _json_ld(html)
    assert "og:image" not in html


@override_settings(MEDIA_URL="https://cdn.example.om/media/")
def test_an_absolute_media_url_is_kept_even_without_a_request():
    article = _published("Harbour at dawn")
    make_caption(article, "Cranes.", image="newsdesk/captions/x.jpg")
    html = _render(_fetch(article))
    assert _json_ld(html)["image"] == "https://cdn.example.om/media/newsdesk/captions/x.jpg"
    assert "og:url" not in html


def test_arabic_article(rf):
    headline = "مسقط تستضيف المعرض"
    html = _render(_fetch(_published(headline, language="ar", dateline="مسقط")), rf)
    data = _json_ld(html)
    assert data["inLanguage"] == "ar"
    assert data["dateline"] == "مسقط"
    # Written as it is, not as \u escapes.
    assert f'"headline": "{headline}"' in html
    assert ("og:locale", "ar_AR") in _meta(html)


@pytest.mark.parametrize(
    ("language", "locale"),
    [
        ("ar", "ar_AR"),
        ("en", "en_US"),
        ("EN", "en_US"),
        ("en-GB", "en_GB"),
        ("ar-om", "ar_OM"),
        ("ur", "ur_PK"),
        ("sw", ""),  # no territory known: none invented
        ("zh-Hans", ""),  # a script, not a territory
        ("", ""),
    ],
)
def test_og_locale(language, locale):
    assert og_locale(language) == locale


def test_rendering_a_prefetched_article_makes_no_query(rf, django_assert_num_queries):
    article = _published("Muscat port opens", credit=afp(), byline="Salim Al Harthy")
    article.tags.add("Ports")
    make_caption(article, "Cranes.", credit=afp(), image="newsdesk/captions/x.jpg")
    article = _fetch(article)
    # Credit (select_related), tags and captions (prefetched) are all in
    # memory; the settings and URL reversing touch no database.
    with django_assert_num_queries(0):
        html = _render(article, rf)
    assert _json_ld(html)["keywords"] == ["Ports"]


def test_real_article_page_prints_article_meta(client):
    """LEAD: passes once newsdesk/templates/newsdesk/article_detail.html calls
    ``{% article_meta article %}`` in its head block."""
    article = _published("Muscat port opens", credit=afp())
    article.tags.add("Ports")
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver/news/{article.pk}/muscat-port-opens/"
    data = _json_ld(html)
    assert data["headline"] == "Muscat port opens"
    assert data["url"] == url
    assert '<meta property="og:title" content="Muscat port opens">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    # The meta belongs in <head>, before the page's body.
    assert html.index('property="og:title"') < html.index("</head>")
    assert html.index("application/ld+json") < html.index("</head>")
