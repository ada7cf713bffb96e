"""The ``NEWSDESK`` settings dict, read live.

Every setting has its default here and nowhere else.  Code reads
``newsdesk_settings.SANITIZER`` (and so on); the value is looked up in
``settings.NEWSDESK`` on every access, so ``override_settings`` works in
tests without a cache to clear.  Unknown keys and bad values are reported by
the system checks in :mod:`newsdesk.checks`, not here, so a typo never turns
into a traceback at import time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

#: The documented defaults.  ``docs/settings.rst`` lists each one; keep the two
#: in step.
DEFAULTS: dict[str, Any] = {
    # --- sanitising (newsdesk.sanitize) ---
    "SANITIZER": "nh3",
    "ALLOWED_TAGS": [
        "a", "abbr", "b", "blockquote", "br", "cite", "code", "em", "figcaption",
        "figure", "h2", "h3", "h4", "hr", "i", "img", "li", "ol", "p", "q", "s",
        "small", "strong", "sub", "sup", "u", "ul",
        # Agencies' preformatted text and tables (results, stock tables).
        "pre", "table", "caption", "thead", "tbody", "tr", "th", "td",
    ],
    "ALLOWED_ATTRIBUTES": {
        "a": ["href", "title"],
        "abbr": ["title"],
        "img": ["src", "alt", "title", "width", "height"],
        "q": ["cite"],
        "blockquote": ["cite"],
        "th": ["colspan", "rowspan"],
        "td": ["colspan", "rowspan"],
        "*": ["dir", "lang"],
    },
    "ALLOWED_URL_SCHEMES": ["http", "https", "mailto", "tel"],
    # --- admin (newsdesk.admin.editor) ---
    "RICH_TEXT_EDITOR": True,
    # --- Hijri calendar (newsdesk.calendars, newsdesk.hijri) ---
    "CALENDAR": "ummalqura",
    "HIJRI_OFFSET": 0,
    "HIJRI_MONTH_NAMES": None,
    "HIJRI_FORMAT": "F j, Y E",
    "DUAL_DATE_FORMAT": "l, F d, Y",
    "DUAL_DATE_SEPARATOR": " | ",
    "DATE_DIGITS": "western",
    # --- reader pages, feeds, sitemaps, structured data ---
    "PUBLICATION_NAME": "",
    "FEED_ITEMS": 30,
    # --- wire import (newsdesk.wire, newsdesk.ingest) ---
    "CHROME_PHRASES": [],
    "IMPORT_MAX_STORY_SIZE": 2 * 1024 * 1024,
    "IMPORT_MAX_FILE_SIZE": 50 * 1024 * 1024,
    "IMPORT_MAX_PREVIEW_STORIES": 20,
    "IMPORT_MAX_PREVIEW_SIZE": 10 * 1024 * 1024,
    # --- background imports and polled sources (newsdesk.background, newsdesk.sources) ---
    "IMPORT_TASK_BACKEND": "default",
    "IMPORT_STALLED_AFTER": 10 * 60,
    "POLL_MAX_DOWNLOAD_SIZE": 50 * 1024 * 1024,
    "POLL_LEASE_SECONDS": 10 * 60,
    "POLL_MAX_ITEMS": 1000,
    "POLL_TIME_LIMIT": 10 * 60,
    "SOURCE_DIRECTORY_ROOTS": [],
    "SOURCE_ALLOW_PRIVATE_ADDRESSES": False,
    # --- agency updates (newsdesk.updates) ---
    "UPDATE_WINDOW_HOURS": 72,
    # --- Django's cache (newsdesk.cache) ---
    "CACHE_RETRY_AFTER": 30,
    # --- weather (newsdesk.weather) ---
    "WEATHER_PROVIDER": "open-meteo",
    "WEATHER_PROVIDERS": {},
    "WEATHER_TIMEOUT": 5.0,
    "WEATHER_STALE_AFTER": 3 * 60 * 60,
    "WEATHER_CACHE_TIMEOUT": 10 * 60,
    "WEATHER_UNITS": "metric",
    "WEATHER_USER_AGENT": "",
    "WEATHER_LANGUAGE": None,
}


#: Keys that were renamed: the system checks name the new key.
RENAMED: dict[str, str] = {
    "IMPORT_MAX_UPLOAD_SIZE": "IMPORT_MAX_STORY_SIZE",
}


class NewsdeskSettings:
    """Attribute access to ``settings.NEWSDESK`` with :data:`DEFAULTS` behind it."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"newsdesk has no setting named {name!r}")
        user = getattr(settings, "NEWSDESK", None) or {}
        if name in user:
            return user[name]
        return DEFAULTS[name]

    def user_settings(self) -> dict[str, Any]:
        """The raw ``NEWSDESK`` dict from the project's settings (may be empty)."""
        value = getattr(settings, "NEWSDESK", None)
        return value if value is not None else {}


newsdesk_settings = NewsdeskSettings()
