"""The Django side of the weather widget: refresh, store, cache, read.

Two paths, kept apart on purpose:

* **Refresh** (cron via ``refresh_weather``, or the admin's *Refresh now*)
  asks the widget's provider for a reading and stores it on the
  :class:`~newsdesk.models.WeatherWidget` row and in Django's cache.  Any
  :class:`~newsdesk.weather.base.WeatherError` leaves the last good reading
  in place and records the error on the row for editors.
* **Render** (``{% weather_widget %}``) reads only what refresh stored: the
  cache, else one query, then caches that.  It never calls a provider, so a
  slow or dead provider can never slow a page.

The cache is reached through :mod:`newsdesk.cache`, which fails soft: with
the cache server down or hung, a render reads the database, refresh stores
the reading on the row and skips the cache, and saving a widget skips the
cache delete.

Cached values are plain dicts of str/Decimal/datetime, which every cache
backend (local memory, database, Redis, Memcached) can pickle.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

import newsdesk
from newsdesk import cache
from newsdesk.conf import newsdesk_settings
from newsdesk.models import WeatherWidget
from newsdesk.weather.base import (
    PROVIDER,
    Reading,
    UnknownWeatherProvider,
    WeatherError,
    WeatherLocationMissing,
    WeatherProvider,
)
from newsdesk.weather.registry import PROVIDERS, provider_class

logger = logging.getLogger(__name__)

CACHE_KEY_PREFIX = "newsdesk:weather:v1:"
#: Fields a render needs; the uncached query loads only these.
SNAPSHOT_FIELDS = (
    "slug", "location", "provider", "description", "low", "high", "unit",
    "observed_at", "fetched_at", "active",
)
BASE_USER_AGENT = f"newsdesk/{newsdesk.__version__} (+https://django-newsdesk.readthedocs.io/)"
_MISSING = object()


# --- providers from settings ----------------------------------------------


def user_agent() -> str:
    """``WEATHER_USER_AGENT`` (the site and a contact, which MET Norway's
    terms require) followed by newsdesk's own product token."""
    site = (newsdesk_settings.WEATHER_USER_AGENT or "").strip()
    return f"{site} {BASE_USER_AGENT}" if site else BASE_USER_AGENT


def weather_language() -> str:
    """``WEATHER_LANGUAGE``, else the active language, else ``LANGUAGE_CODE``."""
    return (
        newsdesk_settings.WEATHER_LANGUAGE
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )


def provider_name_for(widget: WeatherWidget) -> str:
    return widget.provider or newsdesk_settings.WEATHER_PROVIDER


def build_provider(name: str) -> WeatherProvider:
    """A provider configured from ``NEWSDESK``: ``WEATHER_PROVIDERS[name]``
    may set ``base_url``, ``api_key`` and ``timeout`` for that provider."""
    cls = provider_class(name)
    options = (newsdesk_settings.WEATHER_PROVIDERS or {}).get(name) or {}
    return cls(
        base_url=options.get("base_url") or None,
        api_key=options.get("api_key") or "",
        timeout=options.get("timeout", newsdesk_settings.WEATHER_TIMEOUT),
        user_agent=user_agent(),
        units=newsdesk_settings.WEATHER_UNITS,
        language=weather_language(),
        timezone=timezone.get_current_timezone(),
    )


# --- refresh ----------------------------------------------------------------


@dataclass(frozen=True)
class RefreshResult:
    """What one refresh did: ``reading`` on success, else ``error`` (the
    technical message) and ``kind`` (one of :data:`newsdesk.weather.base.KINDS`)."""

    widget: WeatherWidget
    reading: Reading | None
    error: str = ""
    kind: str = ""

    @property
    def ok(self) -> bool:
        return self.reading is not None

    def summary(self) -> str:
        """One line for the command and the admin messages."""
        w = self.widget
        if self.ok:
            temps = format_temperatures(w.low, w.high, w.unit)
            return f"{w.slug}: {w.description}, {temps} ({provider_name_for(w)})"
        kept = "kept the last reading" if w.has_reading else "no reading yet"
        return f"{w.slug}: failed ({provider_name_for(w)}): {self.error}; {kept}"


def refresh_widget(widget: WeatherWidget, *, now: datetime | None = None) -> RefreshResult:
    """Fetch a new reading for ``widget`` and store it, or record why not.

    Only provider failures (:class:`WeatherError`) are caught; a bug in our
    own code still raises, so it is seen and fixed rather than shown to
    editors as a weather outage.  A failure is logged (warning, on this
    module's logger) with its technical message, and stored on the widget
    with its kind, from which the admin tells editors what to do.
    """
    now = now or timezone.now()
    try:
        if widget.latitude is None or widget.longitude is None:
            raise WeatherLocationMissing("the widget has no latitude/longitude")
        provider = build_provider(provider_name_for(widget))
        reading = provider.fetch(widget.latitude, widget.longitude)
    except WeatherError as error:
        message = str(error) or error.__class__.__name__
        kind = error_kind(widget, error)
        logger.warning(
            "Weather widget %r: refresh failed (%s, %s): %s",
            widget.slug, provider_name_for(widget), kind, message,
        )
        widget.last_error = message[:2000]
        widget.last_error_kind = kind
        widget.last_error_at = now
        widget.save(update_fields=["last_error", "last_error_kind", "last_error_at"])
        return RefreshResult(widget, None, message, kind)

    widget.description = reading.description[:100]
    widget.low = reading.low
    widget.high = reading.high
    widget.unit = reading.unit
    widget.observed_at = reading.observed_at
    widget.fetched_at = now
    widget.last_error = ""
    widget.last_error_kind = ""
    widget.last_error_at = None
    widget.save(update_fields=[
        "description", "low", "high", "unit", "observed_at", "fetched_at",
        "last_error", "last_error_kind", "last_error_at",
    ])
    store_snapshot(widget)
    return RefreshResult(widget, reading)


