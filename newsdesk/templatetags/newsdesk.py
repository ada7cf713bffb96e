"""``{% load newsdesk %}``: thin tags that delegate to newsdesk's layers.

Calendar maths lives in :mod:`newsdesk.calendars` / :mod:`newsdesk.hijri`,
weather in :mod:`newsdesk.weather`; this module only adapts them to
templates.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from newsdesk.hijri import dual_date_text, format_hijri_value, today_dual_date_text
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
def dual_date(value, gregorian_format=None, hijri_format=None, lang="en", separator=None) -> str:
    """``{% dual_date article.published_at %}`` → the seed page's date bar.

    Optional: Gregorian and Hijri part formats, ``lang="ar"``, ``separator``.
    Never raises; see :func:`newsdesk.hijri.dual_date_text`.
    """
    return dual_date_text(value, gregorian_format, hijri_format, lang=lang, separator=separator)


@register.simple_tag
def today_dual_date(gregorian_format=None, hijri_format=None, lang="en", separator=None) -> str:
    """``{% today_dual_date %}``: today's date bar in the site's time zone."""
    return today_dual_date_text(gregorian_format, hijri_format, lang=lang, separator=separator)


@register.filter
def hijri(value, fmt=None) -> str:
    """``{{ value|hijri }}`` / ``{{ value|hijri:"F j, Y" }}``; "" on bad input."""
    return format_hijri_value(value, fmt)
