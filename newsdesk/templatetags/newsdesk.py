"""``{% load newsdesk %}``: thin tags that delegate to newsdesk's layers.

Calendar maths lives in :mod:`newsdesk.calendars` / :mod:`newsdesk.hijri`,
weather in :mod:`newsdesk.weather`; this module only adapts them to
templates.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from newsdesk.feeds import autodiscovery_links
from newsdesk.hijri import dual_date_text, format_hijri_value, today_dual_date_text
from newsdesk.structured_data import article_meta_html
from newsdesk.weather.service import widget_context

register = template.Library()


@register.simple_tag
def weather_widget(slug: str) -> str:
    """``{% weather_widget "oman" %}``: the stored reading for that widget,
    rendered with ``newsdesk/weather_widget.html``; "" when there is none.
    Reads the cache (else one query); never calls a weather provider."""
    context = widget_context(str(slug))
    return render_to_string("newsdesk/weather_widget.html", context) if context else ""


# --- dual Gregorian/Hijri dates (newsdesk.hijri) ---


@register.simple_tag
def dual_date(value, gregorian_format=None, hijri_format=None, lang=None, separator=None, digits=None) -> str:
    """``{% dual_date article.published_at %}`` → the seed page's date bar,
    in Arabic when the active language is Arabic.

    Optional: Gregorian and Hijri part formats, ``lang="en"``/``"ar"``,
    ``separator``, ``digits="western"``/``"arabic-indic"``.
    Never raises; see :func:`newsdesk.hijri.dual_date_text`.
    """
    return dual_date_text(value, gregorian_format, hijri_format, lang=lang, separator=separator, digits=digits)


@register.simple_tag
def today_dual_date(gregorian_format=None, hijri_format=None, lang=None, separator=None, digits=None) -> str:
    """``{% today_dual_date %}``: today's date bar in the site's time zone."""
    return today_dual_date_text(gregorian_format, hijri_format, lang=lang, separator=separator, digits=digits)


@register.filter
def hijri(value, fmt=None) -> str:
    """``{{ value|hijri }}`` / ``{{ value|hijri:"F j, Y" }}``; "" on bad input.
    In the active language; digits follow ``NEWSDESK["DATE_DIGITS"]``."""
    return format_hijri_value(value, fmt)


# --- feeds: autodiscovery links (newsdesk.feeds) ---


@register.simple_tag(takes_context=True)
def feed_links(context, tag=None) -> str:
    """``{% feed_links %}`` / ``{% feed_links tag %}`` in ``<head>``: RSS and
    Atom ``<link rel="alternate">`` for the feeds the site includes (a tag's
    too when given a taggit ``Tag`` or slug); nothing when none reverse."""
    return autodiscovery_links(context.get("request"), tag)


# --- structured data and Open Graph (newsdesk.structured_data) ---


@register.simple_tag(takes_context=True)
def article_meta(context, article) -> str:
    """``{% article_meta article %}`` in ``<head>``: Open Graph ``<meta>`` tags
    and the schema.org ``NewsArticle`` JSON-LD (:mod:`newsdesk.structured_data`).
    URLs are absolute when the context has a ``request``, left out otherwise."""
    return article_meta_html(article, context.get("request"))


# --- preview banner (newsdesk.views) ---