def error_kind(widget: WeatherWidget, error: WeatherError) -> str:
    """The kind of a refresh failure (:data:`newsdesk.weather.base.KINDS`).
    An unknown provider is the editor's to fix when the widget names it, the
    developer's when it comes from ``WEATHER_PROVIDER``."""
    if isinstance(error, UnknownWeatherProvider) and widget.provider:
        return PROVIDER
    return error.kind


def refresh_widgets(widgets) -> list[RefreshResult]:
    """Refresh each widget in turn; one failing never stops the others."""
    return [refresh_widget(widget) for widget in widgets]


# --- cache and render -------------------------------------------------------


def cache_key(slug: str) -> str:
    return f"{CACHE_KEY_PREFIX}{slug}"


def snapshot(widget: WeatherWidget | None) -> dict[str, Any]:
    """What a render needs, as a picklable dict; ``{}`` means "render
    nothing" (unknown slug, inactive widget, no reading yet) and is cached
    too, so a missing widget costs no query either."""
    if widget is None or not widget.active or not widget.has_reading:
        return {}
    return {field: getattr(widget, field) for field in SNAPSHOT_FIELDS}


def store_snapshot(widget: WeatherWidget) -> None:
    _cache_set(widget.slug, snapshot(widget))


def forget(slug: str) -> None:
    """Drop the cached snapshot (called when a widget is saved or deleted)."""
    cache.delete(cache_key(slug))


def load_snapshot(slug: str) -> dict[str, Any]:
    """The cached snapshot, else one query (then cached).  A cache that
    fails or is being skipped counts as a miss, and is not written to."""
    cached = cache.get(cache_key(slug), _MISSING)
    if cached is not _MISSING and cached is not cache.UNAVAILABLE:
        return cached
    widget = WeatherWidget.objects.filter(slug=slug).only(*SNAPSHOT_FIELDS).first()
    value = snapshot(widget)
    if cached is _MISSING:
        _cache_set(slug, value)
    return value


def _cache_set(slug: str, value: dict[str, Any]) -> None:
    timeout = newsdesk_settings.WEATHER_CACHE_TIMEOUT
    if timeout == 0:
        return  # caching switched off
    cache.set(cache_key(slug), value, timeout)


def is_stale(data: dict[str, Any] | WeatherWidget, *, now: datetime | None = None) -> bool:
    """True when the reading is older than ``WEATHER_STALE_AFTER`` seconds,
    measured from ``observed_at`` (else ``fetched_at``).  A reading with
    neither time (typed in by an editor) is never stale: we cannot tell."""
    get = data.get if isinstance(data, dict) else (lambda name: getattr(data, name))
    when = get("observed_at") or get("fetched_at")
    limit = newsdesk_settings.WEATHER_STALE_AFTER
    if when is None or limit is None:
        return False
    return (now or timezone.now()) - when > timedelta(seconds=limit)


def format_temperature(value: Decimal | None) -> str:
    """Whole degrees, rounded half up, as the widget prints them ("19")."""
    if value is None:
        return ""
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return str(int(whole))


def format_temperatures(low: Decimal | None, high: Decimal | None, unit: str) -> str:
    """ "19°C / 19°C"; one figure when the other is unknown."""
    parts = [f"{format_temperature(v)}°{unit}" for v in (low, high) if v is not None]
    return " / ".join(parts)


def widget_context(slug: str, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The template context for ``newsdesk/weather_widget.html``, or
    ``None`` when there is nothing to show."""
    data = load_snapshot(slug)
    if not data:
        return None
    unit = data["unit"]
    provider = PROVIDERS.get(data["provider"] or newsdesk_settings.WEATHER_PROVIDER)
    # Credit the provider only for readings it supplied, not for one an
    # editor typed in (fetched_at is set by refresh alone).
    attribution = None
    if provider and provider.attribution and data["fetched_at"]:
        attribution = {
            "text": provider.attribution,
            "url": provider.attribution_url,
            "licence": provider.licence,
            "licence_url": provider.licence_url,
        }
    return {
        "slug": data["slug"],
        "location": data["location"],
        "description": data["description"],
        "low": format_temperature(data["low"]),
        "high": format_temperature(data["high"]),
        "unit": unit,
        "unit_symbol": f"°{unit}",
        "has_low": data["low"] is not None,
        "has_high": data["high"] is not None,
        "observed_at": data["observed_at"],
        "fetched_at": data["fetched_at"],
        "stale": is_stale(data, now=now),
        "attribution": attribution,
    }
