"""Sitemaps of published articles, and a Google News sitemap.

:class:`ArticleSitemap` lists every article ``Article.objects.published()``
lists, with ``lastmod`` = the later of ``updated_at`` and ``revised_at`` (a
correction changes the page without saving the article).  An article
withdrawn, killed or still under embargo is in neither sitemap.  :class:`NewsSitemap` follows
Google's news sitemap rules: only articles published in the last
:data:`NEWS_MAX_AGE` (two days), at most :data:`NEWS_MAX_URLS` (1,000) of
them, newest first, each with its publication's name and language, its
publication date and its title.

Sites include :mod:`newsdesk.sitemap_urls`; it needs
``"django.contrib.sitemaps"`` in ``INSTALLED_APPS`` for the index and the
article sitemap's templates (``manage.py check`` warns, ``newsdesk.W003``).
Each sitemap page costs two queries (a count and the page), the index two
per section, whatever the number of articles.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from newsdesk.models import Article
from newsdesk.publication import publication_name

#: Google News lists articles published in the last two days only.
NEWS_MAX_AGE = datetime.timedelta(days=2)
#: Google News reads at most 1,000 ``<url>`` elements per sitemap.
NEWS_MAX_URLS = 1000
#: Google News wants ISO 639 codes, except for Chinese: zh-cn (simplified)
#: or zh-tw (traditional).
_NEWS_CHINESE = {
    "zh-cn": "zh-cn", "zh-hans": "zh-cn", "zh-sg": "zh-cn",
    "zh-tw": "zh-tw", "zh-hant": "zh-tw", "zh-hk": "zh-tw", "zh-mo": "zh-tw",
}


def news_language(code: str) -> str:
    """An article's language as Google News writes it: ``"en-GB"`` → ``"en"``,
    ``"ar"`` → ``"ar"``, ``"zh-Hans"`` → ``"zh-cn"``, ``"zh_TW"`` → ``"zh-tw"``."""
    code = (code or "").strip().lower().replace("_", "-")
    if code in _NEWS_CHINESE:
        return _NEWS_CHINESE[code]
    return code.split("-", 1)[0]


#: An article page's last change, in SQL: ``updated_at``, or ``revised_at``
#: when later (adding a correction sets ``revised_at`` with an ``update()``,
#: which leaves ``updated_at`` alone).  Coalesce first: on SQLite and
#: MariaDB ``GREATEST`` of anything and NULL is NULL.
LAST_CHANGE = Greatest(F("updated_at"), Coalesce(F("revised_at"), F("updated_at")))


def last_change(article: Article) -> datetime.datetime:
    """:data:`LAST_CHANGE` for one article in memory: its sitemap ``lastmod``."""
    if article.revised_at is not None and article.revised_at > article.updated_at:
        return article.revised_at
    return article.updated_at


class ArticleSitemap(Sitemap):
    """Every published article; ``lastmod`` is its :func:`last_change`."""

    def items(self):
        return Article.objects.published().only("pk", "slug", "updated_at", "revised_at").newest_first()

    def lastmod(self, item: Article) -> datetime.datetime:
        return last_change(item)

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # One aggregate instead of Django's default, which loads every item.
        return Article.objects.published().aggregate(latest=Max(LAST_CHANGE))["latest"]


class NewsSitemap(Sitemap):
    """Google News: published in the last two days, at most 1,000, newest first."""

    limit = NEWS_MAX_URLS
    template_name = "newsdesk/sitemaps/news.xml"

    def _recent(self):
        since = timezone.now() - NEWS_MAX_AGE
        return Article.objects.published().filter(published_at__gte=since)

    def items(self):
        fields = ("pk", "slug", "headline", "language", "published_at", "updated_at", "revised_at")
        recent = self._recent().only(*fields)
        return recent.newest_first()[:NEWS_MAX_URLS]

    def lastmod(self, item: Article) -> datetime.datetime:
        return last_change(item)

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return self._recent().aggregate(latest=Max(LAST_CHANGE))["latest"]

    def get_urls(self, page: Any = 1, site: Any = None, protocol: str | None = None) -> list[dict[str, Any]]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        name = publication_name(site)
        for url in urls:
            article = url["item"]
            url["publication_name"] = name
            url["news_language"] = news_language(article.language)
            # W3C date-time in the site's time zone, to the second.
            url["publication_date"] = timezone.localtime(article.published_at).isoformat(timespec="seconds")
        return urls


#: The sections of :mod:`newsdesk.sitemap_urls`: ``sitemap-articles.xml``
#: and ``sitemap-news.xml``.
SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "articles": ArticleSitemap,
    "news": NewsSitemap,
}


def index(request):
    """``sitemap.xml``: the index of every section in :data:`SITEMAPS`."""
    return sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="newsdesk_sitemap")


def section(request, section: str):
    """``sitemap-<section>.xml``: one section, in its own template."""
    if section not in SITEMAPS:
        raise Http404(f"No sitemap section {section!r}.")
    template_name = getattr(SITEMAPS[section], "template_name", "sitemap.xml")
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS, section=section, template_name=template_name)
