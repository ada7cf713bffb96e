"""RSS 2.0 and Atom feeds of the latest published articles, and per tag.

Sites include :mod:`newsdesk.feed_urls` (``path("news/feeds/",
include("newsdesk.feed_urls"))``) and may print autodiscovery links with
``{% feed_links %}`` (:func:`autodiscovery_links`).  Every feed reads only
``Article.objects.published()``, the newest ``NEWSDESK["FEED_ITEMS"]``
articles, in a constant number of queries: the articles with their credit
(one query), their tags (one), their corrections (one), and for a tag feed
the tag itself (one).  An item's description ends with the article's
corrections and clarifications, in the article's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.template.defaultfilters import capfirst, linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils import feedgenerator, translation
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext
from taggit.models import Tag

from newsdesk.conf import newsdesk_settings
from newsdesk.models import Article
from newsdesk.publication import publication_name
from newsdesk.structured_data import date_modified

#: An article without a standfirst is described by this many words of its body.
DESCRIPTION_WORDS = 60

DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


class NewsdeskRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with each item's language as ``<dc:language>``."""

    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:dc": DC_NAMESPACE}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class NewsdeskAtomFeed(feedgenerator.Atom1Feed):
    """Atom with each entry's language as ``xml:lang``."""

    def item_attributes(self, item) -> dict[str, str]:
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes = {**attributes, "xml:lang": item["language"]}
        return attributes


@dataclass(frozen=True)
class FeedSubject:
    """What one request's feed is about: the publication, and a tag or None.

    Feed instances are shared by every request (they live in the URLconf),
    so per-request values travel in this object, never on ``self``."""

    publication: str
    tag: Tag | None = None


def _article_list_url() -> str:
    try:
        return reverse("newsdesk_article_list")
    except NoReverseMatch:
        return "/"


class LatestArticlesFeed(Feed):
    """RSS 2.0: the newest published articles, newest first."""

    feed_type: type[feedgenerator.SyndicationFeed] = NewsdeskRssFeed

    def get_object(self, request, *args: Any, **kwargs: Any) -> FeedSubject:
        return FeedSubject(publication_name(get_current_site(request)))

    def title(self, obj: FeedSubject) -> str:
        return gettext("%(publication)s: latest news") % {"publication": obj.publication}

    def description(self, obj: FeedSubject) -> str:
        return gettext("The latest articles published by %(publication)s.") % {"publication": obj.publication}

    def link(self, obj: FeedSubject) -> str:
        return _article_list_url()

    def author_name(self, obj: FeedSubject) -> str:
        return obj.publication

    def items(self, obj: FeedSubject):
        articles = Article.objects.published()
        if obj.tag is not None:
            articles = articles.filter(tags=obj.tag)
        # Only what an item prints: the raw source text can be as long as
        # the body and is never shown.
        return (
            articles.select_related("credit")
            .prefetch_related("tags", "corrections")
            .defer("source_text")
            .newest_first()[: newsdesk_settings.FEED_ITEMS]
        )

    def item_title(self, item: Article) -> str:
        # RSS readers treat <title> as HTML: escaped once here, as Django does.
        return escape(item.headline)

    def item_description(self, item: Article) -> str:
        if item.standfirst:
            summary = item.standfirst  # sanitised HTML, as saved
        else:
            summary = Truncator(item.body).words(DESCRIPTION_WORDS, html=True)
        return summary + corrections_html(item)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        # When the story last changed for readers, as its structured data says.
        return date_modified(item)

    def item_author_name(self, item: Article) -> str | None:
        return item.credit_label or None

    def item_categories(self, item: Article) -> list[str]:
        return sorted(tag.name for tag in item.tags.all())

    def item_extra_kwargs(self, item: Article) -> dict[str, Any]:
        return {"language": item.language}


def corrections_html(article: Article) -> str:
    """The article's corrections and clarifications as HTML paragraphs for a
    feed item's description (``"<p>Correction: …</p>"``), in the article's
    language; "" when it has none.  Their text is plain: escaped, its line
    breaks kept as ``<br>``.  Reads the prefetched ``corrections.all()``."""
    corrections = article.corrections.all()
    if not corrections:
        return ""
    paragraphs = []
    with translation.override(article.language or None):
        for correction in corrections:
            line = gettext("%(kind)s: %(text)s") % {
                "kind": capfirst(correction.get_kind_display()),
                "text": correction.text.strip(),
            }
            paragraphs.append(f"<p>{linebreaksbr(line, autoescape=True)}</p>")
    return "".join(paragraphs)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """Atom: the same articles as :class:`LatestArticlesFeed`."""

    feed_type = NewsdeskAtomFeed

    def subtitle(self, obj: FeedSubject) -> str:
        return self.description(obj)

    def item_title(self, item: Article) -> str:
        # Atom's <title> is plain text (no type="html"): not escaped twice.
        return item.headline


class TagFeedMixin:
    """A feed of one tag's articles, found by the tag's slug (404 if unknown)."""

    def get_object(self, request, *args: Any, **kwargs: Any) -> FeedSubject:
        tag = Tag.objects.get(slug=kwargs["slug"])  # DoesNotExist: the view answers 404
        return FeedSubject(publication_name(get_current_site(request)), tag)

    def title(self, obj: FeedSubject) -> str:
        assert obj.tag is not None
        return gettext("%(publication)s: articles tagged %(tag)s") % {
            "publication": obj.publication, "tag": obj.tag.name,
        }

    def description(self, obj: FeedSubject) -> str:
        assert obj.tag is not None
        return gettext("The latest articles tagged %(tag)s published by %(publication)s.") % {
            "publication": obj.publication, "tag": obj.tag.name,
        }


class TagFeed(TagFeedMixin, LatestArticlesFeed):
    """RSS 2.0 of one tag's newest published articles."""


class TagAtomFeed(TagFeedMixin, LatestArticlesAtomFeed):
    """Atom of one tag's newest published articles."""


RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


def autodiscovery_links(request=None, tag: Any = None) -> SafeString:
    """``<link rel="alternate">`` elements for the feeds whose URLs reverse.

    The site-wide RSS and Atom feeds, then, when ``tag`` is given (a taggit
    ``Tag`` or a slug), that tag's feeds.  A feed whose URL does not reverse
    (the site did not include :mod:`newsdesk.feed_urls`) is left out
    silently.  With a ``request`` the addresses are absolute.
    """
    candidates: list[tuple[str, dict[str, str], str, str]] = [
        ("newsdesk_feed_rss", {}, RSS_TYPE, gettext("Latest news (RSS)")),
        ("newsdesk_feed_atom", {}, ATOM_TYPE, gettext("Latest news (Atom)")),
    ]
    if tag is not None and tag != "":
        slug = str(getattr(tag, "slug", tag))
        name = str(getattr(tag, "name", slug))
        candidates += [
            ("newsdesk_tag_feed_rss", {"slug": slug}, RSS_TYPE,
             gettext("Articles tagged %(tag)s (RSS)") % {"tag": name}),
            ("newsdesk_tag_feed_atom", {"slug": slug}, ATOM_TYPE,
             gettext("Articles tagged %(tag)s (Atom)") % {"tag": name}),
        ]
    links = []
    for url_name, kwargs, mime_type, title in candidates:
        try:
            url = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        if request is not None:
            url = request.build_absolute_uri(url)
        links.append((mime_type, title, url))
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
