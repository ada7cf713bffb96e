"""What an article page tells search engines and link previews about its story:
schema.org ``NewsArticle`` JSON-LD and Open Graph ``<meta>`` tags.

:func:`article_json_ld` and :func:`open_graph` build plain data from an
:class:`~newsdesk.models.Article`; :func:`article_meta_html` turns both into
safe HTML, which ``{% article_meta article %}`` prints.  Only the article's
own fields, its ``credit`` and the prefetched ``captions.all()``,
``tags.all()`` and ``corrections.all()`` are read, so an article fetched
with ``Article.objects.published().for_listing()`` costs no query here.

Nothing is invented: a field the article lacks (no standfirst, no photo, no
byline and no credit) is left out rather than filled with a guess, and a
URL that cannot be made absolute (no request to take the host from) is left
out too, since crawlers and link previews need absolute URLs.
"""

from __future__ import annotations

import datetime
import html
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib.sites.shortcuts import get_current_site
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe

from newsdesk.publication import publication_name

if TYPE_CHECKING:
    from django.http import HttpRequest

    from newsdesk.models import Article, Caption

#: ``og:locale`` for a bare language code.  Open Graph wants
#: ``language_TERRITORY``; these are the locales Facebook's list uses for
#: each language (``ar_AR`` is its one Arabic locale).  A language stored
#: with a territory (``en-GB``, ``ar-OM``) is printed as it is (``en_GB``,
#: ``ar_OM``); any other bare code prints no ``og:locale`` rather than a
#: made-up territory.
OG_LOCALES: dict[str, str] = {
    "ar": "ar_AR",
    "en": "en_US",
    "fa": "fa_IR",
    "fr": "fr_FR",
    "hi": "hi_IN",
    "ur": "ur_PK",
}

