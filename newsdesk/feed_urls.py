"""RSS and Atom feeds; include under any prefix:
``path("news/feeds/", include("newsdesk.feed_urls"))``.

Tag slugs may be Arabic (django-taggit keeps Unicode in slugs), hence
``<str:slug>`` rather than ``<slug:slug>``.
"""

from __future__ import annotations

from django.urls import path

from newsdesk.feeds import LatestArticlesAtomFeed, LatestArticlesFeed, TagAtomFeed, TagFeed

urlpatterns = [
    path("rss/", LatestArticlesFeed(), name="newsdesk_feed_rss"),
    path("atom/", LatestArticlesAtomFeed(), name="newsdesk_feed_atom"),
    path("tag/<str:slug>/rss/", TagFeed(), name="newsdesk_tag_feed_rss"),
    path("tag/<str:slug>/atom/", TagAtomFeed(), name="newsdesk_tag_feed_atom"),
]
