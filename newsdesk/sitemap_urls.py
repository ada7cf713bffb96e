"""Sitemaps; include at the site's root: ``path("", include("newsdesk.sitemap_urls"))``.

``sitemap.xml`` is the index (``newsdesk_sitemap_index``); it names
``sitemap-articles.xml`` (every published article) and ``sitemap-news.xml``
(the Google News sitemap), both ``newsdesk_sitemap`` with a ``section``.
Needs ``"django.contrib.sitemaps"`` in ``INSTALLED_APPS``.
"""

from __future__ import annotations

from django.urls import path

from newsdesk import sitemaps

urlpatterns = [
    path("sitemap.xml", sitemaps.index, name="newsdesk_sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="newsdesk_sitemap"),
]
