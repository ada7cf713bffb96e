"""Sanitise untrusted HTML with one allow-list policy (placeholder, hardened in issue 2 work)."""

from __future__ import annotations

import nh3

from newsdesk.conf import newsdesk_settings


def clean_html(value: str) -> str:
    """Return ``value`` with everything outside the allow-list removed."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=set(newsdesk_settings.ALLOWED_TAGS) - {"script", "style"},
        url_schemes=set(newsdesk_settings.ALLOWED_URL_SCHEMES),
    )
