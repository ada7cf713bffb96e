"""The publication's name, as feeds and the Google News sitemap print it."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from newsdesk.conf import newsdesk_settings


def publication_name(site: Any = None) -> str:
    """``NEWSDESK["PUBLICATION_NAME"]``, else the site's name.

    ``site`` is what :func:`django.contrib.sites.shortcuts.get_current_site`
    returns: the current ``Site`` when ``django.contrib.sites`` is installed
    (its name, else its domain), else a ``RequestSite``, whose name is the
    request's host.  With no ``site`` given, the current ``Site`` is looked
    up if the sites framework is installed; otherwise the answer may be "".
    """
    name = str(newsdesk_settings.PUBLICATION_NAME or "").strip()
    if name:
        return name
    if site is None and apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.models import Site

        site = Site.objects.get_current()
    if site is None:
        return ""
    return str(site.name or site.domain)