# What json_script() escapes, so that no value can close the <script>
# element or open a comment in it: "</script>" becomes "\u003C/script\u003E",
# which JSON reads back as the same text.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def article_json_ld(article: Article, request: HttpRequest | None = None) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` for ``article``, as a dict ready for JSON.

    With ``request``, ``url``, ``mainEntityOfPage`` and a relative image URL
    are made absolute from its host; without it they are left out.
    """
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        # The headline as printed, never cut: Google dropped its 110-character
        # limit in 2023 (schema.org never had one), and a cut headline can
        # say something the story does not.
        "headline": _plain_line(article.headline),
    }
    url = _absolute(article.get_absolute_url(), request)
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    if article.published_at is not None:
        data["datePublished"] = iso_datetime(article.published_at)
    modified = date_modified(article)
    if modified is not None:
        data["dateModified"] = iso_datetime(modified)
    if article.language:
        data["inLanguage"] = article.language
    if article.dateline.strip():
        data["dateline"] = _plain_line(article.dateline)
    description = _plain_text(article.standfirst)
    if description:
        data["description"] = description
    image = _image_url(_first_photo(article), request)
    if image:
        data["image"] = image
    author = _author(article)
    if author is not None:
        data["author"] = author
    publisher = _publisher(request)
    if publisher is not None:
        data["publisher"] = publisher
    keywords = _tag_names(article)
    if keywords:
        data["keywords"] = keywords
    corrections = _corrections(article)
    if corrections:
        data["correction"] = corrections
    return data


def open_graph(article: Article, request: HttpRequest | None = None) -> list[tuple[str, str]]:
    """The Open Graph ``(property, content)`` pairs for ``article``, in the
    order they print.  Values are plain text; :func:`article_meta_html`
    escapes them."""
    pairs = [("og:type", "article"), ("og:title", _plain_line(article.headline))]
    description = _plain_text(article.standfirst)
    if description:
        pairs.append(("og:description", description))
    url = _absolute(article.get_absolute_url(), request)
    if url:
        pairs.append(("og:url", url))
    photo = _first_photo(article)
    image = _image_url(photo, request)
    if photo is not None and image:
        pairs.append(("og:image", image))
        alt = _plain_line(photo.alt_text) or _plain_text(photo.text)
        if alt:
            pairs.append(("og:image:alt", alt))
    locale = og_locale(article.language)
    if locale:
        pairs.append(("og:locale", locale))
    site_name = _publication_name(request)
    if site_name:
        pairs.append(("og:site_name", site_name))
    if article.published_at is not None:
        pairs.append(("article:published_time", iso_datetime(article.published_at)))
    modified = date_modified(article)
    if modified is not None:
        pairs.append(("article:modified_time", iso_datetime(modified)))
    pairs.extend(("article:tag", name) for name in _tag_names(article))
    return pairs


def article_meta_html(article: Article, request: HttpRequest | None = None) -> SafeString:
    """The Open Graph ``<meta>`` tags, one a line, then the JSON-LD
    ``<script>``: what ``{% article_meta article %}`` prints."""
    meta = format_html_join("\n", '<meta property="{}" content="{}">', open_graph(article, request))
    return format_html("{}\n{}", meta, json_ld_script(article_json_ld(article, request)))


def json_ld_script(data: Any) -> SafeString:
    """``data`` as JSON in a ``<script type="application/ld+json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003C``, ``\\u003E`` and
    ``\\u0026`` (as Django's ``json_script`` does), so no value can end the
    element early; JSON parsers read them back as the same characters.
    Other text (Arabic included) is written as it is.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def og_locale(language: str) -> str:
    """``og:locale`` for an article's language: ``"ar"`` → ``"ar_AR"``,
    ``"en-GB"`` → ``"en_GB"``; ``""`` when no sensible locale is known."""
    code, _, territory = (language or "").strip().replace("-", "_").partition("_")
    code = code.lower()
    if not code:
        return ""
    territory = territory.split("_")[0]
    if len(territory) == 2 and territory.isalpha():
        return f"{code}_{territory.upper()}"
    return OG_LOCALES.get(code, "")


def date_modified(article: Article) -> datetime.datetime | None:
    """When the story last changed for readers, as search engines and feed
    readers are told: the "Updated" time its page prints
    (``Article.updated_for_readers``), else its publication time.

    Not ``updated_at``, which moves on every save (a tag added, a status
    changed, a scheduled article saved before it goes live) and would say
    the story changed when readers saw nothing new, or even that it changed
    before it was published.  An article published with no date falls back
    on ``updated_at``, the only time it has.
    """
    return article.updated_for_readers or article.published_at or article.updated_at


def iso_datetime(value: datetime.datetime) -> str:
    """ISO 8601 to the second, with the offset of the site's time zone
    (``2025-12-07T09:30:00+04:00`` in Muscat)."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).isoformat(timespec="seconds")


def _author(article: Article) -> dict[str, Any] | list[dict[str, Any]] | None:
    """The byline as a ``Person`` and the wire credit as an ``Organization``:
    both when the article has both (a reporter's story with AFP material),
    one alone when it has one."""
    authors: list[dict[str, Any]] = []
    byline = _plain_line(article.byline)
    if byline:
        authors.append({"@type": "Person", "name": byline})
    credit = _credit_organization(article)
    if credit is not None:
        authors.append(credit)
    if not authors:
        return None
    return authors[0] if len(authors) == 1 else authors


def _publisher(request: HttpRequest | None) -> dict[str, Any] | None:
    """The site that publishes the page, never the agency: an agency's name
    as publisher would tell search engines AFP runs this site."""
    name = _publication_name(request)
    return {"@type": "Organization", "name": name} if name else None


def _publication_name(request: HttpRequest | None) -> str:
    """The publication, as the feeds and the news sitemap name it
    (:func:`newsdesk.publication.publication_name`): ``PUBLICATION_NAME``,
    else the current site's name, else the request's host."""
    site = get_current_site(request) if request is not None else None
    return publication_name(site)


def _credit_organization(article: Article) -> dict[str, Any] | None:
    """The wire credit as an ``Organization``: the agency's full name, its
    short name (how the credit prints) as ``alternateName`` and its website;
    a free-text credit by its text alone."""
    credit = article.credit
    if credit is not None:
        name = _plain_line(credit.name) or _plain_line(credit.short_name)
        organization: dict[str, Any] = {"@type": "Organization", "name": name}
        if credit.short_name and credit.short_name != name:
            organization["alternateName"] = _plain_line(credit.short_name)
        if credit.website:
            organization["url"] = credit.website
        return organization
    text = _plain_line(article.credit_text)
    return {"@type": "Organization", "name": text} if text else None


def _first_photo(article: Article) -> Caption | None:
    # captions.all(), never a filter(): the prefetched list, no query.
    return next((caption for caption in article.captions.all() if caption.image), None)


def _image_url(caption: Caption | None, request: HttpRequest | None) -> str:
    return _absolute(caption.image.url, request) if caption is not None else ""


def _corrections(article: Article) -> list[dict[str, Any]]:
    """Each correction and clarification as a schema.org ``CorrectionComment``
    (its text on one line), oldest first: the prefetched ``corrections.all()``,
    no query."""
    comments = []
    for correction in article.corrections.all():
        comment: dict[str, Any] = {"@type": "CorrectionComment", "text": _plain_line(correction.text)}
        if correction.published_at is not None:
            comment["datePublished"] = iso_datetime(correction.published_at)
        comments.append(comment)
    return comments


def _tag_names(article: Article) -> list[str]:
    # tags.all(), sorted here rather than by order_by(), which would query.
    return sorted((tag.name for tag in article.tags.all()), key=str.casefold)


def _absolute(url: str, request: HttpRequest | None) -> str:
    """``url`` made absolute from ``request``; an already absolute URL (a CDN's
    MEDIA_URL) as it is; "" when neither is possible."""
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return url
    return request.build_absolute_uri(url) if request is not None else ""


def _plain_text(value: str) -> str:
    """Sanitised HTML (a standfirst, a caption) as one line of plain text."""
    return _plain_line(html.unescape(strip_tags(value or "")))


def _plain_line(value: str) -> str:
    return " ".join((value or "").split())
